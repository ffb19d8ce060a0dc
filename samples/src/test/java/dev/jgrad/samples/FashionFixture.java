package dev.jgrad.samples;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * A stand-in for the Fashion-MNIST files, so the reader and the sample's pipeline are tested without the real data:
 * the four gzipped IDX files, with 28x28 images whose class can be learnt. An image of class {@code c} is faint noise
 * with a bright band across rows {@code 2c + 4} and {@code 2c + 5}; labels cycle 0..9, so every class is present.
 */
final class FashionFixture {
    static final int SIDE = 28;
    /** Where Debian's dataset-fashion-mnist package installs the real files. */
    static final Path REAL_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionFixture() {
    }

    /** Writes {@code train} training and {@code test} test examples to {@code dir}; returns {@code dir}. */
    static Path write(Path dir, int train, int test) {
        Random rng = new Random(11);
        write(dir, "train", train, rng);
        write(dir, "t10k", test, rng);
        return dir;
    }

    /**
     * The command-line arguments {@code args} followed by {@code --data dir}, having written {@code train} training
     * and {@code test} test examples to {@code dir}: a Fashion-MNIST sample's options to read the fixture.
     */
    static String[] withData(Path dir, int train, int test, String... args) {
        write(dir, train, test);
        String[] withData = Arrays.copyOf(args, args.length + 2);
        withData[args.length] = "--data";
        withData[args.length + 1] = dir.toString();
        return withData;
    }

    /** Skips the calling test, saying why, unless the real Fashion-MNIST files are installed at {@link #REAL_DATA}. */
    static void assumeRealData() {
        Assumptions.assumeTrue(Files.exists(REAL_DATA.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed at " + REAL_DATA + ": install dataset-fashion-mnist");
    }

    /** The label of example {@code i}. */
    static int label(int i) {
        return i % 10;
    }

    /** The byte of pixel {@code (row, col)} of an image of class {@code label}, given a noise draw. */
    static int pixel(int label, int row, Random rng) {
        boolean band = row == 2 * label + 4 || row == 2 * label + 5;
        return band ? 200 + rng.nextInt(56) : rng.nextInt(60);
    }

    /** One split's image and label files. */
    static void write(Path dir, String split, int n, Random rng) {
        byte[] images = new byte[n * SIDE * SIDE];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) label(i);
            for (int p = 0; p < SIDE * SIDE; p++) {
                images[i * SIDE * SIDE + p] = (byte) pixel(label(i), p / SIDE, rng);
            }
        }
        idx(dir.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, SIDE, SIDE}, images);
        idx(dir.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
    }

    /** A gzipped IDX file of unsigned bytes: magic {@code 0x0800 | rank}, the dimensions, the values. */
    static void idx(Path file, int[] dims, byte[] values) {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

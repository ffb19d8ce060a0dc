package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The samples' data: embedded, generated, or read from the standard files.
 *
 * <pre>{@code
 * Datasets.Labeled digits = Datasets.digits();                            // [1797, 64]
 * Datasets.Labeled spiral = Datasets.spiral(100, 3, new Random(1));      // [300, 2]
 * Datasets.Labeled test = Datasets.fashionMnist(Path.of("/usr/share/datasets/fashion-mnist"), "t10k", 1000,
 *         DType.FLOAT32);                                                  // [1000, 784]
 * }</pre>
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Features {@code [n, d]} and one integer class label per row.
     *
     * <pre>{@code
     * Datasets.Labeled d = Datasets.digits();
     * Dataset data = Dataset.classification(d.features(), d.labels());
     * }</pre>
     */
    public record Labeled(Tensor features, int[] labels) {
    }

    /**
     * The UCI optical-recognition handwritten digits: 1797 images of 8x8 pixels (values 0..16) and their digit,
     * embedded in this module (UCI Machine Learning Repository, CC BY 4.0).
     */
    public static Labeled digits() {
        String name = "digits.csv.gz";
        try (InputStream raw = Datasets.class.getResourceAsStream(name)) {
            if (raw == null) {
                throw new IllegalStateException("the embedded resource " + name + " is missing from the classpath");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            int rows = 1797, cols = 64;
            double[] x = new double[rows * cols];
            int[] y = new int[rows];
            for (int r = 0; r < rows; r++) {
                String line = in.readLine();
                String[] cells = line == null ? new String[0] : line.split(",");
                if (cells.length != cols + 1) {
                    throw new IllegalStateException(name + ": line " + (r + 1) + " has " + cells.length
                            + " fields, expected " + (cols + 1));
                }
                for (int c = 0; c < cols; c++) {
                    x[r * cols + c] = Double.parseDouble(cells[c]);
                }
                y[r] = Integer.parseInt(cells[cols].trim());
            }
            return new Labeled(Tensor.of(x, rows, cols), y);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the embedded " + name, e);
        }
    }

    /**
     * The classic spiral toy problem: {@code perClass} points on each of {@code classes} interleaved noisy spiral
     * arms in the plane.
     */
    public static Labeled spiral(int perClass, int classes, Random rng) {
        int n = perClass * classes;
        double[] x = new double[n * 2];
        int[] y = new int[n];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                int row = c * perClass + i;
                double radius = (double) i / (perClass - 1);
                double angle = c * 4.0 + 4.0 * radius + rng.nextGaussian() * 0.2;
                x[2 * row] = radius * Math.sin(angle);
                x[2 * row + 1] = radius * Math.cos(angle);
                y[row] = c;
            }
        }
        return new Labeled(Tensor.of(x, n, 2), y);
    }

    /**
     * One split of Fashion-MNIST ({@code train} or {@code t10k}) from the standard IDX files in {@code dir},
     * pixels scaled to [0, 1] and flattened to 784 features, in {@code dtype}; at most {@code limit} examples.
     * FLOAT32 features are the FLOAT64 ones rounded to float, as {@code to(DType.FLOAT32)} would give.
     *
     * @throws UncheckedIOException if a file is missing (saying how to get the data), truncated or corrupt
     * @throws IllegalArgumentException if the two files disagree on the number of examples or a label is not 0..9
     */
    public static Labeled fashionMnist(Path dir, String split, int limit, DType dtype) {
        Path images = dir.resolve(split + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(split + "-labels-idx1-ubyte.gz");
        for (Path p : new Path[] {images, labels}) {
            if (!Files.exists(p)) {
                throw new UncheckedIOException("Fashion-MNIST file " + p + " is missing: install the"
                        + " data with 'sudo apt-get install dataset-fashion-mnist' (it goes to"
                        + " /usr/share/datasets/fashion-mnist) or point --data at a directory holding the four"
                        + " *-idx?-ubyte.gz files", new NoSuchFileException(p.toString()));
            }
        }
        IdxFile img = IdxFile.read(images, 3);
        IdxFile lab = IdxFile.read(labels, 1);
        if (img.dims[0] != lab.dims[0]) {
            throw new IllegalArgumentException("Fashion-MNIST: " + images + " holds " + img.dims[0]
                    + " images but " + labels + " holds " + lab.dims[0] + " labels");
        }
        int n = Math.min(img.dims[0], limit), d = img.dims[1] * img.dims[2];
        Tensor x = dtype == DType.FLOAT32 ? Tensor.of(floatPixels(img.values, n * d), n, d)
                : Tensor.of(doublePixels(img.values, n * d), n, d);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lab.values[i] & 0xff;
            if (y[i] > 9) {
                throw new IllegalArgumentException("Fashion-MNIST: " + labels + " has label " + y[i]
                        + " at position " + i + "; labels are 0..9");
            }
        }
        return new Labeled(x, y);
    }

    /** The first {@code count} unsigned bytes scaled to [0, 1]. */
    private static double[] doublePixels(byte[] bytes, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = (bytes[i] & 0xff) / 255.0;
        }
        return x;
    }

    /** {@link #doublePixels} rounded to float, so that by construction they equal {@code to(DType.FLOAT32)}'s. */
    private static float[] floatPixels(byte[] bytes, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) ((bytes[i] & 0xff) / 255.0);
        }
        return x;
    }
}

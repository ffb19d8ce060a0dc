package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void digitsAreTheFull1797SampleSetWithBalancedLabels() {
        Datasets.Labeled d = Datasets.digits();
        assertArrayEquals(new int[] {1797, 64}, d.features().shape());
        int[] counts = new int[10];
        for (int y : d.labels()) {
            counts[y]++;
        }
        for (int c : counts) {
            assertTrue(c >= 174 && c <= 183, Arrays.toString(counts));
        }
        // the first image of the set is a zero whose top row is 0 0 5 13 9 1 0 0
        assertEquals(0, d.labels()[0]);
        assertArrayEquals(new double[] {0, 0, 5, 13, 9, 1, 0, 0}, Arrays.copyOf(d.features().toArray(), 8));
    }

    @Test
    void spiralHasThreeArmsOfPointsInsideTheUnitDisc() {
        Datasets.Labeled s = Datasets.spiral(100, 3, new Random(1));
        assertArrayEquals(new int[] {300, 2}, s.features().shape());
        assertEquals(2, s.labels()[299]);
        double[] xy = s.features().toArray();
        for (int i = 0; i < 300; i++) {
            assertTrue(Math.hypot(xy[2 * i], xy[2 * i + 1]) <= 1.0 + 1e-12);
        }
    }

    private Path idx(String name, int magic, int[] dims, int dataBytes, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int i = 0; i < dataBytes; i++) {
            out.writeByte(i % 10);
        }
        Path file = dir.resolve(name);
        if (gzip) {
            try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
                gz.write(bytes.toByteArray());
            }
        } else {
            Files.write(file, bytes.toByteArray());
        }
        return file;
    }

    @Test
    void idxReadsDimensionsAndUnsignedBytes() throws IOException {
        Path f = idx("ok-images-idx3-ubyte.gz", 0x803, new int[] {2, 2, 3}, 12, true);
        IdxFile read = IdxFile.read(f, 3);
        assertArrayEquals(new int[] {2, 2, 3}, read.dims);
        assertEquals(9, read.values[9]);
    }

    @Test
    void truncatedIdxFileIsReportedWithItsName() throws IOException {
        Path f = idx("short-images-idx3-ubyte.gz", 0x803, new int[] {2, 2, 3}, 7, true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> IdxFile.read(f, 3));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsReported() throws IOException {
        Path f = idx("labels-as-images.gz", 0x801, new int[] {4}, 4, true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> IdxFile.read(f, 3));
        assertTrue(e.getMessage().contains("magic number 0x00000801"), e.getMessage());
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        Path f = dir.resolve("garbage-idx1-ubyte.gz");
        Files.write(f, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> IdxFile.read(f, 1));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> Datasets.fashionMnist(dir, "train", 10, DType.FLOAT64));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist")
                && e.getMessage().contains("--data"), e.getMessage());
        assertEquals(new NoSuchFileException(images().toString()).getMessage(), e.getCause().getMessage());
        assertTrue(e.getCause() instanceof NoSuchFileException, e.getCause().toString());
    }

    private Path images() {
        return dir.resolve("train-images-idx3-ubyte.gz");
    }

    private Path labels() {
        return dir.resolve("train-labels-idx1-ubyte.gz");
    }

    /** Three 2x2 images whose pixels are 0, 20, ..., 220, and the given labels. */
    private void threeImages(byte... labels) {
        byte[] pixels = new byte[12];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (20 * i);
        }
        FashionFixture.idx(images(), new int[] {3, 2, 2}, pixels);
        FashionFixture.idx(labels(), new int[] {labels.length}, labels);
    }

    @Test
    void fashionMnistFlattensImagesScalesPixelsToTheUnitIntervalAndReadsLabels() {
        threeImages((byte) 7, (byte) 0, (byte) 9);
        Datasets.Labeled read = Datasets.fashionMnist(dir, "train", Integer.MAX_VALUE, DType.FLOAT64);
        assertArrayEquals(new int[] {3, 4}, read.features().shape());
        assertArrayEquals(new int[] {7, 0, 9}, read.labels());
        // pixel 11 is 220, stored as the signed byte -36: read as unsigned
        assertEquals(220 / 255.0, read.features().get(2, 3));
        assertEquals(20 / 255.0, read.features().get(0, 1));
        assertEquals(0, read.features().get(0, 0));
    }

    @Test
    void fashionMnistInFloat32IsTheFloat64ReadRoundedToFloat() {
        threeImages((byte) 7, (byte) 0, (byte) 9);
        Datasets.Labeled wide = Datasets.fashionMnist(dir, "train", Integer.MAX_VALUE, DType.FLOAT64);
        Datasets.Labeled narrow = Datasets.fashionMnist(dir, "train", Integer.MAX_VALUE, DType.FLOAT32);
        assertEquals(DType.FLOAT32, narrow.features().dtype());
        assertArrayEquals(wide.features().to(DType.FLOAT32).toFloatArray(), narrow.features().toFloatArray());
        assertEquals((float) (220 / 255.0), narrow.features().toFloatArray()[11]);
        assertArrayEquals(wide.labels(), narrow.labels());
    }

    @Test
    void fashionMnistKeepsTheFirstExamplesUpToTheLimit() {
        threeImages((byte) 7, (byte) 0, (byte) 9);
        Datasets.Labeled read = Datasets.fashionMnist(dir, "train", 2, DType.FLOAT64);
        assertArrayEquals(new int[] {2, 4}, read.features().shape());
        assertArrayEquals(new int[] {7, 0}, read.labels());
        assertEquals(140 / 255.0, read.features().get(1, 3));
    }

    @Test
    void fashionMnistImagesAndLabelsMustAgreeInNumber() {
        threeImages((byte) 7, (byte) 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.fashionMnist(dir, "train", 10, DType.FLOAT64));
        assertEquals("Fashion-MNIST: " + images() + " holds 3 images but " + labels() + " holds 2 labels",
                e.getMessage());
    }

    @Test
    void fashionMnistLabelsAreZeroToNine() {
        threeImages((byte) 7, (byte) 10, (byte) 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.fashionMnist(dir, "train", 10, DType.FLOAT64));
        assertEquals("Fashion-MNIST: " + labels() + " has label 10 at position 1; labels are 0..9", e.getMessage());
    }

    @Test
    void theFashionFixtureReadsBackWithItsLabelsAndBands() {
        FashionFixture.write(dir, 30, 10);
        Datasets.Labeled train = Datasets.fashionMnist(dir, "train", Integer.MAX_VALUE, DType.FLOAT64);
        Datasets.Labeled test = Datasets.fashionMnist(dir, "t10k", Integer.MAX_VALUE, DType.FLOAT64);
        assertArrayEquals(new int[] {30, 784}, train.features().shape());
        assertArrayEquals(new int[] {10, 784}, test.features().shape());
        assertEquals(3, train.labels()[13]);
        // image 13 is a 3: its band is rows 10 and 11, bright; row 0 is faint noise
        assertTrue(train.features().get(13, 10 * 28 + 5) >= 200 / 255.0);
        assertTrue(train.features().get(13, 5) < 60 / 255.0);
    }
}

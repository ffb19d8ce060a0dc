package dev.jgrad.samples;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A reader for the IDX format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte.gz} and friends):
 * a magic number naming the element type and rank, the dimensions, then unsigned bytes. Gzipped or plain files
 * are both read. A missing, truncated or corrupt file is an error naming the file and what was wrong, never
 * garbage data.
 *
 * <pre>{@code
 * IdxFile images = IdxFile.read(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"), 3);
 * images.dims;                       // [60000, 28, 28]
 * int first = images.values[0] & 0xff;   // a pixel, 0..255
 * }</pre>
 */
public final class IdxFile {
    private static final int UNSIGNED_BYTE = 0x08;

    /** The dimensions as stored (e.g. {@code [60000, 28, 28]}). */
    public final int[] dims;
    /** The values, row-major, each 0..255. */
    public final byte[] values;

    private IdxFile(int[] dims, byte[] values) {
        this.dims = dims;
        this.values = values;
    }

    /**
     * Reads an IDX file of unsigned bytes with the given rank.
     *
     * @throws UncheckedIOException naming the file if it is missing, not IDX, of another rank, truncated, or corrupt
     */
    public static IdxFile read(Path file, int rank) {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
            int magic = data.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE || (magic & 0xff) != rank) {
                throw new IOException(String.format("not an IDX file of unsigned bytes with %d dimensions"
                        + " (magic number 0x%08x, expected 0x%08x)", rank, magic, (UNSIGNED_BYTE << 8) | rank));
            }
            int[] dims = new int[rank];
            long size = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                size *= dims[i];
                if (dims[i] < 0 || size > Integer.MAX_VALUE) {
                    throw new IOException("implausible dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1)));
                }
            }
            byte[] values = new byte[(int) size];
            int got = data.readNBytes(values, 0, values.length);
            if (got < values.length) {
                throw new IOException("truncated: dimensions " + Arrays.toString(dims) + " need " + values.length
                        + " bytes of data, the file holds " + got);
            }
            if (data.read() != -1) {
                throw new IOException("more data than dimensions " + Arrays.toString(dims) + " describe");
            }
            return new IdxFile(dims, values);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("IDX file " + file + " does not exist", e);
        } catch (EOFException e) {
            throw new UncheckedIOException("IDX file " + file + " is truncated: it ends before its header and data do", e);
        } catch (ZipException e) {
            throw new UncheckedIOException("IDX file " + file + " is corrupt: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("IDX file " + file + ": " + e.getMessage(), e);
        }
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} format for little-endian float32 ({@code <f4}) and float64 ({@code <f8}) arrays in C order: a magic string, a version, a header
 * (a Python dict literal giving dtype, order and shape) padded to a multiple of 64 bytes, then the raw values.
 * Reading accepts format versions 1, 2 and 3, whose only difference is the width of the header length.
 */
final class Npy {
    private Npy() {
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private static final String FLOAT32 = "<f4", FLOAT64 = "<f8";

    /** A tensor's values as a version 1.0 {@code .npy} file, {@code <f4} for FLOAT32 and {@code <f8} for FLOAT64. */
    static byte[] write(Tensor t) {
        int[] shape = t.shape();
        String dims = shape.length == 1 ? shape[0] + "," : String.join(", ",
                Arrays.stream(shape).mapToObj(Integer::toString).toArray(String[]::new));
        boolean single = t.dtype() == DType.FLOAT32;
        String dict = "{'descr': '" + (single ? FLOAT32 : FLOAT64) + "', 'fortran_order': False, 'shape': (" + dims
                + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        String header = dict + " ".repeat((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT) + "\n";
        int itemSize = single ? Float.BYTES : Double.BYTES;
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + itemSize * (int) t.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.US_ASCII));
        if (single) {
            out.asFloatBuffer().put(t.toFloatArray());
        } else {
            out.asDoubleBuffer().put(t.toArray());
        }
        return out.array();
    }

    /**
     * Parses a {@code .npy} file of float32 or float64 values, the entry {@code name} of a checkpoint: a FLOAT32
     * tensor for {@code <f4}, a FLOAT64 one for {@code <f8}.
     *
     * @throws IllegalArgumentException saying what is wrong, naming the entry, if the bytes are not such a file
     */
    static Tensor read(String name, byte[] bytes) {
        try {
            return read(bytes);
        } catch (UnsupportedDtype e) {
            throw new IllegalArgumentException("parameter '" + name + "' has dtype " + e.getMessage() + "; only "
                    + FLOAT32 + " and " + FLOAT64 + " are supported", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The descr of an array whose dtype is not float32 or float64: said as "has dtype", not after a colon. */
    private static final class UnsupportedDtype extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedDtype(String descr) {
            super(descr);
        }
    }

    private static Tensor read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("not an .npy array (no \\x93NUMPY magic at the start)");
        }
        int major = bytes[MAGIC.length];
        in.position(MAGIC.length + 2);
        long headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(in.getShort());
        } else if ((major == 2 || major == 3) && bytes.length >= MAGIC.length + 6) {
            headerLength = Integer.toUnsignedLong(in.getInt());
        } else {
            throw new IllegalArgumentException("unsupported .npy format version " + major);
        }
        if (headerLength > in.remaining()) {
            throw new IllegalArgumentException("header ends after " + in.remaining() + " of " + headerLength + " bytes");
        }
        String header = new String(bytes, in.position(), (int) headerLength, StandardCharsets.ISO_8859_1);
        in.position(in.position() + (int) headerLength);
        String descr = field(DESCR, header, "descr");
        if (!descr.equals(FLOAT32) && !descr.equals(FLOAT64)) {
            throw new UnsupportedDtype(descr);
        }
        boolean single = descr.equals(FLOAT32);
        int[] shape = shape(field(SHAPE, header, "shape"));
        if (field(FORTRAN, header, "fortran_order").equals("True") && shape.length > 1) {
            throw new IllegalArgumentException("arrays in Fortran order are not supported; save with C order");
        }
        long count = 1;
        for (int d : shape) {
            count *= d;
            if (d < 0 || count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + (d < 0
                        ? " has a negative dimension" : " has more than " + Integer.MAX_VALUE + " elements"));
            }
        }
        long expected = (single ? Float.BYTES : Double.BYTES) * count;
        if (in.remaining() != expected) {
            throw new IllegalArgumentException(in.remaining() < expected
                    ? "data ends after " + in.remaining() + " of " + expected + " bytes"
                    : (in.remaining() - expected) + " bytes follow the " + expected + " bytes of data");
        }
        if (single) {
            float[] values = new float[(int) count];
            in.asFloatBuffer().get(values);
            return Tensor.of(values, shape);
        }
        double[] values = new double[(int) count];
        in.asDoubleBuffer().get(values);
        return Tensor.of(values, shape);
    }

    private static String field(Pattern pattern, String header, String name) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("header has no valid '" + name + "': " + header.trim());
        }
        return m.group(1);
    }

    private static int[] shape(String dims) {
        String[] parts = dims.split(",");
        return Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shape (" + dims + ") is not a tuple of integers", e);
            }
        }).toArray();
    }
}

package dev.jgrad.engine;

import java.util.Arrays;

/**
 * The one place that knows a tensor's values live in a {@code double[]} (FLOAT64) or a {@code float[]} (FLOAT32):
 * allocation, conversion between the two, and the moves that do no arithmetic (copies, gathers, scatters,
 * transposes), each written as one loop per dtype. Arithmetic is not here: it is written once, over doubles, and run
 * on either storage by {@link Elementwise}.
 */
final class Storage {
    private Storage() {
    }

    /** A tensor of zeros of {@code dtype} in {@code shape}, a shape already known to fit. */
    static Tensor zeros(DType dtype, int[] shape) {
        Tensor t = reused(dtype, shape);
        if (t == null) {
            return fresh(dtype, shape);
        }
        fill(t, 0);
        return t;
    }

    /**
     * A tensor of {@code dtype} in {@code shape} whose values are unspecified, for an op that writes every one of
     * them: inside a backward pass its array may be a pooled one, which then needs no zeroing.
     */
    static Tensor empty(DType dtype, int[] shape) {
        Tensor t = reused(dtype, shape);
        return t != null ? t : fresh(dtype, shape);
    }

    /** A tensor over a new array (of zeros, as Java makes every array). */
    private static Tensor fresh(DType dtype, int[] shape) {
        int size = Shapes.size(shape);
        return dtype == DType.FLOAT64 ? new Tensor(new double[size], shape) : new Tensor(new float[size], shape);
    }

    /**
     * A tensor over a pooled array, when a backward pass is running on this thread and one of the size is free
     * ({@link ArrayPool}); otherwise null. Outside a backward pass every array is new: forward results can be kept
     * by their caller for as long as it likes, so none of them ever goes back to the pool.
     */
    private static Tensor reused(DType dtype, int[] shape) {
        int size = Shapes.size(shape);
        if (size < ArrayPool.MIN_LENGTH || !GradMode.current().recycling) {
            return null;
        }
        if (dtype == DType.FLOAT64) {
            double[] d = ArrayPool.doubles(size);
            return d == null ? null : new Tensor(d, shape);
        }
        float[] f = ArrayPool.floats(size);
        return f == null ? null : new Tensor(f, shape);
    }

    /** {@code values} as a tensor of {@code dtype}: the array itself for FLOAT64, rounded once to float for FLOAT32. */
    static Tensor fromDoubles(DType dtype, double[] values, int[] shape) {
        if (dtype == DType.FLOAT64) {
            return new Tensor(values, shape);
        }
        float[] f = new float[values.length];
        narrow(values, 0, f, 0, f.length);
        return new Tensor(f, shape);
    }

    /** The values as doubles, to read only: a FLOAT64 tensor's own array, or a widened copy of a FLOAT32 one. */
    static double[] doubles(Tensor t) {
        if (t.data != null) {
            return t.data;
        }
        double[] d = new double[t.floats.length];
        widen(t.floats, 0, 1, d, 0, d.length);
        return d;
    }

    /** A copy of the values as floats, each rounded to the nearest float. */
    static float[] floats(Tensor t) {
        if (t.floats != null) {
            return t.floats.clone();
        }
        float[] f = new float[t.data.length];
        narrow(t.data, 0, f, 0, f.length);
        return f;
    }

    /** A copy of {@code t}'s values in {@code dtype} and in its shape (not recorded). */
    static Tensor convert(Tensor t, DType dtype) {
        Tensor out = zeros(dtype, t.shape);
        copy(t, 0, out, 0, t.length());
        return out;
    }

    /** Sets every element to {@code value} (rounded to float for FLOAT32). */
    static void fill(Tensor t, double value) {
        if (t.data != null) {
            Arrays.fill(t.data, value);
        } else {
            Arrays.fill(t.floats, (float) value);
        }
    }

    /** Element {@code i} in row-major order, as a double (exact for either dtype). */
    static double get(Tensor t, int i) {
        return t.data != null ? t.data[i] : t.floats[i];
    }

    /** {@code n} floats of {@code src} from {@code from}, stepping by {@code stride}, into {@code dst} from {@code to}. */
    static void widen(float[] src, int from, int stride, double[] dst, int to, int n) {
        if (stride == 1) {
            for (int i = 0; i < n; i++) dst[to + i] = src[from + i];
        } else {
            for (int i = 0; i < n; i++) dst[to + i] = src[from + i * stride];
        }
    }

    /** {@code n} doubles of {@code src} from {@code from}, each rounded to the nearest float, into {@code dst} from {@code to}. */
    static void narrow(double[] src, int from, float[] dst, int to, int n) {
        for (int i = 0; i < n; i++) dst[to + i] = (float) src[from + i];
    }

    /** {@code n} elements of {@code src} from {@code from} into {@code dst} from 0, as doubles (exact for either dtype). */
    static void read(Tensor src, int from, double[] dst, int n) {
        if (src.data != null) {
            System.arraycopy(src.data, from, dst, 0, n);
        } else {
            widen(src.floats, from, 1, dst, 0, n);
        }
    }

    /** {@code n} doubles of {@code src} from 0 into {@code dst} from {@code to}, rounded once for FLOAT32. */
    static void write(double[] src, Tensor dst, int to, int n) {
        if (dst.data != null) {
            System.arraycopy(src, 0, dst.data, to, n);
        } else {
            narrow(src, 0, dst.floats, to, n);
        }
    }

    /** {@code n} elements of {@code src} from {@code from} into {@code dst} from {@code to}, converted if the dtypes differ. */
    static void copy(Tensor src, int from, Tensor dst, int to, int n) {
        if (src.data != null && dst.data != null) {
            System.arraycopy(src.data, from, dst.data, to, n);
        } else if (src.floats != null && dst.floats != null) {
            System.arraycopy(src.floats, from, dst.floats, to, n);
        } else if (src.data != null) {
            narrow(src.data, from, dst.floats, to, n);
        } else {
            widen(src.floats, from, 1, dst.data, to, n);
        }
    }

    /**
     * {@code n} elements of {@code src} from {@code from}, stepping by {@code stride}, into {@code dst} from
     * {@code to}; both of one dtype.
     */
    static void copy(Tensor src, int from, int stride, Tensor dst, int to, int n) {
        if (stride == 1) {
            copy(src, from, dst, to, n);
        } else if (src.data != null) {
            for (int i = 0; i < n; i++) dst.data[to + i] = src.data[from + i * stride];
        } else {
            for (int i = 0; i < n; i++) dst.floats[to + i] = src.floats[from + i * stride];
        }
    }

    /** {@code dst[k] = src[positions[k]]} for every k; both of one dtype. */
    static void gather(Tensor src, int[] positions, Tensor dst) {
        if (src.data != null) {
            for (int k = 0; k < positions.length; k++) dst.data[k] = src.data[positions[k]];
        } else {
            for (int k = 0; k < positions.length; k++) dst.floats[k] = src.floats[positions[k]];
        }
    }

    /** {@code dst[positions[k]] = src[k]} for every k; both of one dtype. */
    static void scatter(Tensor src, int[] positions, Tensor dst) {
        if (src.data != null) {
            for (int k = 0; k < positions.length; k++) dst.data[positions[k]] = src.data[k];
        } else {
            for (int k = 0; k < positions.length; k++) dst.floats[positions[k]] = src.floats[k];
        }
    }

    /** Each of {@code batch} row-major {@code rows x cols} matrices of {@code src}, transposed into {@code dst}. */
    static void transpose(Tensor src, Tensor dst, int batch, int rows, int cols) {
        for (int b = 0, off = 0; b < batch; b++, off += rows * cols) {
            if (src.data != null) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) dst.data[off + j * rows + i] = src.data[off + i * cols + j];
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) dst.floats[off + j * rows + i] = src.floats[off + i * cols + j];
                }
            }
        }
    }
}

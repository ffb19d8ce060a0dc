package dev.jgrad.engine;

import java.util.Arrays;

/** Shape arithmetic shared by every op: validation, sizes, strides, axes and NumPy broadcasting. */
final class Shapes {
    private Shapes() {
    }

    static final int[] SCALAR = new int[0];

    /** Checks that no dimension is negative and returns the element count. */
    static int checkedSize(String op, int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(op + ": shape " + str(shape) + " has more elements than a Java array holds");
            }
        }
        return (int) size;
    }

    static int size(int[] shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        return size;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** Resolves a possibly negative axis against a rank, or throws naming the op and the shape. */
    static int axis(String op, int axis, int[] shape) {
        int rank = shape.length;
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + str(shape)
                    + " (rank " + rank + ")");
        }
        return axis < 0 ? axis + rank : axis;
    }

    /** Product of the dimensions before {@code axis}. */
    static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** Product of the dimensions after {@code axis}. */
    static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** The shape with {@code axis} set to {@code length} (keepDims) or removed. */
    static int[] withAxis(int[] shape, int axis, int length, boolean keep) {
        if (keep) {
            int[] s = shape.clone();
            s[axis] = length;
            return s;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    /** The NumPy broadcast of two shapes, or an exception naming the op and both shapes. */
    static int[] broadcast(String op, int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromRight(a, rank - 1 - i);
            int db = dimFromRight(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b) + " cannot be broadcast"
                        + " (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Whether {@code from} broadcasts to exactly {@code to}. */
    static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        for (int i = 0; i < from.length; i++) {
            int d = from[from.length - 1 - i];
            if (d != 1 && d != to[to.length - 1 - i]) {
                return false;
            }
        }
        return true;
    }

    private static int dimFromRight(int[] shape, int fromRight) {
        return fromRight < shape.length ? shape[shape.length - 1 - fromRight] : 1;
    }

    /**
     * Strides of {@code shape} read as if broadcast to {@code target}: 0 along broadcast axes, left-padded to
     * the target's rank.
     */
    static int[] broadcastStrides(int[] shape, int[] target) {
        int[] own = strides(shape);
        int[] s = new int[target.length];
        int pad = target.length - shape.length;
        for (int i = pad; i < target.length; i++) {
            s[i] = shape[i - pad] == 1 ? 0 : own[i - pad];
        }
        return s;
    }
}

package dev.jgrad.engine;

import java.util.Arrays;

/** Shape arithmetic shared by every op: validation, sizes, strides and NumPy broadcasting ({@link Axis} for axes). */
final class Shapes {
    private Shapes() {
    }

    static final int[] SCALAR = new int[0];

    /** The most elements a Java array holds on the common JVMs. */
    static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    /**
     * The element count of a shape that is new to the engine (given by the user, or computed by an op), checked:
     * no dimension is negative, and the dimensions multiply to at most {@link #MAX_SIZE}. A zero dimension counts
     * as 1 in that product, so that the strides and offsets of an empty tensor cannot overflow either.
     *
     * @throws IllegalArgumentException naming {@code op} and the shape
     */
    static int checkedSize(String op, int[] shape) {
        long extent = 1;
        boolean empty = false;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
            }
            empty |= d == 0;
            extent *= Math.max(d, 1);
            if (extent > MAX_SIZE) {
                throw new IllegalArgumentException(op + ": shape " + str(shape) + " is too large: its dimensions"
                        + " multiply past " + MAX_SIZE + ", the most elements a Java array holds");
            }
        }
        return empty ? 0 : (int) extent;
    }

    /** The element count of a shape already known to fit: a tensor's own, or one no larger. */
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
        checkedSize(op, out);
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

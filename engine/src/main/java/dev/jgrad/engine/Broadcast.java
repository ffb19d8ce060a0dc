package dev.jgrad.engine;

/**
 * The one strided walk behind every broadcasting loop: it visits an output shape in runs of contiguous elements
 * and hands each run, with the matching offsets into two operands laid out in their own (broadcast) shapes, to a
 * {@link Loop}, through {@link Elementwise#run}, which binds it to the operands' storage. Broadcasting is resolved once per call;
 * the per-element work stays inside the loop bodies, which are written once, over doubles, for both dtypes.
 */
final class Broadcast {
    private Broadcast() {
    }

    /**
     * One run of {@code n} elements: operand {@code x} starts at {@code xi} and steps by {@code xs} (0 or 1), operand
     * {@code y} likewise, and the output run starts at {@code oi}.
     */
    @FunctionalInterface
    interface Loop {
        void run(double[] x, int xi, int xs, double[] y, int yi, int ys, double[] out, int oi, int n);
    }

    /** A {@link Loop} over floats, for the few kernels that run on FLOAT32 storage directly (see {@link Twin}). */
    @FunctionalInterface
    interface FloatLoop {
        void run(float[] x, int xi, int xs, float[] y, int yi, int ys, float[] out, int oi, int n);
    }

    /**
     * A kernel written for both dtypes: {@code doubles}, and {@code floats}, which FLOAT32 operands run on as they
     * are instead of being widened. Only for arithmetic whose float result is exactly the double one rounded once
     * (+, -, *, / of two floats), so that both paths give the same bits, and only where the widening would cost more
     * than the arithmetic: a training step's adds and multiplies.
     */
    record Twin(Loop doubles, FloatLoop floats) implements Loop {
        @Override
        public void run(double[] x, int xi, int xs, double[] y, int yi, int ys, double[] out, int oi, int n) {
            doubles.run(x, xi, xs, y, yi, ys, out, oi, n);
        }
    }

    /**
     * Adds the run of {@code y} into {@code x}: walked with {@code x} in a smaller shape that broadcasts to the
     * walked one, it sums over the broadcast axes (sumTo, sum along an axis). A bias gradient, summed over the batch,
     * takes the unit-stride branch, which the JIT compiles to SIMD instructions.
     */
    static final Loop ADD_INTO = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) x[xi + i] += y[yi + i];
        } else {
            for (int i = 0; i < n; i++) x[xi + i * xs] += y[yi + i * ys];
        }
    };

    /**
     * Walks {@code shape} in row-major order, running {@code loop} with {@code x} laid out as {@code xShape} and
     * {@code y} as {@code yShape}, both broadcast to {@code shape}; {@code out} (if any) is contiguous in {@code shape}.
     */
    static void walk(int[] shape, int[] xShape, int[] yShape, Loop loop, Tensor x, Tensor y, Tensor out) {
        int size = Shapes.size(shape);
        if (size == 0) {
            return;
        }
        if (xShape.length == shape.length && yShape.length == shape.length
                && java.util.Arrays.equals(xShape, shape) && java.util.Arrays.equals(yShape, shape)) {
            Elementwise.run(loop, x, y, out, 0, 1, 0, 1, 0, size);
            return;
        }
        int[] xs = Shapes.broadcastStrides(xShape, shape);
        int[] ys = Shapes.broadcastStrides(yShape, shape);
        // Coalesce neighbouring axes that both operands traverse uniformly, so the runs are as long as possible.
        int[] dims = new int[shape.length];
        int[] dx = new int[shape.length];
        int[] dy = new int[shape.length];
        int r = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) {
                continue;
            }
            if (r > 0 && dx[r - 1] == xs[i] * shape[i] && dy[r - 1] == ys[i] * shape[i]) {
                dims[r - 1] *= shape[i];
                dx[r - 1] = xs[i];
                dy[r - 1] = ys[i];
            } else {
                dims[r] = shape[i];
                dx[r] = xs[i];
                dy[r] = ys[i];
                r++;
            }
        }
        if (r == 0) {
            Elementwise.run(loop, x, y, out, 0, 1, 0, 1, 0, 1);
            return;
        }
        int n = dims[r - 1];
        int[] idx = new int[r];
        int xo = 0;
        int yo = 0;
        for (int oo = 0; oo < size; oo += n) {
            Elementwise.run(loop, x, y, out, xo, dx[r - 1], yo, dy[r - 1], oo, n);
            for (int d = r - 2; d >= 0; d--) {
                xo += dx[d];
                yo += dy[d];
                if (++idx[d] < dims[d]) {
                    break;
                }
                xo -= dx[d] * dims[d];
                yo -= dy[d] * dims[d];
                idx[d] = 0;
            }
        }
    }
}

package dev.jgrad.engine;

/**
 * The one strided walk behind every broadcasting loop: it visits an output shape in runs of contiguous elements
 * and hands each run, with the matching offsets into two operands laid out in their own (broadcast) shapes, to a
 * {@link Loop}, through {@link Elementwise#run}, which binds it to the operands' storage. Broadcasting is resolved once per call;
 * the per-element work stays inside the loop bodies, which are written once, over doubles, for both dtypes. A large
 * walk is shared with the helper threads ({@link Workers}).
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
     * Without {@code out}, the loop folds {@code y} into {@code x}, which is then the operand written.
     *
     * <p>A large walk is shared with the helper threads ({@link Workers}), split along the outermost axis in which
     * the written operand moves, so no two threads write one element; each element of a fold still takes its
     * contributions in the order a single thread gives them, so the result is the same bits on any thread count.
     */
    static void walk(int[] shape, int[] xShape, int[] yShape, Loop loop, Tensor x, Tensor y, Tensor out) {
        int size = Shapes.size(shape);
        if (size == 0) {
            return;
        }
        if (xShape.length == shape.length && yShape.length == shape.length
                && java.util.Arrays.equals(xShape, shape) && java.util.Arrays.equals(yShape, shape)) {
            Elementwise.shared(loop, x, y, out, size);
            return;
        }
        new Walk(shape, Shapes.broadcastStrides(xShape, shape), Shapes.broadcastStrides(yShape, shape), size)
                .run(loop, x, y, out);
    }

    /**
     * A broadcast walk with neighbouring axes that both operands traverse uniformly coalesced, so the runs handed to
     * the loop are as long as possible.
     */
    private static final class Walk {
        /** The coalesced axes: their lengths, and each operand's and the output's step along them. */
        final int[] dims, dx, dy, dout;
        /** How many coalesced axes; the last is the run. */
        final int r;
        final int size;

        Walk(int[] shape, int[] xs, int[] ys, int size) {
            this.size = size;
            dims = new int[Math.max(1, shape.length)];
            dx = new int[dims.length];
            dy = new int[dims.length];
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
                // A single element: one run of one.
                dims[0] = 1;
                r = 1;
            }
            this.r = r;
            dout = new int[r];
            for (int d = r - 1, step = 1; d >= 0; d--) {
                dout[d] = step;
                step *= dims[d];
            }
        }

        /** The whole walk, shared along the outermost axis the written operand moves in, if there is one. */
        void run(Loop loop, Tensor x, Tensor y, Tensor out) {
            int s = 0;
            while (out == null && s < r && dx[s] == 0) {
                s++;
            }
            if (s == r || size < Workers.MIN_ELEMENTS) {
                part(loop, x, y, out, 0, 0, dims[0]);
                return;
            }
            int split = s;
            int grain = Math.max(1, Elementwise.PIECE / dout[s]);
            Workers.forRange(dims[s], grain, size, (from, to) -> part(loop, x, y, out, split, from, to));
        }

        /** The walk with axis {@code s} limited to {@code [from, to)}. */
        void part(Loop loop, Tensor x, Tensor y, Tensor out, int s, int from, int to) {
            int[] len = dims;
            if (to - from != dims[s]) {
                len = dims.clone();
                len[s] = to - from;
            }
            int n = len[r - 1];
            int runs = 1;
            for (int d = 0; d < r - 1; d++) {
                runs *= len[d];
            }
            int[] idx = new int[r];
            int xo = from * dx[s], yo = from * dy[s], oo = from * dout[s];
            for (int k = 0; k < runs; k++) {
                Elementwise.run(loop, x, y, out, xo, dx[r - 1], yo, dy[r - 1], oo, n);
                for (int d = r - 2; d >= 0; d--) {
                    xo += dx[d];
                    yo += dy[d];
                    oo += dout[d];
                    if (++idx[d] < len[d]) {
                        break;
                    }
                    xo -= dx[d] * len[d];
                    yo -= dy[d] * len[d];
                    oo -= dout[d] * len[d];
                    idx[d] = 0;
                }
            }
        }
    }
}

package dev.jgrad.engine;

import java.util.Arrays;

/**
 * Runs the elementwise kernels, each written once over runs of doubles, on the storage of either dtype. FLOAT64
 * arrays go to the kernel as they are. FLOAT32 operands are widened, block by block, into per-thread scratch, the
 * same kernel runs on the block, and a FLOAT32 output is narrowed back: every result is the double result rounded
 * once to float: correctly rounded for + - * / and sqrt, within an ulp or so for the transcendental functions. A few
 * kernels come in both dtypes ({@link Broadcast.Twin}) and run on floats directly, with the same result.
 *
 * <p>Reductions accumulate in double whatever the dtype and round once at the end, so a sum of a million floats
 * loses no more than a sum in double would.
 *
 * <p>Loops of at least {@link Workers#MIN_ELEMENTS} elements are shared with the helper threads, in pieces of
 * {@link #PIECE} elements that write disjoint parts of the output; the widening scratch is per thread, so helpers
 * never share it. Every result is the same bits on any thread count (see {@link #reduce} for folds).
 */
final class Elementwise {
    private Elementwise() {
    }

    /** A loop over one operand: {@code n} elements of {@code x} from {@code xi} give {@code out} from {@code oi}. */
    @FunctionalInterface
    interface Unary {
        void run(double[] x, int xi, double[] out, int oi, int n);
    }

    /** {@code f} over every element of {@code x}, into a new tensor of its dtype and shape (not recorded). */
    static Tensor map(Tensor x, Unary f) {
        Tensor out = Storage.empty(x.dtype(), x.shape);
        mapInto(x, f, out);
        return out;
    }

    /**
     * {@code loop} over every element of {@code x}, its {@code y} null, into a new tensor of x's dtype and shape (not
     * recorded): for a unary kernel written for both dtypes ({@link Broadcast.Twin}).
     */
    static Tensor map(Tensor x, Broadcast.Loop loop) {
        Tensor out = Storage.empty(x.dtype(), x.shape);
        shared(loop, x, null, out, x.length());
        return out;
    }

    /** {@code f} over every element of {@code x} into {@code out}, of the same size; {@code out} may be {@code x}. */
    static void mapInto(Tensor x, Unary f, Tensor out) {
        Broadcast.Loop loop = (a, ai, as, b, bi, bs, o, oi, n) -> f.run(a, ai, o, oi, n);
        shared(loop, x, null, out, x.length());
    }

    /**
     * {@code loop} over the broadcast of {@code a} and {@code b}, which have one dtype, into a new tensor of that
     * dtype (not recorded).
     */
    static Tensor map(String op, Tensor a, Tensor b, Broadcast.Loop loop) {
        int[] shape = Shapes.broadcast(op, a.shape, b.shape);
        Tensor out = Storage.empty(a.dtype(), shape);
        Broadcast.walk(shape, a.shape, b.shape, loop, a, b, out);
        return out;
    }

    /** {@code loop} over {@code a} and {@code b} of one shape, with {@code a} as the output: an in-place update. */
    static void update(Tensor a, Tensor b, Broadcast.Loop loop) {
        shared(loop, a, b, a, a.length());
    }

    /** {@code loop} over {@code x} broadcast to {@code shape} ({@code y} is null in the loop), into a new tensor. */
    static Tensor broadcast(Tensor x, int[] shape, Broadcast.Loop loop) {
        Tensor out = Storage.empty(x.dtype(), shape);
        Broadcast.walk(shape, x.shape, x.shape, loop, x, null, out);
        return out;
    }

    /**
     * Folds {@code x} into an accumulator of {@code shape}, which broadcasts to x's shape, with {@code into} (which
     * updates its first operand): the accumulator starts at {@code init}, is a double whatever x's dtype, and is
     * rounded once into the result, of x's dtype and shape {@code outShape} (the same number of elements).
     *
     * <p>A fold into one element (sum, mean or max over all elements) goes by fixed chunks of {@link #PIECE}
     * elements: each chunk folds into its own partial, and the partials fold into the result in chunk order. The
     * chunks are the same whether the helper threads take some of them or not, so the result is the same bits on
     * any thread count. A fold into several elements keeps each element's order as it is ({@link Broadcast#walk}).
     */
    static Tensor reduce(Tensor x, int[] shape, int[] outShape, double init, Broadcast.Loop into) {
        Tensor acc = accumulator(shape, init);
        int n = x.length();
        if (acc.length() == 1 && n > PIECE) {
            Tensor partials = accumulator(new int[] {(n + PIECE - 1) / PIECE}, init);
            Workers.forRange(n, PIECE,
                    (from, to) -> run(into, partials, x, null, from / PIECE, 0, from, 1, 0, to - from));
            run(into, acc, partials, null, 0, 0, 0, 1, 0, partials.length());
        } else {
            Broadcast.walk(x.shape, shape, x.shape, into, acc, x, null);
        }
        return Storage.fromDoubles(x.dtype(), acc.data, outShape);
    }

    /** A FLOAT64 tensor of {@code shape} filled with {@code init}, for a kernel to fold values into. */
    static Tensor accumulator(int[] shape, double init) {
        double[] acc = new double[Shapes.size(shape)];
        if (init != 0.0) {
            Arrays.fill(acc, init);
        }
        return new Tensor(acc, shape);
    }

    /** Elements per block: small enough for the scratch to stay in the L1 cache, large enough to amortise a call. */
    private static final int BLOCK = 512;
    /**
     * Elements per piece of a loop shared with the helper threads, and per chunk of a fold into one element: a few
     * microseconds of work, so a piece's hand-over is cheap beside it, and enough pieces in a loop worth sharing
     * that the threads end close together. Fixed, whatever the thread count, so that folds give the same bits.
     */
    static final int PIECE = 8 * BLOCK;
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][BLOCK]);

    /**
     * {@link #run} over {@code n} elements at unit stride (y at stride 0 when null), shared with the helper threads
     * when it is large: the pieces write disjoint runs of the written operand, so the result does not depend on who
     * runs which. Below {@link Workers#MIN_ELEMENTS} it allocates nothing.
     */
    static void shared(Broadcast.Loop loop, Tensor x, Tensor y, Tensor out, int n) {
        int ys = y == null ? 0 : 1;
        if (n < Workers.MIN_ELEMENTS) {
            run(loop, x, y, out, 0, 1, 0, ys, 0, n);
        } else {
            Workers.forRange(n, PIECE, (from, to) -> run(loop, x, y, out, from, 1, from * ys, ys, from, to - from));
        }
    }

    /**
     * Hands a run of {@code n} elements to {@code loop}: x from {@code xi} by {@code xs}, y likewise, the output from
     * {@code oi}. FLOAT64 storage goes to the loop as it is; a kernel's own float loop ({@link Broadcast.Twin}) runs
     * when every operand is FLOAT32; otherwise FLOAT32 operands are widened and a FLOAT32 output narrowed, block by
     * block. A loop that updates its first operand (a fold) needs that operand in FLOAT64; {@code y} and {@code out}
     * may be null when the loop reads neither. Static, and so allocation-free: it runs once per op on small tensors,
     * where an object per call cost a third of the op.
     */
    static void run(Broadcast.Loop loop, Tensor x, Tensor y, Tensor out, int xi, int xs, int yi, int ys, int oi, int n) {
        float[] xf = x.floats, yf = y == null ? null : y.floats, of = out == null ? null : out.floats;
        double[] xd = x.data, yd = y == null ? null : y.data, od = out == null ? null : out.data;
        Broadcast.Loop doubles = loop instanceof Broadcast.Twin t ? t.doubles() : loop;
        if (xf == null && yf == null && of == null) {
            doubles.run(xd, xi, xs, yd, yi, ys, od, oi, n);
            return;
        }
        if (loop instanceof Broadcast.Twin t && xf != null && (y == null || yf != null) && of != null) {
            t.floats().run(xf, xi, xs, yf, yi, ys, of, oi, n);
            return;
        }
        double[][] scratch = SCRATCH.get();
        for (int s = 0; s < n; s += BLOCK) {
            int b = Math.min(BLOCK, n - s);
            double[] xb = xd, yb = yd, ob = od;
            int xo = xi + s * xs, yo = yi + s * ys, oo = oi + s, xStep = xs, yStep = ys;
            if (xf != null) {
                xb = scratch[0];
                Storage.widen(xf, xo, xs, xb, 0, xs == 0 ? 1 : b);
                xo = 0;
                xStep = Math.min(xs, 1);
            }
            if (yf != null) {
                yb = scratch[1];
                Storage.widen(yf, yo, ys, yb, 0, ys == 0 ? 1 : b);
                yo = 0;
                yStep = Math.min(ys, 1);
            }
            if (of != null) {
                ob = scratch[2];
                oo = 0;
            }
            doubles.run(xb, xo, xStep, yb, yo, yStep, ob, oo, b);
            if (of != null) {
                Storage.narrow(ob, 0, of, oi + s, b);
            }
        }
    }
}

package dev.jgrad.engine;

/**
 * Reductions over all elements or along one {@link Axis}. sum is add-gate (its backward broadcasts the gradient
 * back), max is max-gate (it routes to the maxima and splits ties evenly), and logSumExp's backward is the softmax.
 * An axis reduction folds each input element into the output element it reduces to with the broadcasting walk,
 * the output laid out as the input's shape with the axis kept as length 1, so the walk's strides do the indexing.
 * Every reduction accumulates in double and rounds once to its input's dtype ({@link Elementwise#reduce}), so a
 * FLOAT32 sum of a million elements is as accurate as the float result can be. Large reductions are shared with the
 * helper threads and give the same bits on any thread count: a reduction over all elements adds fixed chunks in
 * chunk order, and one over an axis gives each thread whole output elements.
 */
final class ReduceOps {
    private ReduceOps() {
    }

    /** The names that the all-elements and the axis form of an op share. */
    private static final String MEAN = "mean", MAX = "max";

    /** Folds the run of {@code y} into {@code x}, which the walk steps through in the reduced shape. */
    private static final Broadcast.Loop MAX_INTO = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) x[xi + i * xs] = Math.max(x[xi + i * xs], y[yi + i * ys]);
    };

    /** 1 where the runs are equal, else 0. */
    private static final Broadcast.Loop EQUAL = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] == y[yi + i * ys] ? 1.0 : 0.0;
    };

    /** d/dx = 1 for every element. */
    static Tensor sum(Tensor x) {
        return sum(x.reshape(x.length()), 0, false);
    }

    /** d/dx = 1/size for every element. */
    static Tensor mean(Tensor x) {
        nonEmpty(MEAN, x);
        return sum(x).mul(1.0 / x.length());
    }

    /** d/dx = 1/k at each of the k elements equal to the maximum, 0 elsewhere. */
    static Tensor max(Tensor x) {
        nonEmpty(MAX, x);
        return max(x.reshape(x.length()), 0, false);
    }

    /** All-elements reductions reshape to one axis first, so the caller's shape is named here, before that. */
    private static void nonEmpty(String op, Tensor x) {
        if (x.length() == 0) {
            throw new IllegalArgumentException(op + ": tensor of shape " + Shapes.str(x.shape) + " has no elements");
        }
    }

    /** d/dx = 1 for each element of the slice: the gradient is broadcast back along the axis. */
    static Tensor sum(Tensor x, int axis, boolean keepDims) {
        String op = "sum";
        Axis a = Axis.of(op, axis, x.shape);
        int[] kept = a.reduced(true);
        Tensor out = Elementwise.reduce(x, kept, a.reduced(keepDims), 0.0, Broadcast.ADD_INTO);
        return Tensor.record(op, out, g -> new Tensor[] {g.reshape(kept).expand(x.shape)}, x);
    }

    /** d/dx = 1/n for each element of the slice. */
    static Tensor mean(Tensor x, int axis, boolean keepDims) {
        Axis a = Axis.of(MEAN, axis, x.shape);
        if (a.n() == 0) {
            throw new IllegalArgumentException(MEAN + ": axis " + axis + " of shape " + Shapes.str(x.shape) + " is empty");
        }
        return sum(x, a.index(), keepDims).mul(1.0 / a.n());
    }

    /** d/dx = 1/k at each of the k elements equal to their slice's maximum, 0 elsewhere. */
    static Tensor max(Tensor x, int axis, boolean keepDims) {
        Axis a = Axis.of(MAX, axis, x.shape);
        if (a.n() == 0) {
            throw new IllegalArgumentException(MAX + ": axis " + axis + " of shape " + Shapes.str(x.shape) + " is empty");
        }
        int[] kept = a.reduced(true);
        Tensor out = Elementwise.reduce(x, kept, a.reduced(keepDims), Double.NEGATIVE_INFINITY, MAX_INTO);
        return Tensor.record(MAX, out, g -> new Tensor[] {
                g.reshape(kept).expand(x.shape).mul(tieShares(x, out.view(kept), a))}, x);
    }

    /**
     * The max gate's routing, a constant: 1/k at each of the k elements equal to their slice's maximum, 0 elsewhere.
     * Built from tensors outside the graph ({@code max} is a bare view of the output), so it is never recorded.
     */
    private static Tensor tieShares(Tensor x, Tensor max, Axis a) {
        Tensor hits = Elementwise.map(MAX, x, max, EQUAL);
        return hits.div(hits.sum(a.index(), true));
    }

    /**
     * {@code m + log(sum(exp(x - m)))} with {@code m} the slice's maximum, so no exp overflows.
     * d/dx = exp(x - out), the softmax along the axis, written with tensor ops.
     */
    static Tensor logSumExp(Tensor x, int axis, boolean keepDims) {
        String op = "logSumExp";
        Axis a = Axis.of(op, axis, x.shape);
        int outer = a.outer(), n = a.n(), inner = a.inner();
        // In double whatever the dtype, from a widened copy of a FLOAT32 input: the result is rounded once.
        double[] v = Storage.doubles(x);
        double[] o = new double[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) m = Math.max(m, v[base + j * inner]);
                if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) {
                    o[p * inner + q] = m;
                    continue;
                }
                double s = 0;
                for (int j = 0; j < n; j++) s += Math.exp(v[base + j * inner] - m);
                o[p * inner + q] = m + Math.log(s);
            }
        }
        int[] kept = a.reduced(true);
        Tensor out = Storage.fromDoubles(x.dtype(), o, a.reduced(keepDims));
        return Tensor.record(op, out, g -> {
            Tensor softmax = x.sub(out.reshape(kept)).exp();
            return new Tensor[] {g.reshape(kept).mul(softmax)};
        }, x);
    }
}

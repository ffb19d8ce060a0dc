package dev.jgrad.engine;

/**
 * Reductions over all elements or along one axis. An axis reduction sees the input as {@code [outer, n, inner]}
 * and reduces the middle. sum is add-gate (its backward broadcasts the gradient back), max is max-gate (it routes
 * to the maxima and splits ties evenly), and logSumExp's backward is the softmax.
 */
final class ReduceOps {
    private ReduceOps() {
    }

    static Tensor sum(Tensor x) {
        return sum(x.reshape(x.data.length), 0, false);
    }

    static Tensor mean(Tensor x) {
        if (x.data.length == 0) {
            throw new IllegalArgumentException("mean: tensor of shape " + Shapes.str(x.shape) + " has no elements");
        }
        return sum(x).mul(1.0 / x.data.length);
    }

    static Tensor max(Tensor x) {
        return max(x.reshape(x.data.length), 0, false);
    }

    static Tensor sum(Tensor x, int axis, boolean keepDims) {
        int ax = Shapes.axis("sum", axis, x.shape);
        int outer = Shapes.outer(x.shape, ax), n = x.shape[ax], inner = Shapes.inner(x.shape, ax);
        double[] o = new double[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < n; j++) {
                int src = (p * n + j) * inner, dst = p * inner;
                for (int q = 0; q < inner; q++) o[dst + q] += x.data[src + q];
            }
        }
        Tensor out = new Tensor(o, Shapes.withAxis(x.shape, ax, 1, keepDims));
        int[] kept = Shapes.withAxis(x.shape, ax, 1, true);
        return Tensor.record("sum", out, g -> new Tensor[] {g.reshape(kept).expand(x.shape)}, x);
    }

    static Tensor mean(Tensor x, int axis, boolean keepDims) {
        int ax = Shapes.axis("mean", axis, x.shape);
        if (x.shape[ax] == 0) {
            throw new IllegalArgumentException("mean: axis " + axis + " of shape " + Shapes.str(x.shape) + " is empty");
        }
        return sum(x, ax, keepDims).mul(1.0 / x.shape[ax]);
    }

    static Tensor max(Tensor x, int axis, boolean keepDims) {
        int ax = Shapes.axis("max", axis, x.shape);
        int outer = Shapes.outer(x.shape, ax), n = x.shape[ax], inner = Shapes.inner(x.shape, ax);
        if (n == 0) {
            throw new IllegalArgumentException("max: axis " + axis + " of shape " + Shapes.str(x.shape) + " is empty");
        }
        double[] o = new double[outer * inner];
        java.util.Arrays.fill(o, Double.NEGATIVE_INFINITY);
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < n; j++) {
                int src = (p * n + j) * inner, dst = p * inner;
                for (int q = 0; q < inner; q++) o[dst + q] = Math.max(o[dst + q], x.data[src + q]);
            }
        }
        int[] kept = Shapes.withAxis(x.shape, ax, 1, true);
        Tensor out = new Tensor(o, Shapes.withAxis(x.shape, ax, 1, keepDims));
        return Tensor.record("max", out, g -> new Tensor[] {g.reshape(kept).expand(x.shape).mul(tieShares(x, o, ax))}, x);
    }

    /** The max gate's routing: 1/k at each of the k elements equal to their slice's maximum, 0 elsewhere. */
    private static Tensor tieShares(Tensor x, double[] max, int ax) {
        int outer = Shapes.outer(x.shape, ax), n = x.shape[ax], inner = Shapes.inner(x.shape, ax);
        double[] share = new double[x.data.length];
        double[] count = new double[max.length];
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < n; j++) {
                int src = (p * n + j) * inner, m = p * inner;
                for (int q = 0; q < inner; q++) {
                    if (x.data[src + q] == max[m + q]) {
                        share[src + q] = 1.0;
                        count[m + q]++;
                    }
                }
            }
        }
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < n; j++) {
                int src = (p * n + j) * inner, m = p * inner;
                for (int q = 0; q < inner; q++) share[src + q] /= count[m + q];
            }
        }
        return x.like(share);
    }

    /**
     * {@code m + log(sum(exp(x - m)))} with {@code m} the slice's maximum, so no exp overflows. Backward: the
     * upstream gradient times the softmax {@code exp(x - out)}, written with tensor ops.
     */
    static Tensor logSumExp(Tensor x, int axis, boolean keepDims) {
        int ax = Shapes.axis("logSumExp", axis, x.shape);
        int outer = Shapes.outer(x.shape, ax), n = x.shape[ax], inner = Shapes.inner(x.shape, ax);
        double[] o = new double[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) m = Math.max(m, x.data[base + j * inner]);
                if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) {
                    o[p * inner + q] = m;
                    continue;
                }
                double s = 0;
                for (int j = 0; j < n; j++) s += Math.exp(x.data[base + j * inner] - m);
                o[p * inner + q] = m + Math.log(s);
            }
        }
        int[] kept = Shapes.withAxis(x.shape, ax, 1, true);
        Tensor out = new Tensor(o, Shapes.withAxis(x.shape, ax, 1, keepDims));
        return Tensor.record("logSumExp", out, g -> {
            Tensor softmax = x.sub(out.reshape(kept)).exp();
            return new Tensor[] {g.reshape(kept).mul(softmax)};
        }, x);
    }
}

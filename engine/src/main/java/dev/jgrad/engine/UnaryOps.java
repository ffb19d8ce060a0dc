package dev.jgrad.engine;

/**
 * Elementwise ops of one tensor. Each forward loop sits beside the backward it records, with its derivative on
 * the line above; backwards are written with tensor ops (so they can be differentiated again). The loops run over
 * doubles for either dtype ({@link Elementwise}), and every output keeps its input's dtype. At a kink the
 * derivative is taken as PyTorch takes it: {@code relu'(0) = 0}, {@code abs'(0) = 0}, and clamp passes the gradient
 * at its bounds.
 */
final class UnaryOps {
    private UnaryOps() {
    }

    /** d/dx = -1. */
    static Tensor neg(Tensor x) {
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = -v[vi + i];
        });
        return Tensor.record("neg", out, g -> new Tensor[] {g.neg()}, x);
    }

    /** d/dx = e^x = out. */
    static Tensor exp(Tensor x) {
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = Math.exp(v[vi + i]);
        });
        return Tensor.record("exp", out, g -> new Tensor[] {g.mul(out)}, x);
    }

    /** d/dx = 1/x. */
    static Tensor log(Tensor x) {
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = Math.log(v[vi + i]);
        });
        return Tensor.record("log", out, g -> new Tensor[] {g.div(x)}, x);
    }

    /** d/dx = 1/(2·sqrt(x)) = 1/(2·out). */
    static Tensor sqrt(Tensor x) {
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = Math.sqrt(v[vi + i]);
        });
        return Tensor.record("sqrt", out, g -> new Tensor[] {g.div(out.mul(2.0))}, x);
    }

    /** d/dx = p·x^(p-1); for p = 0 it is 0 everywhere (x^-1 would turn 0 into NaN at x = 0). */
    static Tensor pow(Tensor x, double p) {
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            if (p == 2.0) {
                for (int i = 0; i < n; i++) o[oi + i] = v[vi + i] * v[vi + i];
            } else {
                for (int i = 0; i < n; i++) o[oi + i] = Math.pow(v[vi + i], p);
            }
        });
        return Tensor.record("pow", out, g -> new Tensor[] {
                p == 0.0 ? g.mul(0.0) : g.mul(x.pow(p - 1.0).mul(p))}, x);
    }

    /** d/dx = 1 - tanh²(x) = 1 - out². */
    static Tensor tanh(Tensor x) {
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = Math.tanh(v[vi + i]);
        });
        return Tensor.record("tanh", out, g -> new Tensor[] {g.mul(out.mul(out).neg().add(1.0))}, x);
    }

    /** d/dx = s·(1 - s) with s = sigmoid(x). Computed as e^x / (1 + e^x) for negative x, so neither side overflows. */
    static Tensor sigmoid(Tensor x) {
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) {
                double u = v[vi + i];
                if (u >= 0) {
                    o[oi + i] = 1.0 / (1.0 + Math.exp(-u));
                } else {
                    double e = Math.exp(u);
                    o[oi + i] = e / (1.0 + e);
                }
            }
        });
        // s(1 - s) written as s · sigmoid(-x): 1 - s cancels to nothing for large x, sigmoid(-x) keeps its digits.
        return Tensor.record("sigmoid", out, g -> new Tensor[] {g.mul(out).mul(x.neg().sigmoid())}, x);
    }

    // max-gate family: the gradient is routed by a constant mask

    /** d/dx = 1 where x > 0, else 0 (0 at x = 0). */
    static Tensor relu(Tensor x) {
        Tensor out = Elementwise.map(x, RELU);
        return Tensor.record("relu", out, g -> new Tensor[] {routePositive(g, x)}, x);
    }

    /** max(x, 0) over a contiguous run, in both dtypes: a float's max with 0 is exactly the double one. */
    private static final Broadcast.Loop RELU = new Broadcast.Twin((x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) o[oi + i] = Math.max(x[xi + i], 0.0);
    }, (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) o[oi + i] = Math.max(x[xi + i], 0f);
    });

    /**
     * relu's backward: {@code g} where {@code x > 0}, 0 elsewhere (and where x is NaN). The same as
     * {@code g.mul(mask)} without building the mask, and without a branch per element: on a hidden layer about
     * half the signs are random, and a mispredicted branch per element costs more than the rest of the loop. The
     * mask is a constant, so this op's own backward is itself, applied to its upstream gradient.
     */
    static Tensor routePositive(Tensor g, Tensor x) {
        Tensor out = Elementwise.map("relu backward", g, x, ROUTE_POSITIVE);
        return Tensor.record("relu backward", out, gg -> new Tensor[] {routePositive(gg, x)}, g);
    }

    private static final long POSITIVE_INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    private static final int POSITIVE_INFINITY_FLOAT_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

    /** The run of x where the run of y is positive, else 0; both runs contiguous (same shapes); in both dtypes. */
    private static final Broadcast.Loop ROUTE_POSITIVE = new Broadcast.Twin((x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(y[yi + i]);
            // All ones exactly when 0 < bits <= the bits of +infinity, i.e. y > 0; all zeros otherwise.
            long keep = (-bits & (bits - POSITIVE_INFINITY_BITS - 1)) >> 63;
            o[oi + i] = Double.longBitsToDouble(Double.doubleToRawLongBits(x[xi + i]) & keep);
        }
    }, (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(y[yi + i]);
            int keep = (-bits & (bits - POSITIVE_INFINITY_FLOAT_BITS - 1)) >> 31;
            o[oi + i] = Float.intBitsToFloat(Float.floatToRawIntBits(x[xi + i]) & keep);
        }
    });

    /** d/dx = sign(x) (0 at x = 0). */
    static Tensor abs(Tensor x) {
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = Math.abs(v[vi + i]);
        });
        return Tensor.record("abs", out, g -> new Tensor[] {g.mul(sign(x))}, x);
    }

    /** d/dx = 1 where lo <= x <= hi, else 0. */
    static Tensor clamp(Tensor x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " is not <= upper bound " + hi);
        }
        Tensor out = Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = Math.min(Math.max(v[vi + i], lo), hi);
        });
        return Tensor.record("clamp", out, g -> new Tensor[] {g.mul(inRange(x, lo, hi))}, x);
    }

    /** 1 where {@code lo <= x <= hi}, else 0: a constant mask. */
    private static Tensor inRange(Tensor x, double lo, double hi) {
        return Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = v[vi + i] >= lo && v[vi + i] <= hi ? 1.0 : 0.0;
        });
    }

    /** -1, 0 or 1 by the sign of each element: a constant mask. */
    private static Tensor sign(Tensor x) {
        return Elementwise.map(x, (v, vi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = Math.signum(v[vi + i]);
        });
    }
}

package dev.jgrad.engine;

/**
 * Elementwise ops of one tensor. Each forward loop sits beside the backward it records, with its derivative on
 * the line above; backwards are written with tensor ops (so they can be differentiated again). At a kink the
 * derivative is taken as PyTorch takes it: {@code relu'(0) = 0}, {@code abs'(0) = 0}, and clamp passes the gradient
 * at its bounds.
 */
final class UnaryOps {
    private UnaryOps() {
    }

    /** d/dx = -1. */
    static Tensor neg(Tensor x) {
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) o[i] = -x.data[i];
        return Tensor.record("neg", x.like(o), g -> new Tensor[] {g.neg()}, x);
    }

    /** d/dx = e^x = out. */
    static Tensor exp(Tensor x) {
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) o[i] = Math.exp(x.data[i]);
        Tensor out = x.like(o);
        return Tensor.record("exp", out, g -> new Tensor[] {g.mul(out)}, x);
    }

    /** d/dx = 1/x. */
    static Tensor log(Tensor x) {
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) o[i] = Math.log(x.data[i]);
        return Tensor.record("log", x.like(o), g -> new Tensor[] {g.div(x)}, x);
    }

    /** d/dx = 1/(2·sqrt(x)) = 1/(2·out). */
    static Tensor sqrt(Tensor x) {
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) o[i] = Math.sqrt(x.data[i]);
        Tensor out = x.like(o);
        return Tensor.record("sqrt", out, g -> new Tensor[] {g.div(out.mul(2.0))}, x);
    }

    /** d/dx = p·x^(p-1); for p = 0 it is 0 everywhere (x^-1 would turn 0 into NaN at x = 0). */
    static Tensor pow(Tensor x, double p) {
        double[] o = new double[x.data.length];
        if (p == 2.0) {
            for (int i = 0; i < o.length; i++) o[i] = x.data[i] * x.data[i];
        } else {
            for (int i = 0; i < o.length; i++) o[i] = Math.pow(x.data[i], p);
        }
        return Tensor.record("pow", x.like(o), g -> new Tensor[] {
                p == 0.0 ? g.mul(0.0) : g.mul(x.pow(p - 1.0).mul(p))}, x);
    }

    /** d/dx = 1 - tanh²(x) = 1 - out². */
    static Tensor tanh(Tensor x) {
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) o[i] = Math.tanh(x.data[i]);
        Tensor out = x.like(o);
        return Tensor.record("tanh", out, g -> new Tensor[] {g.mul(out.mul(out).neg().add(1.0))}, x);
    }

    /** d/dx = s·(1 - s) with s = sigmoid(x). Computed as e^x / (1 + e^x) for negative x, so neither side overflows. */
    static Tensor sigmoid(Tensor x) {
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) {
            double v = x.data[i];
            if (v >= 0) {
                o[i] = 1.0 / (1.0 + Math.exp(-v));
            } else {
                double e = Math.exp(v);
                o[i] = e / (1.0 + e);
            }
        }
        Tensor out = x.like(o);
        // s(1 - s) written as s · sigmoid(-x): 1 - s cancels to nothing for large x, sigmoid(-x) keeps its digits.
        return Tensor.record("sigmoid", out, g -> new Tensor[] {g.mul(out).mul(x.neg().sigmoid())}, x);
    }

    // max-gate family: the gradient is routed by a constant mask

    /** d/dx = 1 where x > 0, else 0 (0 at x = 0). */
    static Tensor relu(Tensor x) {
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) o[i] = Math.max(x.data[i], 0.0);
        return Tensor.record("relu", x.like(o), g -> new Tensor[] {routePositive(g, x)}, x);
    }

    /**
     * relu's backward: {@code g} where {@code x > 0}, 0 elsewhere (and where x is NaN). The same as
     * {@code g.mul(mask)} without building the mask, and without a branch per element: on a hidden layer about
     * half the signs are random, and a mispredicted branch per element costs more than the rest of the loop. The
     * mask is a constant, so this op's own backward is itself, applied to its upstream gradient.
     */
    private static Tensor routePositive(Tensor g, Tensor x) {
        double[] o = new double[g.data.length];
        for (int i = 0; i < o.length; i++) {
            long bits = Double.doubleToRawLongBits(x.data[i]);
            // All ones exactly when 0 < bits <= the bits of +infinity, i.e. x > 0; all zeros otherwise.
            long keep = (-bits & (bits - POSITIVE_INFINITY_BITS - 1)) >> 63;
            o[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(g.data[i]) & keep);
        }
        return Tensor.record("relu backward", g.like(o), gg -> new Tensor[] {routePositive(gg, x)}, g);
    }

    private static final long POSITIVE_INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    /** d/dx = sign(x) (0 at x = 0). */
    static Tensor abs(Tensor x) {
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) o[i] = Math.abs(x.data[i]);
        return Tensor.record("abs", x.like(o), g -> new Tensor[] {g.mul(sign(x))}, x);
    }

    /** d/dx = 1 where lo <= x <= hi, else 0. */
    static Tensor clamp(Tensor x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " is not <= upper bound " + hi);
        }
        double[] o = new double[x.data.length];
        for (int i = 0; i < o.length; i++) o[i] = Math.min(Math.max(x.data[i], lo), hi);
        return Tensor.record("clamp", x.like(o), g -> new Tensor[] {g.mul(inRange(x, lo, hi))}, x);
    }

    /** 1 where {@code lo <= x <= hi}, else 0: a constant mask. */
    private static Tensor inRange(Tensor x, double lo, double hi) {
        double[] m = new double[x.data.length];
        for (int i = 0; i < m.length; i++) m[i] = x.data[i] >= lo && x.data[i] <= hi ? 1.0 : 0.0;
        return x.like(m);
    }

    /** -1, 0 or 1 by the sign of each element: a constant mask. */
    private static Tensor sign(Tensor x) {
        double[] m = new double[x.data.length];
        for (int i = 0; i < m.length; i++) m[i] = Math.signum(x.data[i]);
        return x.like(m);
    }
}

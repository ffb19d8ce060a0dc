package dev.jgrad.engine;

/**
 * Elementwise ops of two tensors, with NumPy broadcasting. Each forward sits beside the backward it records; the
 * gradient of a broadcast input is summed back to its own shape ({@link Tensor#sumTo}).
 *
 * <p>The three gates: add passes the upstream gradient to both inputs; multiply gives each input the upstream
 * times the other input; maximum routes it to the larger input and splits an exact tie evenly.
 */
final class BinaryOps {
    private BinaryOps() {
    }

    // The arithmetic loops have a unit-stride branch: with constant strides the JIT compiles it to SIMD
    // instructions, which an index times a variable stride rules out. Same-shape operands and a bias added to every
    // row of a batch both run there.
    private static final Broadcast.Loop ADD = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] + y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] + y[yi + i * ys];
        }
    };
    private static final Broadcast.Loop SUB = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] - y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] - y[yi + i * ys];
        }
    };
    private static final Broadcast.Loop MUL = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] * y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] * y[yi + i * ys];
        }
    };
    private static final Broadcast.Loop DIV = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] / y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] / y[yi + i * ys];
        }
    };
    private static final Broadcast.Loop MAX = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) o[oi + i] = Math.max(x[xi + i * xs], y[yi + i * ys]);
    };
    private static final Broadcast.Loop MIN = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) o[oi + i] = Math.min(x[xi + i * xs], y[yi + i * ys]);
    };
    /** The max gate's routing: 1 where x wins, 1/2 on an exact tie, 0 where y wins. */
    private static final Broadcast.Loop WINS = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) o[oi + i] = Math.signum(x[xi + i * xs] - y[yi + i * ys]) * 0.5 + 0.5;
    };

    /** Runs {@code loop} over the broadcast of {@code a} and {@code b} into a new tensor (not recorded). */
    static Tensor map(String op, Tensor a, Tensor b, Broadcast.Loop loop) {
        int[] shape = Shapes.broadcast(op, a.shape, b.shape);
        double[] out = new double[Shapes.size(shape)];
        Broadcast.walk(shape, a.data, a.shape, b.data, b.shape, out, loop);
        return new Tensor(out, shape);
    }

    // add gate: distributes

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = map("add", a, b, ADD);
        return Tensor.record("add", out, g -> new Tensor[] {
                a.requiresGrad ? g.sumTo(a.shape) : null,
                b.requiresGrad ? g.sumTo(b.shape) : null}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = map("sub", a, b, SUB);
        return Tensor.record("sub", out, g -> new Tensor[] {
                a.requiresGrad ? g.sumTo(a.shape) : null,
                b.requiresGrad ? g.neg().sumTo(b.shape) : null}, a, b);
    }

    // multiply gate: swaps

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = map("mul", a, b, MUL);
        return Tensor.record("mul", out, g -> new Tensor[] {
                a.requiresGrad ? g.mul(b).sumTo(a.shape) : null,
                b.requiresGrad ? g.mul(a).sumTo(b.shape) : null}, a, b);
    }

    /** d(a/b) = g/b for a and -g·a/b² = -g·out/b for b. */
    static Tensor div(Tensor a, Tensor b) {
        Tensor out = map("div", a, b, DIV);
        return Tensor.record("div", out, g -> new Tensor[] {
                a.requiresGrad ? g.div(b).sumTo(a.shape) : null,
                b.requiresGrad ? g.mul(out).div(b).neg().sumTo(b.shape) : null}, a, b);
    }

    // max gate: routes

    static Tensor maximum(Tensor a, Tensor b) {
        return routed("maximum", MAX, a, b, true);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        return routed("minimum", MIN, a, b, false);
    }

    /**
     * A max-gate op: the upstream gradient goes to the input that was selected (the larger one, or the smaller one
     * for minimum); on an exact tie each input gets half. The routing masks are constants.
     */
    private static Tensor routed(String op, Broadcast.Loop select, Tensor a, Tensor b, boolean larger) {
        Tensor out = map(op, a, b, select);
        return Tensor.record(op, out, g -> new Tensor[] {
                a.requiresGrad ? g.mul(share(op, a, b, larger)).sumTo(a.shape) : null,
                b.requiresGrad ? g.mul(share(op, b, a, larger)).sumTo(b.shape) : null}, a, b);
    }

    /** The share of the gradient that {@code x} gets against {@code y}: 1 where it was selected, 1/2 on a tie, else 0. */
    private static Tensor share(String op, Tensor x, Tensor y, boolean larger) {
        return larger ? map(op, x, y, WINS) : map(op, y, x, WINS);
    }
}

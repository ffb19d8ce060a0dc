package dev.jgrad.engine;

/**
 * Elementwise ops of two tensors, with NumPy broadcasting. Each forward sits beside the backward it records; the
 * gradient of a broadcast input is summed back to its own shape ({@link Tensor#sumTo}).
 *
 * <p>The three gates: add passes the upstream gradient to both inputs; multiply gives each input the upstream
 * times the other input; maximum routes it to the larger input and splits an exact tie evenly.
 *
 * <p>Operands of different dtypes are both cast to FLOAT64 first, with the recorded cast {@link Tensor#to}, whose
 * backward casts each gradient back to its input's dtype; the loops and rules below see operands of one dtype.
 */
final class BinaryOps {
    private BinaryOps() {
    }

    // The arithmetic loops have a unit-stride branch: with constant strides the JIT compiles it to SIMD
    // instructions, which an index times a variable stride rules out. Same-shape operands and a bias added to every
    // row of a batch both run there. Each comes in both dtypes (a float + - * / of two floats is exactly the double
    // result rounded once, so the float loop gives what the widened one would, without the widening).
    static final Broadcast.Loop ADD = new Broadcast.Twin((x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] + y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] + y[yi + i * ys];
        }
    }, (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] + y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] + y[yi + i * ys];
        }
    });
    private static final Broadcast.Loop SUB = new Broadcast.Twin((x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] - y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] - y[yi + i * ys];
        }
    }, (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] - y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] - y[yi + i * ys];
        }
    });
    private static final Broadcast.Loop MUL = new Broadcast.Twin((x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] * y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] * y[yi + i * ys];
        }
    }, (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] * y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] * y[yi + i * ys];
        }
    });
    private static final Broadcast.Loop DIV = new Broadcast.Twin((x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] / y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] / y[yi + i * ys];
        }
    }, (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] / y[yi + i];
        } else {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs] / y[yi + i * ys];
        }
    });
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

    /**
     * The backward of a binary op, made from its operands {@code x} and {@code y} (of one dtype) once its output
     * exists (div's gradient reuses the output). Each gradient is summed back to its input's shape, and is null for
     * an input that does not require grad.
     */
    @FunctionalInterface
    private interface Rule {
        Backward from(Tensor x, Tensor y, Tensor out);
    }

    /**
     * A recorded binary op, {@code a.op(b)}: {@code loop} computes the forward, {@code rule} gives the backward.
     *
     * @throws IllegalArgumentException if {@code b}, the public method's {@code other}, is null
     */
    private static Tensor binary(String op, Broadcast.Loop loop, Tensor a, Tensor b, Rule rule) {
        Checks.notNull(op, "other", b);
        DType dtype = DType.promoted(a.dtype(), b.dtype());
        Tensor x = a.to(dtype), y = b.to(dtype);
        Tensor out = Elementwise.map(op, x, y, loop);
        return Tensor.record(op, out, rule.from(x, y, out), x, y);
    }

    // add gate: distributes

    /** d/da = 1, d/db = 1. */
    static Tensor add(Tensor a, Tensor b) {
        return binary("add", ADD, a, b, (x, y, out) -> g -> new Tensor[] {
                x.requiresGrad ? g.sumTo(x.shape) : null,
                y.requiresGrad ? g.sumTo(y.shape) : null});
    }

    /** d/da = 1, d/db = -1. */
    static Tensor sub(Tensor a, Tensor b) {
        return binary("sub", SUB, a, b, (x, y, out) -> g -> new Tensor[] {
                x.requiresGrad ? g.sumTo(x.shape) : null,
                y.requiresGrad ? g.neg().sumTo(y.shape) : null});
    }

    // multiply gate: swaps

    /** d/da = b, d/db = a. */
    static Tensor mul(Tensor a, Tensor b) {
        return binary("mul", MUL, a, b, (x, y, out) -> g -> new Tensor[] {
                x.requiresGrad ? g.mul(y).sumTo(x.shape) : null,
                y.requiresGrad ? g.mul(x).sumTo(y.shape) : null});
    }

    /** d/da = 1/b, d/db = -a/b² = -out/b. */
    static Tensor div(Tensor a, Tensor b) {
        return binary("div", DIV, a, b, (x, y, out) -> g -> new Tensor[] {
                x.requiresGrad ? g.div(y).sumTo(x.shape) : null,
                y.requiresGrad ? g.mul(out).div(y).neg().sumTo(y.shape) : null});
    }

    // max gate: routes

    /** d/da = 1 where a > b, 1/2 where a = b, else 0; d/db likewise. */
    static Tensor maximum(Tensor a, Tensor b) {
        return routed("maximum", MAX, a, b, true);
    }

    /** d/da = 1 where a < b, 1/2 where a = b, else 0; d/db likewise. */
    static Tensor minimum(Tensor a, Tensor b) {
        return routed("minimum", MIN, a, b, false);
    }

    /**
     * A max-gate op: the upstream gradient goes to the input that was selected (the larger one, or the smaller one
     * for minimum); on an exact tie each input gets half. The routing masks are constants.
     */
    private static Tensor routed(String op, Broadcast.Loop select, Tensor a, Tensor b, boolean larger) {
        return binary(op, select, a, b, (x, y, out) -> g -> new Tensor[] {
                x.requiresGrad ? g.mul(share(op, x, y, larger)).sumTo(x.shape) : null,
                y.requiresGrad ? g.mul(share(op, y, x, larger)).sumTo(y.shape) : null});
    }

    /** The share of the gradient that {@code x} gets against {@code y}: 1 where it was selected, 1/2 on a tie, else 0. */
    private static Tensor share(String op, Tensor x, Tensor y, boolean larger) {
        return larger ? Elementwise.map(op, x, y, WINS) : Elementwise.map(op, y, x, WINS);
    }
}

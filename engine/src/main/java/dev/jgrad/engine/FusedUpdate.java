package dev.jgrad.engine;

import java.util.Arrays;

/**
 * Optimizer updates in one pass: each method moves a parameter by its accumulated gradient and updates the
 * optimizer's state for it (a velocity, moving averages), reading and writing every array once, in place, and
 * allocating nothing. The results are exactly, bit for bit, those of the same update written with {@link Tensor}
 * ops, such as Adam's
 * {@code m.mulInPlace(b1).addInPlace(g, 1 - b1)}, {@code v.mulInPlace(b2).addInPlace(g.pow(2), 1 - b2)},
 * {@code p.addInPlace(m.div(1 - b1^t).div(v.div(1 - b2^t).sqrt().add(eps)), -lr)}: in FLOAT32 every intermediate
 * that such an op would store is rounded to float here too, and scalars are rounded where those ops round them (a
 * scalar operand such as {@code add(eps)} to the tensor's dtype, an in-place factor such as
 * {@code mulInPlace(b1)} not at all).
 *
 * <p>The parameter must be a leaf with a gradient (see {@link #hasGradient}); the gradient is read as it is and
 * never changed, and coupled weight decay ({@code g + decay * p}) is folded in on the fly. The state tensors have
 * the parameter's shape and dtype and start as zeros. A parameter that requires grad changes only with recording
 * off, and each tensor written counts as changed in place, as with {@link Tensor#addInPlace}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(DType.FLOAT32, rng, 784, 256).requiresGrad(true);
 * Tensor m = Tensor.zeros(DType.FLOAT32, 784, 256), v = Tensor.zeros(DType.FLOAT32, 784, 256);
 * for (int t = 1; t <= steps; t++) {
 *     w.zeroGrad();
 *     loss(w).backward();
 *     try (var off = Tensor.noGrad()) {
 *         FusedUpdate.adam(w, m, v, t, 1e-3, 0.9, 0.999, 1e-8, 0);
 *     }
 * }
 * }</pre>
 */
public final class FusedUpdate {
    private FusedUpdate() {
    }

    /**
     * Whether {@code parameter} has a gradient for an update to use, without handing the gradient out as
     * {@link Tensor#grad()} does.
     *
     * @throws IllegalArgumentException if {@code parameter} is null
     */
    public static boolean hasGradient(Tensor parameter) {
        return Checks.notNull("FusedUpdate.hasGradient", "parameter", parameter).grad != null;
    }

    /**
     * Plain gradient descent, {@code p -= lr * g}, with {@code g} the gradient plus {@code weightDecay * p}.
     *
     * @throws IllegalArgumentException if {@code parameter} is null
     * @throws IllegalStateException if the parameter has no gradient, is not a leaf, or requires grad while recording
     *     is on
     */
    public static void sgd(Tensor parameter, double learningRate, double weightDecay) {
        String op = "FusedUpdate.sgd";
        Tensor g = gradient(op, parameter);
        sgdRange(Runs.of(parameter, g, null, null, 0, parameter.length()), -learningRate, weightDecay);
        parameter.wroteInPlace();
    }

    /**
     * Gradient descent with momentum: {@code v = beta v + (1 - beta) g}, then {@code p -= lr * v}, or with Nesterov
     * {@code p -= lr * (beta v + (1 - beta) g)} using the updated {@code v}; {@code g} is the gradient plus
     * {@code weightDecay * p}.
     *
     * @throws IllegalArgumentException if {@code parameter} or {@code velocity} is null, or the velocity's shape or
     *     dtype differs from the parameter's
     * @throws IllegalStateException as {@link #sgd(Tensor, double, double)}, or if the velocity is not a leaf
     */
    public static void sgd(Tensor parameter, Tensor velocity, double learningRate, double momentum,
                           boolean nesterov, double weightDecay) {
        String op = "FusedUpdate.sgd";
        Tensor g = gradient(op, parameter);
        checkState(op, "velocity", velocity, parameter);
        momentumRange(Runs.of(parameter, g, velocity, null, 0, parameter.length()), -learningRate, weightDecay,
                momentum, nesterov);
        parameter.wroteInPlace();
        velocity.wroteInPlace();
    }

    /**
     * Adam at step {@code step} (counting from 1): {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
     * {@code p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}, with {@code g} the gradient plus
     * {@code weightDecay * p} (coupled weight decay, L2 regularisation).
     *
     * @throws IllegalArgumentException if a tensor is null, a moment's shape or dtype differs from the parameter's,
     *     or {@code step} is below 1
     * @throws IllegalStateException as {@link #sgd(Tensor, double, double)}, or if a moment is not a leaf
     */
    public static void adam(Tensor parameter, Tensor first, Tensor second, int step, double learningRate,
                            double beta1, double beta2, double eps, double weightDecay) {
        adam("FusedUpdate.adam", parameter, first, second, step, learningRate, beta1, beta2, eps, weightDecay, false);
    }

    /**
     * AdamW: Adam with decoupled weight decay. The parameter first shrinks, {@code p *= 1 - lr * weightDecay},
     * then takes {@link #adam Adam}'s step with the gradient as it is.
     *
     * @throws IllegalArgumentException as {@link #adam}
     * @throws IllegalStateException as {@link #adam}
     */
    public static void adamW(Tensor parameter, Tensor first, Tensor second, int step, double learningRate,
                             double beta1, double beta2, double eps, double weightDecay) {
        adam("FusedUpdate.adamW", parameter, first, second, step, learningRate, beta1, beta2, eps, weightDecay, true);
    }

    private static void adam(String op, Tensor parameter, Tensor first, Tensor second, int step, double learningRate,
                             double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        Tensor g = gradient(op, parameter);
        checkState(op, "first moment", first, parameter);
        checkState(op, "second moment", second, parameter);
        if (step < 1) {
            throw new IllegalArgumentException(op + ": step " + step + " must be at least 1");
        }
        boolean f32 = parameter.floats != null;
        boolean shrinks = decoupled && weightDecay != 0;
        adamRange(Runs.of(parameter, g, first, second, 0, parameter.length()), -learningRate,
                decoupled ? 0 : weightDecay, shrinks, 1 - learningRate * weightDecay, beta1, beta2,
                round(f32, 1 - Math.pow(beta1, step)), round(f32, 1 - Math.pow(beta2, step)), round(f32, eps));
        parameter.wroteInPlace();
        first.wroteInPlace();
        second.wroteInPlace();
    }

    /**
     * RMSProp: {@code s = rho s + (1 - rho) g^2}, {@code p -= lr * g / (sqrt(s) + eps)}, with {@code g} the
     * gradient plus {@code weightDecay * p}.
     *
     * @throws IllegalArgumentException if a tensor is null, or the mean square's shape or dtype differs from the
     *     parameter's
     * @throws IllegalStateException as {@link #sgd(Tensor, double, double)}, or if the mean square is not a leaf
     */
    public static void rmsProp(Tensor parameter, Tensor meanSquare, double learningRate, double rho, double eps,
                               double weightDecay) {
        String op = "FusedUpdate.rmsProp";
        Tensor g = gradient(op, parameter);
        checkState(op, "mean square", meanSquare, parameter);
        boolean f32 = parameter.floats != null;
        rmsPropRange(Runs.of(parameter, g, meanSquare, null, 0, parameter.length()), -learningRate, weightDecay,
                rho, round(f32, eps));
        parameter.wroteInPlace();
        meanSquare.wroteInPlace();
    }

    // ---------------------------------------------------------------- checks

    /** The parameter's gradient, once the parameter is known to be a leaf that may change in place now. */
    private static Tensor gradient(String op, Tensor parameter) {
        Checks.notNull(op, "parameter", parameter);
        parameter.checkInPlace(op, "parameter", parameter);
        if (parameter.grad == null) {
            throw new IllegalStateException(op + ": the parameter of shape " + Shapes.str(parameter.shape)
                    + " has no gradient: run backward() first, or skip parameters without one (hasGradient)");
        }
        return parameter.grad;
    }

    /** Checks that {@code state}, called {@code name}, is a leaf of the parameter's shape and dtype. */
    private static void checkState(String op, String name, Tensor state, Tensor parameter) {
        Checks.notNull(op, name, state);
        if (!Arrays.equals(state.shape, parameter.shape) || state.dtype() != parameter.dtype()) {
            throw new IllegalArgumentException(op + ": " + name + " " + Shapes.str(state.shape) + " "
                    + state.dtype() + " does not match the parameter, " + Shapes.str(parameter.shape) + " "
                    + parameter.dtype());
        }
        state.checkInPlace(op, name, state);
        if (state == parameter) {
            throw new IllegalArgumentException(op + ": the " + name + " is the parameter itself");
        }
    }

    // ---------------------------------------------------------------- kernels
    //
    // Each rule is one loop over doubles, for both dtypes: with f32 it rounds every value that the op-by-op
    // formula stores in a float tensor, and for FLOAT64 the same rounding is the identity. A FLOAT32 value computed
    // in double and rounded once is what the float op gives (+ - * / and sqrt are correctly rounded, and a double
    // holds more than twice a float's digits), so the loops need no float arithmetic of their own. Every element's
    // update reads and writes that element only, so the range [0, n) may be cut anywhere, and its pieces run on any
    // threads, with the same bits. The arguments named step are -lr, as addInPlace(x, -lr) adds them.

    /** {@code x} rounded to float for a FLOAT32 update, unchanged for FLOAT64. */
    private static double round(boolean f32, double x) {
        return f32 ? (float) x : x;
    }

    /**
     * The gradient with coupled weight decay folded in as {@code g.add(p.mul(decay))} computes it, the decay a
     * scalar operand in the dtype; a decay of 0 leaves the gradient as it is, as the optimizers skip the addition.
     */
    private static double decayed(boolean f32, double g, double p, double decay) {
        return decay == 0 ? g : round(f32, g + round(f32, p * round(f32, decay)));
    }

    private static void sgdRange(Runs r, double step, double decay) {
        while (r.next()) {
            double[] p = r.p, g = r.g;
            boolean f32 = r.f32;
            for (int i = r.from, end = r.from + r.n; i < end; i++) {
                p[i] = round(f32, p[i] + step * decayed(f32, g[i], p[i], decay));
            }
        }
    }

    private static void momentumRange(Runs r, double step, double decay, double beta, boolean nesterov) {
        boolean f32 = r.f32;
        double keep = 1 - beta, betaScalar = round(f32, beta), keepScalar = round(f32, keep);
        while (r.next()) {
            double[] p = r.p, g = r.g, v = r.s;
            for (int i = r.from, end = r.from + r.n; i < end; i++) {
                double gi = decayed(f32, g[i], p[i], decay);
                double vi = round(f32, round(f32, v[i] * beta) + keep * gi);
                double direction = nesterov
                        ? round(f32, round(f32, vi * betaScalar) + round(f32, gi * keepScalar)) : vi;
                v[i] = vi;
                p[i] = round(f32, p[i] + step * direction);
            }
        }
    }

    /**
     * Adam's loop; {@code decay} is the coupled weight decay, {@code shrink} the decoupled factor (applied when
     * {@code shrinks}), {@code c1} and {@code c2} the bias corrections and {@code eps} scalar operands already in
     * the dtype.
     */
    private static void adamRange(Runs r, double step, double decay, boolean shrinks, double shrink, double beta1,
                                  double beta2, double c1, double c2, double eps) {
        boolean f32 = r.f32;
        double keep1 = 1 - beta1, keep2 = 1 - beta2;
        while (r.next()) {
            double[] p = r.p, g = r.g, m = r.s, v = r.t;
            for (int i = r.from, end = r.from + r.n; i < end; i++) {
                double pi = shrinks ? round(f32, p[i] * shrink) : p[i];
                double gi = decayed(f32, g[i], pi, decay);
                double mi = round(f32, round(f32, m[i] * beta1) + keep1 * gi);
                double vi = round(f32, round(f32, v[i] * beta2) + keep2 * round(f32, gi * gi));
                double mHat = round(f32, mi / c1);
                double vHat = round(f32, vi / c2);
                double denominator = round(f32, round(f32, Math.sqrt(vHat)) + eps);
                m[i] = mi;
                v[i] = vi;
                p[i] = round(f32, pi + step * round(f32, mHat / denominator));
            }
        }
    }

    private static void rmsPropRange(Runs r, double step, double decay, double rho, double eps) {
        boolean f32 = r.f32;
        double keep = 1 - rho;
        while (r.next()) {
            double[] p = r.p, g = r.g, s = r.s;
            for (int i = r.from, end = r.from + r.n; i < end; i++) {
                double gi = decayed(f32, g[i], p[i], decay);
                double si = round(f32, round(f32, s[i] * rho) + keep * round(f32, gi * gi));
                double denominator = round(f32, round(f32, Math.sqrt(si)) + eps);
                s[i] = si;
                p[i] = round(f32, p[i] + step * round(f32, gi / denominator));
            }
        }
    }

    /**
     * The runs of doubles a kernel loops over, for a parameter, its gradient and up to two states over a range of
     * elements: FLOAT64 tensors in one run over their own arrays; FLOAT32 ones in blocks widened into this thread's
     * scratch, the written ones (all but the gradient) narrowed back once the kernel has run on the block. One
     * object per thread, reused, so a step allocates nothing.
     */
    private static final class Runs {
        /** Elements per block: the four scratch arrays stay in the L1 cache. */
        private static final int BLOCK = 1024;
        private static final ThreadLocal<Runs> OF_THREAD = ThreadLocal.withInitial(Runs::new);

        private final double[][] scratch = new double[4][BLOCK];
        private final Tensor[] tensors = new Tensor[4];
        /** The current run's arrays (scratch or the tensors' own), from {@link #from}, {@link #n} elements. */
        double[] p, g, s, t;
        int from, n;
        boolean f32;
        private int next, end;
        private boolean loaded;

        /** This thread's runs over elements [from, to) of the given tensors; {@code s} and {@code t} may be null. */
        static Runs of(Tensor p, Tensor g, Tensor s, Tensor t, int from, int to) {
            Runs r = OF_THREAD.get();
            r.tensors[0] = p;
            r.tensors[1] = g;
            r.tensors[2] = s;
            r.tensors[3] = t;
            r.f32 = p.floats != null;
            r.next = from;
            r.end = to;
            r.loaded = false;
            return r;
        }

        /** Stores the run just done, and moves to the next one; false (with nothing held) after the last. */
        boolean next() {
            if (loaded && f32) {
                for (int k = 0; k < 4; k++) {
                    if (k != 1 && tensors[k] != null) {
                        Storage.narrow(scratch[k], 0, tensors[k].floats, next - n, n);
                    }
                }
            }
            if (next >= end) {
                Arrays.fill(tensors, null);
                p = g = s = t = null;
                loaded = false;
                return false;
            }
            n = f32 ? Math.min(BLOCK, end - next) : end - next;
            p = load(0);
            g = load(1);
            s = load(2);
            t = load(3);
            from = f32 ? 0 : next;
            next += n;
            loaded = true;
            return true;
        }

        /** Tensor {@code k}'s array for the run about to start: its own, or its block widened into scratch. */
        private double[] load(int k) {
            Tensor x = tensors[k];
            if (x == null || !f32) {
                return x == null ? null : x.data;
            }
            Storage.widen(x.floats, next, 1, scratch[k], 0, n);
            return scratch[k];
        }
    }
}

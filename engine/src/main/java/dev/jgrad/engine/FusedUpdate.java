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
 * <p>The parameter must be a leaf with a gradient (see {@link Tensor#hasGrad}); the gradient is read as it is and
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
    /** Elements per piece when an update is shared among threads: whole pieces, so any split gives the same bits. */
    private static final int GRAIN = 1 << 14;

    private FusedUpdate() {
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
        int n = parameter.length();
        if (parameter.floats != null && weightDecay == 0) {
            // addInPlace(g, -lr) itself: its runner widens float blocks in loops that Java 17 vectorises, while a
            // loop converting element by element does not vectorise (1.5x slower on a [784, 512] weight).
            double step = -learningRate;
            Elementwise.update(parameter, g, (x, xi, xs, y, yi, ys, o, oi, k) -> {
                for (int i = 0; i < k; i++) o[oi + i] = x[xi + i] + step * y[yi + i];
            });
        } else if (parameter.floats != null) {
            Workers.forRange(n, GRAIN, (from, to) ->
                    sgdRange(parameter.floats, g.floats, from, to, -learningRate, weightDecay));
        } else {
            Workers.forRange(n, GRAIN, (from, to) ->
                    sgdRange(parameter.data, g.data, from, to, -learningRate, weightDecay));
        }
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
        int n = parameter.length();
        if (parameter.floats != null) {
            Workers.forRange(n, GRAIN, (from, to) ->
                    momentumRange(parameter.floats, g.floats, velocity.floats, from, to, -learningRate, weightDecay,
                            momentum, nesterov));
        } else {
            Workers.forRange(n, GRAIN, (from, to) ->
                    momentumRange(parameter.data, g.data, velocity.data, from, to, -learningRate, weightDecay, momentum,
                            nesterov));
        }
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
        // A decoupled decay shrinks the parameter only, a coupled one is added to the gradient.
        boolean shrinks = decoupled && weightDecay != 0;
        double decay = decoupled ? 0 : weightDecay, shrink = 1 - learningRate * weightDecay;
        double c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
        int n = parameter.length();
        if (parameter.floats != null) {
            Workers.forRange(n, GRAIN, (from, to) ->
                    adamRange(parameter.floats, g.floats, first.floats, second.floats, from, to, -learningRate, decay,
                            shrinks, shrink, beta1, beta2, (float) c1, (float) c2, (float) eps));
        } else {
            Workers.forRange(n, GRAIN, (from, to) ->
                    adamRange(parameter.data, g.data, first.data, second.data, from, to, -learningRate, decay, shrinks,
                            shrink, beta1, beta2, c1, c2, eps));
        }
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
        int n = parameter.length();
        if (parameter.floats != null) {
            Workers.forRange(n, GRAIN, (from, to) ->
                    rmsPropRange(parameter.floats, g.floats, meanSquare.floats, from, to, -learningRate, weightDecay,
                            rho, (float) eps));
        } else {
            Workers.forRange(n, GRAIN, (from, to) ->
                    rmsPropRange(parameter.data, g.data, meanSquare.data, from, to, -learningRate, weightDecay, rho,
                            eps));
        }
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
                    + " has no gradient: run backward() first, or skip parameters without one (Tensor.hasGrad)");
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
    // Each rule is a pair of loops over a range [from, to) of the elements, side by side: over doubles, the formula
    // as it reads; over floats, the same formula with a cast to float wherever the op-by-op formula stores a float
    // tensor. A step whose operands are all floats runs in float arithmetic, which gives the double result rounded
    // once (+ - * / and sqrt are correctly rounded, and a double holds more than twice a float's digits); one with a
    // double operand (an in-place factor such as beta, or -lr) runs in double and is cast once. A single loop over
    // doubles for both dtypes, rounding each step's result when the tensors are FLOAT32, has to widen the floats
    // into scratch and convert at every step; Java 17's compiler vectorises no conversion, and that loop took
    // 1.7 ms for an Adam step over 235k floats against 0.8 ms for these (fastest runs). Every element's update
    // reads and writes that element only, so [0, n) may be cut anywhere and its pieces run on any threads with the
    // same bits. The arguments named step are -lr, as addInPlace(g, -lr) adds them.

    /** The gradient with coupled weight decay folded in as {@code g.add(p.mul(decay))} computes it; 0 adds none. */
    private static double decayed(double g, double p, double decay) {
        return decay == 0 ? g : g + p * decay;
    }

    /** The same in float: the decay is a scalar operand, rounded to float, and 0 (before rounding) adds none. */
    private static float decayed(float g, float p, double decay) {
        return decay == 0 ? g : g + p * (float) decay;
    }

    /**
     * {@code g * g} rounded to float, computed in double: the same bits as the float product, but a tiny gradient's
     * square that underflows float's range costs no slow subnormal arithmetic.
     */
    private static float square(float g) {
        return (float) ((double) g * g);
    }

    private static void sgdRange(double[] p, double[] g, int from, int to, double step, double decay) {
        for (int i = from; i < to; i++) {
            p[i] = p[i] + step * decayed(g[i], p[i], decay);
        }
    }

    private static void sgdRange(float[] p, float[] g, int from, int to, double step, double decay) {
        for (int i = from; i < to; i++) {
            p[i] = (float) (p[i] + step * decayed(g[i], p[i], decay));
        }
    }

    private static void momentumRange(double[] p, double[] g, double[] v, int from, int to, double step,
                                      double decay, double beta, boolean nesterov) {
        double keep = 1 - beta;
        for (int i = from; i < to; i++) {
            double gi = decayed(g[i], p[i], decay);
            double vi = v[i] * beta + keep * gi;
            v[i] = vi;
            p[i] = p[i] + step * (nesterov ? vi * beta + gi * keep : vi);
        }
    }

    private static void momentumRange(float[] p, float[] g, float[] v, int from, int to, double step,
                                      double decay, double beta, boolean nesterov) {
        double keep = 1 - beta;
        float betaScalar = (float) beta, keepScalar = (float) keep;
        for (int i = from; i < to; i++) {
            float gi = decayed(g[i], p[i], decay);
            float vi = (float) ((float) (v[i] * beta) + keep * gi);
            v[i] = vi;
            p[i] = (float) (p[i] + step * (nesterov ? vi * betaScalar + gi * keepScalar : vi));
        }
    }

    /**
     * Adam's loop; {@code decay} is the coupled weight decay, {@code shrink} the decoupled factor (applied when
     * {@code shrinks}), {@code c1} and {@code c2} the bias corrections.
     */
    private static void adamRange(double[] p, double[] g, double[] m, double[] v, int from, int to, double step,
                                  double decay, boolean shrinks, double shrink, double beta1, double beta2,
                                  double c1, double c2, double eps) {
        double keep1 = 1 - beta1, keep2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            double pi = shrinks ? p[i] * shrink : p[i];
            double gi = decayed(g[i], pi, decay);
            double mi = m[i] * beta1 + keep1 * gi;
            double vi = v[i] * beta2 + keep2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            p[i] = pi + step * (mi / c1 / (Math.sqrt(vi / c2) + eps));
        }
    }

    private static void adamRange(float[] p, float[] g, float[] m, float[] v, int from, int to, double step,
                                  double decay, boolean shrinks, double shrink, double beta1, double beta2,
                                  float c1, float c2, float eps) {
        double keep1 = 1 - beta1, keep2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            float pi = shrinks ? (float) (p[i] * shrink) : p[i];
            float gi = decayed(g[i], pi, decay);
            float mi = (float) ((float) (m[i] * beta1) + keep1 * gi);
            float vi = (float) ((float) (v[i] * beta2) + keep2 * square(gi));
            m[i] = mi;
            v[i] = vi;
            p[i] = (float) (pi + step * (mi / c1 / ((float) Math.sqrt(vi / c2) + eps)));
        }
    }

    private static void rmsPropRange(double[] p, double[] g, double[] s, int from, int to, double step,
                                     double decay, double rho, double eps) {
        double keep = 1 - rho;
        for (int i = from; i < to; i++) {
            double gi = decayed(g[i], p[i], decay);
            double si = s[i] * rho + keep * (gi * gi);
            s[i] = si;
            p[i] = p[i] + step * (gi / (Math.sqrt(si) + eps));
        }
    }

    private static void rmsPropRange(float[] p, float[] g, float[] s, int from, int to, double step,
                                     double decay, double rho, float eps) {
        double keep = 1 - rho;
        for (int i = from; i < to; i++) {
            float gi = decayed(g[i], p[i], decay);
            float si = (float) ((float) (s[i] * rho) + keep * square(gi));
            s[i] = si;
            p[i] = (float) (p[i] + step * (gi / ((float) Math.sqrt(si) + eps)));
        }
    }
}

package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/** A small central-difference check of back-propagated gradients, for tests of nn's composite functions. */
final class Gradients {
    private Gradients() {
    }

    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-7;

    /**
     * Asserts that back-propagation through {@code f} gives every input the gradient that central differences
     * measure. A non-scalar output is reduced with fixed random weights, so one backward covers every output.
     * {@code f} must be deterministic (reseed any randomness inside it).
     */
    static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = Tensor.of(inputs[i].toArray(), inputs[i].shape()).requiresGrad(true);
        }
        Tensor out = f.apply(leaves);
        Tensor weights = Tensor.randn(new Random(99), out.shape());
        out.mul(weights).sum().backward();
        for (int i = 0; i < inputs.length; i++) {
            double[] analytic = leaves[i].grad() == null ? new double[(int) inputs[i].size()]
                    : leaves[i].grad().toArray();
            double[] numeric = numeric(f, weights, inputs, i);
            double error = relativeError(numeric, analytic);
            assertTrue(error < TOLERANCE, "input " + i + ": relative error " + error + "\n numeric  "
                    + Arrays.toString(numeric) + "\n analytic " + Arrays.toString(analytic));
        }
    }

    private static double[] numeric(Function<Tensor[], Tensor> f, Tensor weights, Tensor[] inputs, int which) {
        double[] x = inputs[which].toArray();
        double[] grad = new double[x.length];
        try (var off = Tensor.noGrad()) {
            for (int j = 0; j < x.length; j++) {
                double saved = x[j];
                x[j] = saved + H;
                double plus = evaluate(f, weights, inputs, which, x);
                x[j] = saved - H;
                double minus = evaluate(f, weights, inputs, which, x);
                x[j] = saved;
                grad[j] = (plus - minus) / (2 * H);
            }
        }
        return grad;
    }

    private static double evaluate(Function<Tensor[], Tensor> f, Tensor weights, Tensor[] inputs, int which,
            double[] x) {
        Tensor[] args = inputs.clone();
        args[which] = Tensor.of(x, inputs[which].shape());
        return f.apply(args).mul(weights).sum().item();
    }

    private static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na + nb == 0 ? 0 : Math.sqrt(diff) / (Math.sqrt(na) + Math.sqrt(nb));
    }

    /** Values drawn uniformly from [-3, 3] but at least 0.1 away from 0, where the ReLU family has its kink. */
    static Tensor awayFromZero(long seed, int... shape) {
        double[] v = Tensor.rand(new Random(seed), shape).mul(2.9).add(0.1).toArray();
        Random signs = new Random(seed + 1);
        for (int i = 0; i < v.length; i++) {
            v[i] = signs.nextBoolean() ? v[i] : -v[i];
        }
        return Tensor.of(v, shape);
    }
}

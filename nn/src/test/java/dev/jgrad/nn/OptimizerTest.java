package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    private static final double EPS = 1e-12;

    private static Tensor param(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    /** Runs one step of {@code opt} with the gradient of {@code p} set to {@code g} (a linear loss). */
    private static void stepWithGradient(Optimizer opt, Tensor p, double... g) {
        opt.zeroGrad();
        p.mul(Tensor.of(g, g.length)).sum().backward();
        opt.step();
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        Tensor p = param(1, 2);
        stepWithGradient(new SGD(List.of(p), 0.1), p, 0.5, -1);
        assertArrayEquals(new double[] {0.95, 2.1}, p.toArray(), EPS);
    }

    @Test
    void momentumIsAnExponentiallyWeightedAverageOfGradients() {
        Tensor p = param(0);
        SGD opt = new SGD(List.of(p), 1.0, 0.5, false);
        stepWithGradient(opt, p, 2);   // v = 0.5 * 2 = 1
        assertArrayEquals(new double[] {-1}, p.toArray(), EPS);
        stepWithGradient(opt, p, 2);   // v = 0.5 * 1 + 0.5 * 2 = 1.5
        assertArrayEquals(new double[] {-2.5}, p.toArray(), EPS);
    }

    @Test
    void nesterovLooksAheadWithTheUpdatedAverage() {
        Tensor p = param(0);
        stepWithGradient(new SGD(List.of(p), 1.0, 0.5, true), p, 2);   // 0.5 * v + 0.5 * g = 0.5 + 1
        assertArrayEquals(new double[] {-1.5}, p.toArray(), EPS);
    }

    @Test
    void nesterovWithoutMomentumRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(0)), 0.1, 0, true));
        assertEquals("SGD: Nesterov needs a momentum above 0", e.getMessage());
    }

    @Test
    void rmspropFirstStepIsGradientOverRootOfItsWeightedSquare() {
        Tensor p = param(0, 0);
        stepWithGradient(new RMSProp(List.of(p), 0.01, 0.9, 1e-8), p, 4, -0.1);
        double scale = 0.01 / Math.sqrt(0.1);
        assertArrayEquals(new double[] {-scale, scale}, p.toArray(), 1e-7);
    }

    @Test
    void adamFirstStepMovesEveryParameterByAboutTheLearningRate() {
        Tensor p = param(1, 1, 1, 1);
        stepWithGradient(new Adam(List.of(p), 0.01), p, 1e-3, 5, -100, 0.2);
        assertArrayEquals(new double[] {0.99, 0.99, 1.01, 0.99}, p.toArray(), 1e-7);
    }

    @Test
    void adamWShrinksParametersBeforeTheAdamStep() {
        Tensor p = param(2);
        stepWithGradient(new AdamW(List.of(p), 0.1, 0.5), p, 3);
        assertArrayEquals(new double[] {2 * (1 - 0.1 * 0.5) - 0.1}, p.toArray(), 1e-7);
    }

    @Test
    void coupledWeightDecayAddsDecayTimesParameterToTheGradient() {
        Tensor p = param(2);
        stepWithGradient(new SGD(List.of(p), 0.1).weightDecay(0.5), p, 1);   // g = 1 + 0.5 * 2
        assertArrayEquals(new double[] {1.8}, p.toArray(), EPS);
    }

    @Test
    void adamFindsTheMinimumOfAQuadratic() {
        Tensor p = param(0, 10);
        Optimizer opt = new Adam(List.of(p), 0.1);
        for (int i = 0; i < 500; i++) {
            opt.zeroGrad();
            p.sub(Tensor.of(new double[] {3, -1}, 2)).pow(2).sum().backward();
            opt.step();
        }
        assertArrayEquals(new double[] {3, -1}, p.toArray(), 1e-3);
    }

    @Test
    void clipGradNormScalesAllGradientsToTheLimit() {
        Tensor a = param(0);
        Tensor b = param(0);
        a.mul(3).add(b.mul(4)).backward();
        assertEquals(5.0, Optimizer.clipGradNorm(List.of(a, b), 1.0), EPS);
        assertArrayEquals(new double[] {0.6}, a.grad().toArray(), EPS);
        assertArrayEquals(new double[] {0.8}, b.grad().toArray(), EPS);
        assertEquals(1.0, Optimizer.clipGradNorm(List.of(a, b), 2.0), EPS);
        assertArrayEquals(new double[] {0.6}, a.grad().toArray(), EPS);
    }

    @Test
    void clippingOptimizerClipsBeforeStepping() {
        Tensor p = param(0, 0);
        stepWithGradient(new SGD(List.of(p), 1.0).clipGradNorm(1.0), p, 30, 40);
        assertArrayEquals(new double[] {-0.6, -0.8}, p.toArray(), EPS);
    }

    @Test
    void parametersWithoutGradientAreLeftAlone() {
        Tensor used = param(1);
        Tensor unused = param(1);
        Optimizer opt = new Adam(List.of(used, unused), 0.1);
        stepWithGradient(opt, used, 1);
        assertNull(unused.grad());
        assertArrayEquals(new double[] {1}, unused.toArray());
    }

    @Test
    void parameterThatDoesNotRequireGradRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(param(1), Tensor.zeros(2, 3)), 0.1));
        assertEquals("Adam: parameter 1 of shape [2, 3] is not a leaf that requires grad", e.getMessage());
    }

    @Test
    void badSettingsRejectedWithTheOptimizersName() {
        var momentum = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(0)), 0.1, 1.0, false));
        assertEquals("SGD: momentum 1.0 is outside [0, 1)", momentum.getMessage());
        var rate = assertThrows(IllegalArgumentException.class, () -> new RMSProp(List.of(param(0)), -1));
        assertEquals("RMSProp: learning rate -1.0 must be positive and finite", rate.getMessage());
        var decay = assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(param(0)), 0.1, -2));
        assertEquals("AdamW: weight decay -2.0 must be >= 0 and finite", decay.getMessage());
    }
}

package dev.jgrad.nn;

import static dev.jgrad.nn.TestTensors.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.GradCheck;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

class ActivationsTest {
    private static final double EPS = 1e-12;

    /** Values drawn uniformly from [-3, 3] but at least 0.1 away from 0, where the ReLU family has its kink. */
    private static Tensor awayFromZero(long seed, int... shape) {
        double[] v = Tensor.rand(new Random(seed), shape).mul(2.9).add(0.1).toArray();
        Random signs = new Random(seed + 1);
        for (int i = 0; i < v.length; i++) {
            v[i] = signs.nextBoolean() ? v[i] : -v[i];
        }
        return Tensor.of(v, shape);
    }

    @Test
    void leakyReluDefaultSlopeIsOneHundredth() {
        assertArrayEquals(new double[] {-0.02, 0, 3}, Activations.leakyRelu(vec(-2, 0, 3)).toArray(), EPS);
    }

    @Test
    void eluIsAlphaTimesExpMinusOneBelowZero() {
        assertArrayEquals(new double[] {2 * (Math.exp(-1) - 1), 0, 2},
                Activations.elu(vec(-1, 0, 2), 2.0).toArray(), EPS);
    }

    @Test
    void preluHasOneSlopePerFeatureAndLearnsIt() {
        Tensor slope = vec(0.1, 0.5).requiresGrad(true);
        Tensor y = Activations.prelu(Tensor.of(new double[] {-1, -2, 3, -4}, 2, 2), slope);
        assertArrayEquals(new double[] {-0.1, -1, 3, -2}, y.toArray(), EPS);
        y.sum().backward();
        assertArrayEquals(new double[] {-1, -6}, slope.grad().toArray(), EPS);
    }

    @Test
    void preluWithOneSharedSlopeKeepsTheInputShape() {
        Tensor slope = Tensor.of(new double[] {0.25}, 1).requiresGrad(true);
        Tensor y = Activations.prelu(Tensor.scalar(-2), slope);
        assertArrayEquals(new int[0], y.shape());
        assertEquals(-0.5, y.item());
        y.backward();
        assertEquals(-2.0, slope.grad().item());
    }

    @Test
    void rreluDrawsSlopesInsideTheRangeReproducibly() {
        Tensor minusOnes = Tensor.full(-1, 2000);
        double[] y = Activations.rrelu(minusOnes, 0.1, 0.3, new Random(5)).toArray();
        double mean = 0;
        for (double v : y) {
            assertTrue(v >= -0.3 && v <= -0.1, "slope out of range: " + v);
            mean += v / y.length;
        }
        assertEquals(-0.2, mean, 0.01);
        assertArrayEquals(y, Activations.rrelu(minusOnes, 0.1, 0.3, new Random(5)).toArray());
        assertArrayEquals(new double[] {4}, Activations.rrelu(vec(4), 0.1, 0.3, new Random(5)).toArray());
    }

    @Test
    void rreluModuleUsesMeanSlopeInEval() {
        RReLU act = new RReLU(0.1, 0.3, new Random(1));
        act.eval();
        assertArrayEquals(new double[] {-0.4, 2}, act.forward(vec(-2, 2)).toArray(), EPS);
        act.train();
        assertNotEquals(-0.4, act.forward(vec(-2, 2)).toArray()[0]);
    }

    @Test
    void swishIsXTimesSigmoidOfBetaX() {
        assertArrayEquals(new double[] {2 / (1 + Math.exp(-4))}, Activations.swish(vec(2), 2).toArray(), EPS);
        assertArrayEquals(new double[] {1 / (1 + Math.exp(-1))}, Activations.silu(vec(1)).toArray(), EPS);
    }

    @Test
    void softplusIsStableForLargeMagnitudes() {
        assertArrayEquals(new double[] {Math.log(2), 1000, 0, Math.exp(-30)},
                Activations.softplus(vec(0, 1000, -1000, -30)).toArray(), 1e-15);
        Tensor x = vec(1000, -1000, 0).requiresGrad(true);
        Activations.softplus(x).sum().backward();
        assertArrayEquals(new double[] {1, 0, 0.5}, x.grad().toArray(), EPS);
    }

    @Test
    void customOpsHaveSecondDerivatives() {
        Tensor x = vec(0, 1).requiresGrad(true);
        Activations.softplus(x).sum().backward(Tensor.scalar(1), true);
        Tensor slope = x.grad();
        x.zeroGrad();
        slope.sum().backward();
        double s1 = 1 / (1 + Math.exp(-1));
        assertArrayEquals(new double[] {0.25, s1 * (1 - s1)}, x.grad().toArray(), EPS);

        Tensor z = vec(0.5).requiresGrad(true);
        Activations.gelu(z).sum().backward(Tensor.scalar(1), true);
        Tensor geluSlope = z.grad();
        z.zeroGrad();
        geluSlope.sum().backward();
        // gelu'' = 2 phi(x) - x^2 phi(x) with phi the standard normal density
        double phi = Math.exp(-0.125) / Math.sqrt(2 * Math.PI);
        assertArrayEquals(new double[] {(2 - 0.25) * phi}, z.grad().toArray(), EPS);
    }

    @Test
    void geluIsXTimesNormalCdf() {
        // Phi(1) = 0.841344746068543 from tables of the normal distribution.
        assertArrayEquals(new double[] {0.841344746068543, 0, -(1 - 0.841344746068543), 10, 0},
                Activations.gelu(vec(1, 0, -1, 10, -10)).toArray(), 1e-14);
    }

    @Test
    void geluOfNegativeInputsKeepsItsRelativePrecision() {
        // gelu(x) = x Phi(x), with Phi(-5) = 2.866515718791939e-7 and Phi(-10) = 7.619853024160527e-24 from tables.
        double[] g = Activations.gelu(vec(-5, -10)).toArray();

        assertEquals(-5 * 2.866515718791939e-7, g[0], 1e-13 * 1.4e-6);
        assertEquals(-10 * 7.619853024160527e-24, g[1], 1e-13 * 7.6e-23);
    }

    @Test
    void erfcMatchesTabulatedValuesToFullRelativePrecision() {
        assertEquals(0.4795001221869535, Activations.erfc(0.5), 1e-15);
        assertEquals(0.004677734981047266, Activations.erfc(2), 1e-15 * 0.0047);
        assertEquals(1.5374597944280349e-12, Activations.erfc(5), 1e-15 * 1.5e-12);
        assertEquals(0.0, Activations.erfc(30), 0);
    }

    @Test
    void erfMatchesTabulatedValues() {
        assertEquals(0.5204998778130465, Activations.erf(0.5), 1e-15);
        assertEquals(0.9953222650189527, Activations.erf(2), 1e-15);
        assertEquals(-0.9999779095030014, Activations.erf(-3), 1e-15);
        assertEquals(1.0, Activations.erf(7), 0);
    }

    @Test
    void softmaxOfHugeLogitsIsFinite() {
        Tensor p = Activations.softmax(Tensor.of(new double[] {1000, 1000, 1000, 0}, 2, 2), -1);
        assertArrayEquals(new double[] {0.5, 0.5, 1, 0}, p.toArray(), EPS);
        assertArrayEquals(new double[] {0, -1000},
                Activations.logSoftmax(vec(1000, 0), 0).toArray(), EPS);
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor p = Activations.softmax(Tensor.randn(new Random(3), 4, 5), 1);
        assertArrayEquals(new double[] {1, 1, 1, 1}, p.sum(1, false).toArray(), EPS);
    }

    @Test
    void maxoutTakesTheLargestOfEachGroup() {
        Tensor x = vec(1, 5, 3, 2).requiresGrad(true);
        Tensor y = Activations.maxout(x, 2);
        assertArrayEquals(new double[] {5, 3}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 1, 1, 0}, x.grad().toArray());
    }

    @Test
    void maxoutLayerMapsInToOutFeatures() {
        Maxout layer = new Maxout(3, 4, 2, Init.XAVIER_UNIFORM, new Random(1));
        assertArrayEquals(new int[] {5, 4}, layer.forward(Tensor.ones(5, 3)).shape());
        assertEquals(List.of("linear.weight", "linear.bias"), List.copyOf(layer.namedParameters().keySet()));
    }

    @Test
    void activationModulesApplyTheirFunction() {
        Tensor x = vec(-1, 2);
        assertArrayEquals(Activations.gelu(x).toArray(), Activation.gelu().forward(x).toArray());
        assertArrayEquals(new double[] {-0.1, 2}, Activation.leakyRelu(0.1).forward(x).toArray(), EPS);
        assertEquals("leakyRelu(0.1)", Activation.leakyRelu(0.1).toString());
        assertArrayEquals(new double[] {-0.25, 2}, new PReLU().forward(x).toArray(), EPS);
    }

    @TestFactory
    Stream<DynamicTest> badArgumentsAreRejectedWithAMessageNamingTheActivationAndTheValues() {
        return Stream.of(
                rejected("prelu: slope of shape [3] is neither one value nor one per feature of input shape [2, 4]",
                        () -> Activations.prelu(Tensor.ones(2, 4), vec(1, 2, 3))),
                rejected("RReLU: slope range [0.5, 0.1] needs finite lower <= upper",
                        () -> new RReLU(0.5, 0.1, new Random(0))),
                rejected("softmax: axis 2 is out of range for shape [2, 3]",
                        () -> Activations.softmax(Tensor.ones(2, 3), 2)),
                rejected("logSoftmax: axis -3 is out of range for shape [2, 3]",
                        () -> Activations.logSoftmax(Tensor.ones(2, 3), -3)),
                rejected("maxout: the last axis of shape [2, 5] is not a positive multiple of 2 pieces",
                        () -> Activations.maxout(Tensor.ones(2, 5), 2)));
    }

    /** A test, named by {@code message}, that {@code call} throws an IllegalArgumentException with that message. */
    private static DynamicTest rejected(String message, Executable call) {
        return DynamicTest.dynamicTest(message,
                () -> assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage()));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Tensor x = awayFromZero(1, 3, 4);
        List<java.util.function.UnaryOperator<Tensor>> fns = List.of(
                Activations::sigmoid, Activations::tanh, Activations::relu, Activations::leakyRelu,
                t -> Activations.elu(t, 1.5), Activations::silu, t -> Activations.swish(t, 0.7),
                Activations::softplus, Activations::gelu, t -> Activations.softmax(t, 1),
                t -> Activations.logSoftmax(t, 0), t -> Activations.maxout(t, 2),
                t -> Activations.rrelu(t, 0.1, 0.4, new Random(3)));
        for (var fn : fns) {
            GradCheck.assertGradients(in -> fn.apply(in[0]), x);
        }
        GradCheck.assertGradients(in -> Activations.prelu(in[0], in[1]), x, vec(0.1, 0.2, 0.3, 0.4));
    }
}

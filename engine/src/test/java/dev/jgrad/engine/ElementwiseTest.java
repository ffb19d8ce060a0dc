package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertGradientMatches;
import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    private static final Tensor X = Tensor.of(new double[] {0.5, 1.5, 2.0, 3.0, 0.25, 1.0}, 2, 3);
    private static final Tensor SIGNED = Tensor.of(new double[] {-1.5, -0.3, 0.2, 0.7, 1.1, 2.5}, 2, 3);

    @Test
    void unaryValues() {
        Tensor x = Tensor.of(new double[] {1, 4}, 2);
        assertValues(x.neg(), new int[] {2}, -1, -4);
        assertValues(x.exp(), new int[] {2}, Math.exp(1), Math.exp(4));
        assertValues(x.log(), new int[] {2}, 0, Math.log(4));
        assertValues(x.sqrt(), new int[] {2}, 1, 2);
        assertValues(x.pow(3), new int[] {2}, 1, 64);
        assertValues(x.pow(-0.5), new int[] {2}, 1, 0.5);
        assertValues(x.tanh(), new int[] {2}, Math.tanh(1), Math.tanh(4));
        assertValues(x.sigmoid(), new int[] {2}, 1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(-4)));
    }

    @Test
    void sigmoidIsStableForLargeMagnitudes() {
        assertValues(Tensor.of(new double[] {-1000, 1000}, 2).sigmoid(), new int[] {2}, 0, 1);
    }

    @Test
    void sigmoidDerivativeKeepsItsRelativePrecisionInTheTails() {
        Tensor x = Tensor.of(new double[] {30, -30}, 2).requiresGrad(true);
        x.sigmoid().sum().backward();
        double expected = Math.exp(-30) / Math.pow(1 + Math.exp(-30), 2);
        assertEquals(expected, x.grad().get(0), expected * 1e-12);
        assertEquals(expected, x.grad().get(1), expected * 1e-12);
    }

    @Test
    void scalarOverloadsAreBroadcastConstants() {
        Tensor x = Tensor.of(new double[] {2, 4}, 2);
        assertValues(x.add(1), new int[] {2}, 3, 5);
        assertValues(x.sub(1), new int[] {2}, 1, 3);
        assertValues(x.mul(3), new int[] {2}, 6, 12);
        assertValues(x.div(2), new int[] {2}, 1, 2);
    }

    @Test
    void scalarOverloadsRecordTheirOwnOp() {
        Tensor x = Tensor.of(new double[] {2, 4}, 2).requiresGrad(true);
        assertEquals("add", x.add(1).op());
        assertEquals("sub", x.sub(1).op());
        assertEquals("mul", x.mul(3).op());
        assertEquals("div", x.div(2).op());
    }

    @Test
    void subOfAScalarHasGradientOne() {
        Tensor x = Tensor.of(new double[] {2, 4}, 2).requiresGrad(true);
        x.sub(1).sum().backward();
        assertValues(x.grad(), new int[] {2}, 1, 1);
    }

    @Test
    void unaryGradientsMatchCentralDifferences() {
        for (Function<Tensor, Tensor> f : java.util.List.<Function<Tensor, Tensor>>of(Tensor::neg, Tensor::exp,
                Tensor::log, Tensor::sqrt, t -> t.pow(3), t -> t.pow(-1.5), t -> t.pow(0.5), Tensor::tanh,
                Tensor::sigmoid)) {
            assertGradientMatches(f, X);
        }
        for (Function<Tensor, Tensor> f : java.util.List.<Function<Tensor, Tensor>>of(Tensor::relu, Tensor::abs,
                t -> t.clamp(-1, 1), t -> t.pow(2))) {
            assertGradientMatches(f, SIGNED);
        }
    }

    @Test
    void powZeroHasZeroGradientEvenAtZero() {
        Tensor x = Tensor.of(new double[] {0, 2}, 2).requiresGrad(true);
        Tensor y = x.pow(0);
        assertValues(y, new int[] {2}, 1, 1);
        y.sum().backward();
        assertValues(x.grad(), new int[] {2}, 0, 0);
    }

    @Test
    void binaryGradientsMatchCentralDifferencesWithBroadcasting() {
        Tensor b = Tensor.of(new double[] {0.7, 1.3, 2.1}, 3);
        for (Function<Tensor, Tensor> f : java.util.List.<Function<Tensor, Tensor>>of(t -> t.add(b), t -> t.sub(b),
                t -> t.mul(b), t -> t.div(b), t -> b.div(t), t -> t.maximum(b), t -> t.minimum(b))) {
            assertGradientMatches(f, X);
            assertGradientMatches(t -> f.apply(X).mul(t), b);
        }
    }

    @Test
    void broadcastingFollowsNumpyRules() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor b = Tensor.of(new double[] {10, 20}, 1, 2);
        assertValues(a.add(b), new int[] {3, 2}, 11, 21, 12, 22, 13, 23);
        Tensor c = Tensor.ones(2, 1, 3);
        assertEquals(java.util.Arrays.toString(new int[] {2, 4, 3}),
                java.util.Arrays.toString(c.mul(Tensor.ones(4, 1)).shape()));
        assertValues(Tensor.scalar(2).mul(Tensor.of(new double[] {1, 2}, 2)), new int[] {2}, 2, 4);
    }

    @Test
    void everyBinaryOpRejectsShapesThatDoNotBroadcast() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4);
        for (String op : new String[] {"add", "sub", "mul", "div", "maximum", "minimum"}) {
            assertThrowsNaming(IllegalArgumentException.class, () -> {
                switch (op) {
                    case "add" -> a.add(b);
                    case "sub" -> a.sub(b);
                    case "mul" -> a.mul(b);
                    case "div" -> a.div(b);
                    case "maximum" -> a.maximum(b);
                    default -> a.minimum(b);
                }
            }, op + ":", "[2, 3]", "[4]");
        }
    }

    @Test
    void clampRejectsInvertedBounds() {
        assertThrowsNaming(IllegalArgumentException.class, () -> X.clamp(1, -1), "clamp", "1.0", "-1.0");
    }
}

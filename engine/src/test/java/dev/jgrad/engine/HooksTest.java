package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Gradient hooks ({@code registerHook}) and retained gradients of non-leaves ({@code retainGrad}). */
class HooksTest {
    private static final int[] ROW = {3};

    private static Tensor x() {
        return Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
    }

    @BeforeEach
    void emptyPool() {
        ArrayPool.clear();
    }

    @Test
    void aHookSeesTheGradientSummedOverEveryConsumer() {
        Tensor x = x();
        Tensor y = x.mul(2);
        List<double[]> seen = new ArrayList<>();
        y.registerHook(g -> {
            seen.add(g.toArray());
            return g;
        });
        // d/dy of (3y + y²) = 3 + 2y = 3 + 4x
        y.mul(3).add(y.mul(y)).sum().backward();
        assertEquals(1, seen.size());
        assertArrayEquals(new double[] {7, 11, 15}, seen.get(0));
        assertValues(x.grad(), ROW, 14, 22, 30);
    }

    @Test
    void hooksRunInRegistrationOrderEachOnThePreviousResult() {
        Tensor x = x();
        Tensor y = x.mul(x);
        List<String> calls = new ArrayList<>();
        y.registerHook(g -> {
            calls.add("first " + g.get(0));
            return g.add(1);
        });
        y.registerHook(g -> {
            calls.add("second " + g.get(0));
            return g.mul(10);
        });
        y.sum().backward();
        assertEquals(List.of("first 1.0", "second 2.0"), calls);
        // (1 + 1) * 10 = 20 reaches y, so x gets 20 * 2x
        assertValues(x.grad(), ROW, 40, 80, 120);
    }

    @Test
    void aReplacedGradientReachesEveryUpstreamTensorAndLeaf() {
        Tensor x = x(), w = Tensor.of(new double[] {4, 5, 6}, 3).requiresGrad(true);
        Tensor h = x.mul(w);
        Tensor y = h.tanh();
        List<double[]> atH = new ArrayList<>();
        h.registerHook(g -> {
            atH.add(g.toArray());
            return g;
        });
        y.registerHook(g -> Tensor.full(0.5, 3));
        y.sum().backward();
        double[] expectedAtH = new double[3];
        for (int i = 0; i < 3; i++) {
            double t = Math.tanh((i + 1) * (i + 4));
            expectedAtH[i] = 0.5 * (1 - t * t);
        }
        assertArrayEquals(expectedAtH, atH.get(0), 1e-15);
        for (int i = 0; i < 3; i++) {
            assertEquals(expectedAtH[i] * (i + 4), x.grad().get(i), 1e-15);
            assertEquals(expectedAtH[i] * (i + 1), w.grad().get(i), 1e-15);
        }
    }

    @Test
    void aHookOnALeafChangesWhatItAccumulates() {
        Tensor x = x();
        x.registerHook(g -> g.mul(-1));
        x.mul(x).sum().backward();
        assertValues(x.grad(), ROW, -2, -4, -6);
    }

    @Test
    void aRemovedHookIsNotCalledAgain() {
        Tensor x = x();
        List<Integer> calls = new ArrayList<>();
        HookHandle first = x.registerHook(g -> {
            calls.add(1);
            return g.mul(3);
        });
        x.registerHook(g -> {
            calls.add(2);
            return g;
        });
        x.sum().backward();
        first.remove();
        first.remove();
        x.zeroGrad();
        x.sum().backward();
        assertEquals(List.of(1, 2, 2), calls);
        assertValues(x.grad(), ROW, 1, 1, 1);
    }

    @Test
    void theSameHookRegisteredTwiceRunsTwiceAndIsRemovedOnceAHandle() {
        Tensor x = x();
        java.util.function.UnaryOperator<Tensor> doubling = g -> g.mul(2);
        HookHandle one = x.registerHook(doubling);
        x.registerHook(doubling);
        x.sum().backward();
        assertValues(x.grad(), ROW, 4, 4, 4);
        one.remove();
        x.zeroGrad();
        x.sum().backward();
        assertValues(x.grad(), ROW, 2, 2, 2);
    }

    @Test
    void aHookIsCalledWithTheRecordedGradientUnderCreateGraph() {
        Tensor x = x();
        Tensor y = x.mul(x);
        y.registerHook(g -> g.mul(x));
        // the hook makes dL/dy = x, so dL/dx = x * 2x = 2x², and its own derivative is 4x
        y.backward(Tensor.ones(3), true);
        Tensor gx = x.grad();
        assertValues(gx, ROW, 2, 8, 18);
        x.zeroGrad();
        gx.sum().backward();
        assertValues(x.grad(), ROW, 4, 8, 12);
    }

    @Test
    void aHookReturningNullIsAnErrorNamingTheOpAndShape() {
        Tensor y = x().tanh();
        y.registerHook(g -> null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("hook on the output of 'tanh' of shape [3] returned null; return the gradient, or a replacement"
                + " of shape [3]", e.getMessage());
    }

    @Test
    void aHookReturningAnotherShapeIsAnErrorNamingBothShapes() {
        Tensor x = x();
        x.registerHook(g -> g.reshape(3, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.sum().backward());
        assertEquals("hook on a leaf of shape [3] returned a gradient of shape [3, 1]", e.getMessage());
    }

    @Test
    void aHookReturningAnotherDtypeIsAnError() {
        Tensor y = x().mul(2);
        y.registerHook(g -> g.to(DType.FLOAT32));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("hook on the output of 'mul' of shape [3] returned a FLOAT32 gradient for a FLOAT64 one",
                e.getMessage());
    }

    @Test
    void aHookOnATensorThatNeedsNoGradientIsRefused() {
        Tensor c = Tensor.ones(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.registerHook(g -> g));
        assertEquals("registerHook: the tensor of shape [2] does not require grad, so no gradient passes it; call"
                + " requiresGrad(true) on it or on the inputs it is computed from first", e.getMessage());
    }

    // ---------------------------------------------------------------- retained gradients

    @Test
    void aRetainedGradientEqualsTheAnalyticOne() {
        Tensor x = x();
        Tensor y = x.mul(x).retainGrad();
        Tensor z = y.sum();
        z.backward();
        assertValues(y.grad(), ROW, 1, 1, 1);
        assertValues(x.grad(), ROW, 2, 4, 6);
    }

    @Test
    void aRetainedGradientIsSummedOverConsumersAndAccumulatesAcrossPasses() {
        Tensor x = x();
        Tensor y = x.mul(2).retainGrad();
        Tensor h = y.tanh();
        Tensor loss = y.mul(y).add(h).sum();
        loss.backward();
        double[] once = new double[3];
        for (int i = 0; i < 3; i++) {
            double yi = 2 * (i + 1), t = Math.tanh(yi);
            once[i] = 2 * yi + 1 - t * t;
        }
        assertArrayEquals(once, y.grad().toArray(), 1e-15);
        assertNull(h.grad());
        assertFalse(h.hasGrad());
        y.mul(y).add(y.tanh()).sum().backward();
        for (int i = 0; i < 3; i++) {
            assertEquals(2 * once[i], y.grad().get(i), 1e-14);
        }
    }

    @Test
    void aRetainedGradientIsTheOneAfterTheHooks() {
        Tensor x = x();
        Tensor y = x.mul(x).retainGrad();
        y.registerHook(g -> g.mul(5));
        y.sum().backward();
        assertValues(y.grad(), ROW, 5, 5, 5);
        assertValues(x.grad(), ROW, 10, 20, 30);
    }

    @Test
    void retainGradOnALeafChangesNothing() {
        Tensor x = x();
        assertSame(x, x.retainGrad());
        x.mul(3).sum().backward();
        assertValues(x.grad(), ROW, 3, 3, 3);
    }

    @Test
    void retainGradOnATensorThatNeedsNoGradientIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.ones(2, 2).retainGrad());
        assertEquals("retainGrad: the tensor of shape [2, 2] does not require grad, so no gradient passes it; call"
                + " requiresGrad(true) on it or on the inputs it is computed from first", e.getMessage());
    }

    // ---------------------------------------------------------------- never recycled

    private static final int BATCH = 32, IN = 64, OUT = 48;

    /** One step of a two-layer network whose hidden layer is {@code watch}ed; returns the loss. */
    private static Tensor step(Tensor x, Tensor w1, Tensor w2, java.util.function.Consumer<Tensor> watch) {
        Tensor h = x.matmul(w1).relu();
        watch.accept(h);
        Tensor y = h.matmul(w2);
        return y.mul(y).mean();
    }

    private static Tensor weight(Random rng, DType dtype, int rows, int cols) {
        return Tensor.randn(dtype, rng, rows, cols).mul(0.2).detach().requiresGrad(true);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gradientsAHookKeptKeepTheirValuesAcrossLaterPasses(DType dtype) {
        Random rng = new Random(3);
        Tensor w1 = weight(rng, dtype, IN, OUT), w2 = weight(rng, dtype, OUT, OUT);
        List<Tensor> kept = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            w1.zeroGrad();
            w2.zeroGrad();
            Tensor x = Tensor.randn(dtype, rng, BATCH, IN);
            step(x, w1, w2, h -> h.registerHook(g -> {
                kept.add(g);
                values.add(g.toArray());
                return g;
            })).backward();
        }
        assertEquals(4, kept.size());
        for (int k = 0; k < kept.size(); k++) {
            assertArrayEquals(values.get(k), kept.get(k).toArray(), "kept gradient " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aLeafHookKeptGradientKeepsItsValuesAcrossLaterPasses(DType dtype) {
        Random rng = new Random(5);
        Tensor w1 = weight(rng, dtype, IN, OUT), w2 = weight(rng, dtype, OUT, OUT);
        List<Tensor> kept = new ArrayList<>();
        w1.registerHook(g -> {
            kept.add(g);
            return g;
        });
        step(Tensor.randn(dtype, rng, BATCH, IN), w1, w2, h -> { }).backward();
        double[] before = kept.get(0).toArray();
        for (int s = 0; s < 3; s++) {
            w1.zeroGrad();
            w2.zeroGrad();
            step(Tensor.randn(dtype, rng, BATCH, IN), w1, w2, h -> { }).backward();
        }
        assertArrayEquals(before, kept.get(0).toArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void retainedGradientsKeepTheirValuesAcrossLaterPasses(DType dtype) {
        Random rng = new Random(9);
        Tensor w1 = weight(rng, dtype, IN, OUT), w2 = weight(rng, dtype, OUT, OUT);
        List<Tensor> hidden = new ArrayList<>();
        List<Tensor> kept = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            w1.zeroGrad();
            w2.zeroGrad();
            Tensor x = Tensor.randn(dtype, rng, BATCH, IN);
            step(x, w1, w2, h -> hidden.add(h.retainGrad())).backward();
            Tensor g = hidden.get(s).grad();
            kept.add(g);
            values.add(g.toArray());
            // Forgetting it gives nothing back to the pool: grad() lent it out.
            hidden.get(s).zeroGrad();
        }
        for (int k = 0; k < kept.size(); k++) {
            assertArrayEquals(values.get(k), kept.get(k).toArray(), "retained gradient " + k);
        }
    }

    @Test
    void aRetainedGradientEqualsTheOneAHookSees() {
        Random rng = new Random(11);
        Tensor w1 = weight(rng, DType.FLOAT64, IN, OUT), w2 = weight(rng, DType.FLOAT64, OUT, OUT);
        Tensor[] seen = new Tensor[1];
        Tensor[] hidden = new Tensor[1];
        step(Tensor.randn(DType.FLOAT64, rng, BATCH, IN), w1, w2, h -> {
            hidden[0] = h.retainGrad();
            h.registerHook(g -> seen[0] = g);
        }).backward();
        assertArrayEquals(seen[0].toArray(), hidden[0].grad().toArray());
    }
}

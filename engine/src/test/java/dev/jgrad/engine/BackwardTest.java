package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackwardTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    @Test
    void tensorUsedTwiceSumsBothContributions() {
        Tensor x = leaf(3);
        x.mul(x).backward();
        assertValues(x.grad(), new int[] {1}, 6);
    }

    @Test
    void diamondGraphSumsGradientsWhereBranchesMeet() {
        // y = (2x) * (x + 1): dy/dx = 2(x + 1) + 2x = 4x + 2
        Tensor x = leaf(1.5);
        Tensor left = x.mul(2), right = x.add(1);
        left.mul(right).backward();
        assertValues(x.grad(), new int[] {1}, 8);
    }

    @Test
    void gradientsAccumulateAcrossCallsUntilZeroGrad() {
        Tensor x = leaf(2);
        x.mul(3).backward();
        x.mul(3).backward();
        assertValues(x.grad(), new int[] {1}, 6);
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(5).backward();
        assertValues(x.grad(), new int[] {1}, 5);
    }

    @Test
    void theSameGraphCanBeBackPropagatedTwice() {
        Tensor x = leaf(2);
        Tensor y = x.pow(2);
        y.backward();
        y.backward();
        assertValues(x.grad(), new int[] {1}, 8);
    }

    @Test
    void onlyLeavesKeepGradients() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(2);
        h.sum().backward();
        assertNull(h.grad());
        assertValues(x.grad(), new int[] {2}, 2, 2);
    }

    @Test
    void gradIsNullUntilABackwardPassReachesTheLeaf() {
        Tensor x = leaf(1), unused = leaf(1);
        assertNull(x.grad());
        x.mul(2).add(Tensor.scalar(0).mul(Tensor.ones(1))).backward();
        assertNull(unused.grad());
    }

    @Test
    void scalarOfAnyRankWithOneElementSeedsWithOne() {
        Tensor x = Tensor.of(new double[] {4}, 1, 1).requiresGrad(true);
        x.mul(x).backward();
        assertValues(x.grad(), new int[] {1, 1}, 8);
    }

    @Test
    void aMillionOpChainBackPropagatesWithoutOverflowingTheStack() {
        Tensor x = leaf(1);
        Tensor y = x;
        for (int i = 0; i < 1_000_000; i++) {
            y = y.add(1);
        }
        y.backward();
        assertValues(x.grad(), new int[] {1}, 1);
        assertValues(y, new int[] {1}, 1_000_001);
    }

    @Test
    void repeatedGraphsDoNotGrowTheHeap() {
        Tensor x = leaf(0.5, 0.25);
        Runtime rt = Runtime.getRuntime();
        long[] used = new long[2];
        for (int round = 0; round < 10_000; round++) {
            Tensor y = x;
            for (int i = 0; i < 1000; i++) {
                y = (i & 1) == 0 ? y.add(0.001) : y.mul(0.999);
            }
            y.sum().backward();
            if (round == 2_000 || round == 9_999) {
                System.gc();
                used[round == 2_000 ? 0 : 1] = rt.totalMemory() - rt.freeMemory();
            }
        }
        // Old graphs are unreachable: what is live after 10,000 rounds is what was live after 2,000, give or take.
        assertTrue(used[1] < used[0] + 16L * 1024 * 1024, () -> "heap grew from " + used[0] + " to " + used[1]);
        assertEquals(10_000 * Math.pow(0.999, 500), x.grad().get(0), 1e-6);
    }

    @Test
    void noGradStopsRecordingOnThisThreadOnly() throws Exception {
        Tensor x = leaf(1);
        AtomicBoolean otherRecords = new AtomicBoolean();
        try (var off = Tensor.noGrad()) {
            Tensor y = x.mul(2);
            assertFalse(y.requiresGrad());
            assertNull(y.op());
            assertFalse(Tensor.isGradEnabled());
            Thread other = new Thread(() -> otherRecords.set(x.mul(2).requiresGrad()));
            other.start();
            other.join();
            try (var on = Tensor.enableGrad()) {
                assertTrue(x.mul(2).requiresGrad());
            }
            assertFalse(x.mul(2).requiresGrad());
        }
        assertTrue(otherRecords.get());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(3);
        Tensor y = x.mul(x.detach());
        y.backward();
        assertValues(x.grad(), new int[] {1}, 3);
        assertFalse(x.detach().requiresGrad());
        assertNull(x.detach().op());
    }

    @Test
    void requiresGradReturnsTheTensorAndComputedTensorsCannotSwitchOff() {
        Tensor x = Tensor.ones(2);
        assertSame(x, x.requiresGrad(true));
        Tensor y = x.mul(2);
        assertTrue(y.requiresGrad());
        assertEquals("mul", y.op());
        assertThrowsNaming(IllegalStateException.class, () -> y.requiresGrad(false), "mul", "detach()");
    }

    @Test
    void secondDerivativeOfCubeIsSixX() {
        Tensor x = leaf(0.5, -2, 3);
        Tensor y = x.pow(3).sum();
        y.backward(Tensor.scalar(1), true);
        Tensor dx = x.grad();
        assertValues(dx, new int[] {3}, 0.75, 12, 27);
        assertTrue(dx.requiresGrad());
        x.zeroGrad();
        dx.sum().backward();
        assertValues(x.grad(), new int[] {3}, 3, -12, 18);
    }

    @Test
    void hessianOfATwoVariableFunctionMatchesHandDerivedValues() {
        // f(x, y) = x^2 y + sin-free mix: x^2 * y + exp(x * y) + y^3 / x
        double xv = 0.7, yv = 1.3;
        double[][] hessian = new double[2][2];
        for (int row = 0; row < 2; row++) {
            Tensor x = leaf(xv), y = leaf(yv);
            Tensor f = x.pow(2).mul(y).add(x.mul(y).exp()).add(y.pow(3).div(x));
            f.backward(Tensor.of(new double[] {1}, 1), true);
            Tensor first = row == 0 ? x.grad() : y.grad();
            x.zeroGrad();
            y.zeroGrad();
            first.backward();
            hessian[row][0] = x.grad().item();
            hessian[row][1] = y.grad().item();
        }
        double e = Math.exp(xv * yv);
        double fxx = 2 * yv + yv * yv * e + 2 * Math.pow(yv, 3) / Math.pow(xv, 3);
        double fxy = 2 * xv + e + xv * yv * e - 3 * yv * yv / (xv * xv);
        double fyy = xv * xv * e + 6 * yv / xv;
        assertEquals(fxx, hessian[0][0], 1e-10);
        assertEquals(fxy, hessian[0][1], 1e-10);
        assertEquals(fxy, hessian[1][0], 1e-10);
        assertEquals(fyy, hessian[1][1], 1e-10);
    }

    @Test
    void secondDerivativesThroughReductionsAndMatmul() {
        // f(w) = sum((x·w)^2): gradient 2 xᵀ x w, Hessian-vector with v = ones is 2 xᵀ x 1
        Tensor xm = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor w = Tensor.of(new double[] {0.5, -1}, 2, 1).requiresGrad(true);
        xm.matmul(w).pow(2).sum().backward(Tensor.scalar(1), true);
        Tensor g = w.grad();
        w.zeroGrad();
        g.sum().backward();
        // xᵀx = [[10, 14], [14, 20]]: 2 · row sums = [48, 68]
        assertValues(w.grad(), new int[] {2, 1}, 48, 68);
    }

    @Test
    void backwardOnANonScalarNeedsAnUpstreamGradient() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        assertThrowsNaming(IllegalStateException.class, () -> x.mul(2).backward(), "backward()", "[3]", "upstream");
    }

    @Test
    void upstreamGradientOfTheWrongShapeIsRejected() {
        Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2);
        assertThrowsNaming(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3, 2)), "backward", "[3, 2]",
                "[2, 3]");
    }

    @Test
    void backwardOnATensorThatDoesNotRequireGradIsRejected() {
        assertThrowsNaming(IllegalStateException.class, () -> Tensor.scalar(1).mul(2).backward(), "backward()",
                "requiresGrad(true)");
    }

    @Test
    void aFailedBackwardLeavesNoHalfSummedGradientsBehind() {
        Tensor w = leaf(1, 2);
        Tensor y = w.mul(w).sum();
        try (var off = Tensor.noGrad()) {
            w.mulInPlace(2);
        }
        assertThrowsNaming(IllegalStateException.class, y::backward, "mul");
        Tensor z = w.mul(3).sum();
        z.backward();
        assertValues(w.grad(), new int[] {2}, 3, 3);
    }
}

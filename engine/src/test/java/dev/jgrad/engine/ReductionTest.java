package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertGradientMatches;
import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReductionTest {
    private static final Tensor X = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void fullReductionsAreRankZero() {
        assertValues(X.sum(), new int[] {}, 21);
        assertValues(X.mean(), new int[] {}, 3.5);
        assertValues(X.max(), new int[] {}, 6);
    }

    @Test
    void axisReductionsWithAndWithoutKeepDims() {
        assertValues(X.sum(0, false), new int[] {3}, 5, 7, 9);
        assertValues(X.sum(1, true), new int[] {2, 1}, 6, 15);
        assertValues(X.mean(-1, false), new int[] {2}, 2, 5);
        assertValues(X.max(0, true), new int[] {1, 3}, 4, 5, 6);
        assertValues(X.max(-2, false), new int[] {3}, 4, 5, 6);
    }

    @Test
    void reductionsOfRank3AlongTheMiddleAxis() {
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        assertValues(t.sum(1, false), new int[] {2, 2}, 4, 6, 12, 14);
        assertValues(t.max(1, false), new int[] {2, 2}, 3, 4, 7, 8);
    }

    @Test
    void logSumExpIsStableForLargeValues() {
        Tensor big = Tensor.of(new double[] {1000, 1000}, 2);
        assertEquals(1000 + Math.log(2), big.logSumExp(0, false).item(), 1e-9);
        Tensor t = Tensor.of(new double[] {1, 2, 3, -1, 0, 1}, 2, 3);
        double first = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        double second = Math.log(Math.exp(-1) + Math.exp(0) + Math.exp(1));
        assertValues(t.logSumExp(1, true), new int[] {2, 1}, first, second);
    }

    @Test
    void logSumExpOfAllMinusInfinityIsMinusInfinity() {
        Tensor t = Tensor.full(Double.NEGATIVE_INFINITY, 3);
        assertEquals(Double.NEGATIVE_INFINITY, t.logSumExp(0, false).item());
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Tensor distinct = Tensor.of(new double[] {0.3, -1.2, 2.2, 0.9, 1.7, -0.4, 0.1, 2.9, -2.5, 1.1, 0.6, -0.8},
                2, 3, 2);
        for (int axis = -3; axis < 3; axis++) {
            int ax = axis;
            assertGradientMatches(t -> t.sum(ax, false), distinct);
            assertGradientMatches(t -> t.mean(ax, true), distinct);
            assertGradientMatches(t -> t.max(ax, false), distinct);
            assertGradientMatches(t -> t.logSumExp(ax, ax % 2 == 0), distinct);
        }
        assertGradientMatches(Tensor::sum, distinct);
        assertGradientMatches(Tensor::mean, distinct);
        assertGradientMatches(Tensor::max, distinct);
    }

    @Test
    void badAxisIsRejectedNamingTheOpAndShape() {
        assertThrowsNaming(IllegalArgumentException.class, () -> X.sum(2, false), "sum", "axis 2", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.mean(-3, false), "mean", "axis -3", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.max(5, true), "max", "axis 5", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.logSumExp(3, true), "logSumExp", "[2, 3]");
    }

    @Test
    void allElementReductionsOfAnEmptyTensorNameTheCallersShape() {
        assertEquals("max: tensor of shape [2, 0] has no elements",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max()).getMessage());
        assertEquals("mean: tensor of shape [2, 0] has no elements",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).mean()).getMessage());
        assertValues(Tensor.zeros(2, 0).sum(), new int[] {}, 0);
    }

    @Test
    void maxOfAnEmptyAxisIsRejected() {
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max(1, false), "max", "[2, 0]");
    }
}

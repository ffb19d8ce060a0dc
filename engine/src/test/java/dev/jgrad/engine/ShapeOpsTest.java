package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertGradientMatches;
import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;

import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    private static final Tensor X = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void reshapeKeepsRowMajorOrderAndInfersMinusOne() {
        assertValues(X.reshape(3, 2), new int[] {3, 2}, 1, 2, 3, 4, 5, 6);
        assertValues(X.reshape(-1), new int[] {6}, 1, 2, 3, 4, 5, 6);
        assertValues(X.reshape(1, -1, 2), new int[] {1, 3, 2}, 1, 2, 3, 4, 5, 6);
        assertValues(Tensor.scalar(3).reshape(1, 1), new int[] {1, 1}, 3);
    }

    @Test
    void reshapeToADifferentSizeIsRejected() {
        assertThrowsNaming(IllegalArgumentException.class, () -> X.reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.reshape(-1, 4), "reshape", "[2, 3]", "[-1, 4]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.reshape(-1, -1), "reshape", "[-1, -1]");
    }

    @Test
    void transposeSwapsTheLastTwoAxes() {
        assertValues(X.transpose(), new int[] {3, 2}, 1, 4, 2, 5, 3, 6);
        Tensor batch = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        assertValues(batch.transpose(), new int[] {2, 2, 2}, 1, 3, 2, 4, 5, 7, 6, 8);
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros(3).transpose(), "transpose", "[3]");
    }

    @Test
    void expandAndSumToAreDuals() {
        Tensor row = Tensor.of(new double[] {1, 2}, 2);
        assertValues(row.expand(2, 2), new int[] {2, 2}, 1, 2, 1, 2);
        assertValues(X.sumTo(3), new int[] {3}, 5, 7, 9);
        assertValues(X.sumTo(2, 1), new int[] {2, 1}, 6, 15);
        assertValues(X.sumTo(), new int[] {}, 21);
        assertThrowsNaming(IllegalArgumentException.class, () -> row.expand(3), "expand", "[2]", "[3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.sumTo(2), "sumTo", "[2]", "[2, 3]");
    }

    @Test
    void concatJoinsAlongAnAxis() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2, 1), b = Tensor.of(new double[] {3, 4, 5, 6}, 2, 2);
        assertValues(Tensor.concat(1, a, b), new int[] {2, 3}, 1, 3, 4, 2, 5, 6);
        assertValues(Tensor.concat(0, X, X).slice(0, 2, 4), new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.concat(0, a, b), "concat", "[2, 1]", "[2, 2]");
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.concat(0), "concat");
    }

    @Test
    void sliceTakesAHalfOpenRange() {
        assertValues(X.slice(1, 1, 3), new int[] {2, 2}, 2, 3, 5, 6);
        assertValues(X.slice(-2, 1, 2), new int[] {1, 3}, 4, 5, 6);
        assertValues(X.slice(0, 1, 1), new int[] {0, 3});
        assertThrowsNaming(IllegalArgumentException.class, () -> X.slice(1, 2, 4), "slice", "[2, 4)", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.slice(1, -1, 2), "slice", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.slice(2, 0, 1), "slice", "axis 2", "[2, 3]");
    }

    @Test
    void indexSelectTakesWholeSlicesAndAccumulatesRepeatsInBackward() {
        Tensor table = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).requiresGrad(true);
        Tensor rows = table.indexSelect(0, 2, 0, 2);
        assertValues(rows, new int[] {3, 2}, 5, 6, 1, 2, 5, 6);
        rows.backward(Tensor.of(new double[] {1, 10, 100, 1000, 2, 20}, 3, 2));
        assertValues(table.grad(), new int[] {3, 2}, 100, 1000, 0, 0, 3, 30);
        assertThrowsNaming(IllegalArgumentException.class, () -> table.indexSelect(0, 3), "indexSelect", "3", "[3, 2]");
    }

    @Test
    void gatherTakesOneElementPerRowAndScattersBack() {
        Tensor logits = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor picked = logits.gather(1, new int[] {2, 0});
        assertValues(picked, new int[] {2}, 3, 4);
        picked.backward(Tensor.of(new double[] {7, 9}, 2));
        assertValues(logits.grad(), new int[] {2, 3}, 0, 0, 7, 9, 0, 0);
        assertValues(logits.gather(0, new int[] {1, 0, 1}), new int[] {3}, 4, 2, 6);
    }

    @Test
    void gatherRejectsBadIndices() {
        assertThrowsNaming(IllegalArgumentException.class, () -> X.gather(1, new int[] {0, 3}), "gather", "3", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.gather(1, new int[] {0}), "gather", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> X.gather(-1, new int[] {-1, 0}), "gather", "-1");
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Tensor y = Tensor.of(new double[] {7, 8, 9}, 1, 3);
        assertGradientMatches(t -> t.reshape(3, 2), X);
        assertGradientMatches(Tensor::transpose, X);
        assertGradientMatches(t -> t.expand(4, 2, 3), X);
        assertGradientMatches(t -> t.sumTo(1, 3), X);
        assertGradientMatches(t -> Tensor.concat(0, t, y, t), X);
        assertGradientMatches(t -> t.slice(1, 1, 3), X);
        assertGradientMatches(t -> t.indexSelect(1, 2, 2, 0), X);
        assertGradientMatches(t -> t.gather(0, new int[] {1, 1, 0}), X);
    }
}

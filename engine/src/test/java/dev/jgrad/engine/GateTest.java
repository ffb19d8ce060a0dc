package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertValues;

import org.junit.jupiter.api.Test;

/** The three gates: add distributes, multiply swaps, max routes (and splits exact ties evenly). */
class GateTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    @Test
    void addDistributesTheUpstreamGradientUnchanged() {
        Tensor a = leaf(1, 2), b = leaf(3, 4);
        a.add(b).backward(Tensor.of(new double[] {5, 7}, 2));
        assertValues(a.grad(), new int[] {2}, 5, 7);
        assertValues(b.grad(), new int[] {2}, 5, 7);
    }

    @Test
    void subDistributesWithTheSignOfEachInput() {
        Tensor a = leaf(1, 2), b = leaf(3, 4);
        a.sub(b).backward(Tensor.of(new double[] {5, 7}, 2));
        assertValues(a.grad(), new int[] {2}, 5, 7);
        assertValues(b.grad(), new int[] {2}, -5, -7);
    }

    @Test
    void multiplySwapsTheInputs() {
        Tensor a = leaf(2, 3), b = leaf(5, 7);
        a.mul(b).backward(Tensor.of(new double[] {1, 10}, 2));
        assertValues(a.grad(), new int[] {2}, 5, 70);
        assertValues(b.grad(), new int[] {2}, 2, 30);
    }

    @Test
    void divIsMultiplyByTheReciprocal() {
        Tensor a = leaf(6), b = leaf(3);
        a.div(b).backward();
        assertValues(a.grad(), new int[] {1}, 1.0 / 3);
        assertValues(b.grad(), new int[] {1}, -6.0 / 9);
    }

    @Test
    void maximumRoutesToTheLargerInputAndSplitsTies() {
        Tensor a = leaf(1, 5, 2), b = leaf(3, 4, 2);
        a.maximum(b).backward(Tensor.of(new double[] {10, 20, 30}, 3));
        assertValues(a.grad(), new int[] {3}, 0, 20, 15);
        assertValues(b.grad(), new int[] {3}, 10, 0, 15);
    }

    @Test
    void minimumRoutesToTheSmallerInputAndSplitsTies() {
        Tensor a = leaf(1, 5, 2), b = leaf(3, 4, 2);
        a.minimum(b).backward(Tensor.of(new double[] {10, 20, 30}, 3));
        assertValues(a.grad(), new int[] {3}, 10, 0, 15);
        assertValues(b.grad(), new int[] {3}, 0, 20, 15);
    }

    @Test
    void maxReductionRoutesToTheMaximumAndSplitsTiesEvenly() {
        Tensor x = leaf(1, 4, 4, 2, 4);
        x.max().backward();
        assertValues(x.grad(), new int[] {5}, 0, 1.0 / 3, 1.0 / 3, 0, 1.0 / 3);
    }

    @Test
    void maxAlongAnAxisRoutesPerSlice() {
        Tensor x = Tensor.of(new double[] {1, 9, 3, 7, 7, 0}, 2, 3).requiresGrad(true);
        Tensor m = x.max(1, false);
        assertValues(m, new int[] {2}, 9, 7);
        m.backward(Tensor.of(new double[] {2, 4}, 2));
        assertValues(x.grad(), new int[] {2, 3}, 0, 2, 0, 2, 2, 0);
    }

    @Test
    void reluRoutesOnlyWherePositiveAndHasZeroDerivativeAtZero() {
        Tensor x = leaf(-1, 0, 2);
        x.relu().sum().backward();
        assertValues(x.grad(), new int[] {3}, 0, 0, 1);
    }

    @Test
    void reluPassesTheUpstreamGradientAsItIsWherePositiveAndNothingElsewhere() {
        Tensor x = leaf(-1, 0, 2, 3, Double.NaN);
        x.relu().backward(Tensor.of(new double[] {5, 6, -7, Double.POSITIVE_INFINITY, 8}, 5));
        assertValues(x.grad(), new int[] {5}, 0, 0, -7, Double.POSITIVE_INFINITY, 0);
    }

    @Test
    void reluBackwardIsItselfDifferentiableAlongTheSameRoute() {
        // d/dx of sum(relu(x)^2) is 2 relu(x) routed by x > 0; its derivative, summed, is 2 where x > 0.
        Tensor x = leaf(-1, 0, 2);
        Tensor y = x.relu();
        y.mul(y).sum().backward(Tensor.scalar(1.0), true);
        Tensor dx = x.grad();
        x.zeroGrad();
        dx.sum().backward();
        assertValues(x.grad(), new int[] {3}, 0, 0, 2);
    }

    @Test
    void absHasSignDerivativeAndZeroAtZero() {
        Tensor x = leaf(-3, 0, 2);
        x.abs().sum().backward();
        assertValues(x.grad(), new int[] {3}, -1, 0, 1);
    }

    @Test
    void clampPassesTheGradientInsideAndAtItsBounds() {
        Tensor x = leaf(-2, -1, 0, 1, 2);
        Tensor y = x.clamp(-1, 1);
        assertValues(y, new int[] {5}, -1, -1, 0, 1, 1);
        y.sum().backward();
        assertValues(x.grad(), new int[] {5}, 0, 1, 1, 1, 0);
    }

    @Test
    void broadcastInputGetsTheGradientSummedToItsOwnShape() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor row = Tensor.of(new double[] {10, 20, 30}, 3).requiresGrad(true);
        Tensor col = Tensor.of(new double[] {2, 3}, 2, 1).requiresGrad(true);
        a.add(row).mul(col).sum().backward();
        assertValues(a.grad(), new int[] {2, 3}, 2, 2, 2, 3, 3, 3);
        assertValues(row.grad(), new int[] {3}, 5, 5, 5);
        // d/dcol_i = sum_j (a_ij + row_j)
        assertValues(col.grad(), new int[] {2, 1}, 11 + 22 + 33, 14 + 25 + 36);
    }

    @Test
    void maximumAgainstABroadcastScalarSplitsTiesAndSumsItsShare() {
        Tensor x = leaf(-1, 0, 3);
        Tensor zero = Tensor.scalar(0).requiresGrad(true);
        x.maximum(zero).sum().backward();
        assertValues(x.grad(), new int[] {3}, 0, 0.5, 1);
        assertValues(zero.grad(), new int[] {}, 1.5);
    }
}

package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.GradCheck;
import dev.jgrad.gradcheck.GradCheckOptions;
import dev.jgrad.gradcheck.InputReport;
import dev.jgrad.gradcheck.TensorFunction;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNorm1dTest {
    private static final Tensor X = Tensor.of(new double[] {1, 10, 2, 20, 3, 30, 6, 40}, 4, 2);

    @Test
    void trainingOutputHasMeanZeroAndVarianceOnePerFeature() {
        Tensor y = new BatchNorm1d(3).forward(Tensor.randn(new Random(5), 64, 3).mul(7).add(4));
        assertArrayEquals(new double[3], y.mean(0, false).toArray(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, y.pow(2).mean(0, false).toArray(), 1e-5);
    }

    @Test
    void runningStatisticsMoveByMomentumWithUnbiasedVariance() {
        BatchNorm1d bn = new BatchNorm1d(2, 0.1, 1e-5);
        bn.forward(X);
        // feature 0: mean 3, unbiased variance (4 + 1 + 0 + 9) / 3; feature 1: mean 25, (225 + 25 + 25 + 225) / 3
        assertArrayEquals(new double[] {0.3, 2.5}, bn.runningMean().toArray(), 1e-12);
        assertArrayEquals(new double[] {0.9 + 0.1 * 14 / 3, 0.9 + 0.1 * 500 / 3}, bn.runningVar().toArray(), 1e-12);
    }

    @Test
    void evalUsesRunningStatistics() {
        BatchNorm1d bn = new BatchNorm1d(2, 1.0, 1e-5);
        bn.forward(X);
        bn.eval();
        Tensor y = bn.forward(Tensor.of(new double[] {3, 25}, 1, 2));
        assertArrayEquals(new double[] {0, 0}, y.toArray(), 1e-12);
        Tensor one = bn.forward(Tensor.of(new double[] {3 + Math.sqrt(14.0 / 3), 25}, 1, 2));
        assertEquals(1.0, one.toArray()[0], 1e-5);
    }

    @Test
    void scaleAndShiftAreParametersAndStatisticsAreBuffers() {
        BatchNorm1d bn = new BatchNorm1d(2);
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(List.of("runningMean", "runningVar"), List.copyOf(bn.namedBuffers().keySet()));
    }

    @Test
    void shiftGradientIsTheBatchSumOfUpstream() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.forward(X).sum().backward();
        assertArrayEquals(new double[] {4, 4}, bn.bias().grad().toArray(), 1e-12);
        // sum of normalised values is 0 per feature, so the scale's gradient is 0
        assertArrayEquals(new double[] {0, 0}, bn.weight().grad().toArray(), 1e-12);
    }

    @Test
    void inputGradientMatchesCentralDifferencesInBothModes() {
        Tensor x = Tensor.randn(new Random(2), 5, 3);
        GradCheck.assertGradients(in -> new BatchNorm1d(3).forward(in[0]), x);
        BatchNorm1d trained = new BatchNorm1d(3, 0.5, 1e-5);
        trained.forward(x.mul(2).add(1));
        trained.eval();
        GradCheck.assertGradients(in -> trained.forward(in[0]), x);
    }

    @Test
    void wrongWidthAndSingleSampleRejected() {
        var width = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).forward(Tensor.ones(2, 3)));
        assertEquals("BatchNorm1d(4): input of shape [2, 3] is not [batch, 4]", width.getMessage());
        var single = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).forward(Tensor.ones(1, 4)));
        assertEquals("BatchNorm1d(4): training needs more than one sample per batch, got shape [1, 4]",
                single.getMessage());
    }

    @Test
    void secondDerivativesOnABatchWithoutVarianceAreRightAndCheckable() {
        // Every sample equal: the batch variance is 0 and the second derivative with respect to the input is tiny, so
        // central differences at h = 1e-6 are mostly rounding; they converge to the analytic value as h grows.
        Random rng = new Random(0);
        Module net = new Sequential(new Dense(4, 2, rng), new BatchNorm1d(2, 0.1, 0.5), Activation.softplus(),
                new Dense(2, 2, rng), Activation.logSoftmax(-1));
        Tensor[] in = {Tensor.zeros(2, 4), Tensor.of(new double[] {0, 0, 0, 0, 0, 0, 1e-8, 0}, 4, 2),
                Tensor.zeros(2), Tensor.of(new double[] {7.4438e-4, 0}, 2), Tensor.of(new double[] {1e-8, 0}, 2),
                Tensor.zeros(2, 2), Tensor.of(new double[] {0, 0.94093519}, 2)};
        TensorFunction f = x -> FunctionalCall.forward(net, x[0], Arrays.copyOfRange(x, 1, x.length));
        GradCheck.assertGradGradients(f, in);
        InputReport wide = GradCheck.gradgradcheck(GradCheckOptions.defaults().withStep(1e-3), f, in).inputs().get(0);
        assertEquals(wide.analytic(), wide.numerical(), 0.02 * Math.abs(wide.analytic()));
    }
}

package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNorm2dTest {
    /** Two images of two 1 x 2 channels: channel 0 holds 1, 2 and 3, 6; channel 1 holds 10, 20 and 30, 40. */
    private static final Tensor X = Tensor.of(new double[] {1, 2, 10, 20, 3, 6, 30, 40}, 2, 2, 1, 2);

    @Test
    void eachChannelIsStandardisedOverTheBatchAndTheImage() {
        // Channel 0: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5; channel 1: mean 25, variance 125.
        double s0 = Math.sqrt(3.5 + 1e-5), s1 = Math.sqrt(125 + 1e-5);

        Tensor y = new BatchNorm2d(2).forward(X);

        assertArrayEquals(new int[] {2, 2, 1, 2}, y.shape());
        assertArrayEquals(new double[] {-2 / s0, -1 / s0, -15 / s1, -5 / s1, 0, 3 / s0, 5 / s1, 15 / s1},
                y.toArray(), 1e-12);
    }

    @Test
    void runningStatisticsMoveByMomentumWithTheUnbiasedVarianceOfAllValuesOfAChannel() {
        BatchNorm2d bn = new BatchNorm2d(2);

        bn.forward(X);

        // 4 values per channel: the unbiased variance is 4/3 of the biased one.
        assertArrayEquals(new double[] {0.3, 2.5}, bn.runningMean().toArray(), 1e-12);
        assertArrayEquals(new double[] {0.9 + 0.1 * 3.5 * 4 / 3, 0.9 + 0.1 * 125 * 4 / 3}, bn.runningVar().toArray(),
                1e-12);
    }

    @Test
    void evalUsesTheRunningStatisticsAndTheScaleAndShiftPerChannel() {
        BatchNorm2d bn = new BatchNorm2d(2, 0.1, 1e-5);
        try (var off = Tensor.noGrad()) {
            bn.runningMean().assign(Tensor.of(new double[] {1, 10}, 2));
            bn.runningVar().assign(Tensor.of(new double[] {4 - 1e-5, 100 - 1e-5}, 2));
            bn.weight().assign(Tensor.of(new double[] {2, 3}, 2));
            bn.bias().assign(Tensor.of(new double[] {0.5, -1}, 2));
        }
        bn.eval();

        Tensor y = bn.forward(X);

        // Channel 0: (x - 1) / 2 * 2 + 0.5; channel 1: (x - 10) / 10 * 3 - 1.
        assertArrayEquals(new double[] {0.5, 1.5, -1, 2, 2.5, 5.5, 5, 8}, y.toArray(), 1e-9);
    }

    @Test
    void scaleAndShiftAreParametersAndTheStatisticsAreBuffers() {
        BatchNorm2d bn = new BatchNorm2d(3);

        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(List.of("runningMean", "runningVar"), List.copyOf(bn.namedBuffers().keySet()));
        assertArrayEquals(new double[] {1, 1, 1}, bn.weight().toArray());
        assertArrayEquals(new double[] {0, 0, 0}, bn.bias().toArray());
    }

    @Test
    void theShiftsGradientIsTheSumOfTheUpstreamOverEachChannel() {
        BatchNorm2d bn = new BatchNorm2d(2);

        bn.forward(X).mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 1, 2)).sum().backward();

        assertArrayEquals(new double[] {1 + 2 + 5 + 6, 3 + 4 + 7 + 8}, bn.bias().grad().toArray(), 1e-12);
    }

    @Test
    void inputGradientMatchesCentralDifferencesInBothModes() {
        Tensor x = Tensor.randn(new Random(2), 2, 3, 2, 3);
        GradCheck.assertGradients(in -> new BatchNorm2d(3).forward(in[0]), x);
        BatchNorm2d trained = new BatchNorm2d(3, 0.5, 1e-5);
        trained.forward(x.mul(2).add(1));
        trained.eval();
        GradCheck.assertGradients(in -> trained.forward(in[0]), x);
    }

    @Test
    void aSingleImageOfManyPixelsTrainsButASingleValuePerChannelDoesNot() {
        assertArrayEquals(new int[] {1, 2, 1, 2}, new BatchNorm2d(2).forward(Tensor.of(new double[] {1, 2, 3, 5},
                1, 2, 1, 2)).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2).forward(Tensor.ones(1, 2, 1, 1)));
        assertEquals("BatchNorm2d(2): training needs more than one value per channel, got shape [1, 2, 1, 1]",
                e.getMessage());
    }

    @Test
    void anInputOfOtherChannelsOrNotFourDimensionalIsRejected() {
        BatchNorm2d bn = new BatchNorm2d(3);

        assertEquals("BatchNorm2d(3): input of shape [2, 2, 4, 4] is not [N, 3, H, W]",
                assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.ones(2, 2, 4, 4))).getMessage());
        assertEquals("BatchNorm2d(3): input of shape [2, 3] is not [N, 3, H, W]",
                assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.ones(2, 3))).getMessage());
    }

    @Test
    void badSettingsAreRejected() {
        assertEquals("BatchNorm2d: needs channels > 0, momentum in [0, 1] and eps > 0, got 0, 0.1, 1.0E-5",
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0)).getMessage());
        assertEquals("BatchNorm2d: needs channels > 0, momentum in [0, 1] and eps > 0, got 2, 1.5, 1.0E-5",
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2, 1.5, 1e-5)).getMessage());
    }
}

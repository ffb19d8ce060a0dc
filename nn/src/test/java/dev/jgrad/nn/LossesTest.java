package dev.jgrad.nn;

import static dev.jgrad.nn.Reduction.MEAN;
import static dev.jgrad.nn.Reduction.SUM;
import static dev.jgrad.nn.TestTensors.mat;
import static dev.jgrad.nn.TestTensors.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static final double EPS = 1e-12;

    @Test
    void crossEntropyOfEqualLogitsIsLogOfClassCount() {
        assertEquals(Math.log(7), Losses.crossEntropy(Tensor.full(3.5, 4, 7), new int[] {0, 6, 2, 3}, MEAN).item(),
                EPS);
    }

    @Test
    void crossEntropyIsLogSumExpMinusTheLabelsLogit() {
        double expected = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        assertEquals(expected, Losses.crossEntropy(mat(1, 3, 1, 2, 3), new int[] {2}, SUM).item(), EPS);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHot() {
        Tensor logits = mat(1, 3, 1, 2, 3).requiresGrad(true);
        Losses.crossEntropy(logits, new int[] {0}, MEAN).backward();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[] {Math.exp(1) / z - 1, Math.exp(2) / z, Math.exp(3) / z},
                logits.grad().toArray(), EPS);
    }

    @Test
    void crossEntropySummedGivesEachSampleTheFullSoftmaxMinusOneHot() {
        Tensor logits = mat(2, 2, 0, 0, Math.log(3), 0).requiresGrad(true);
        Losses.crossEntropy(logits, new int[] {1, 0}, SUM).backward();
        assertArrayEquals(new double[] {0.5, -0.5, 0.75 - 1, 0.25}, logits.grad().toArray(), EPS);
    }

    @Test
    void crossEntropyOfLogitsEqualsItsDefinitionInPrimitiveOps() {
        Tensor logits = Tensor.randn(new Random(7), 5, 4).requiresGrad(true);
        int[] labels = {3, 0, 0, 2, 1};
        Losses.crossEntropy(logits, labels, MEAN).backward();
        Tensor fused = logits.grad();
        logits.zeroGrad();
        Tensor byDefinition = logits.logSumExp(1, false).sub(logits.gather(1, labels)).mean();
        byDefinition.backward();
        assertEquals(byDefinition.item(), Losses.crossEntropy(logits, labels, MEAN).item(), EPS);
        assertArrayEquals(logits.grad().toArray(), fused.toArray(), EPS);
    }

    @Test
    void crossEntropyGradientStaysFiniteForHugeLogits() {
        Tensor logits = mat(1, 2, 1000, 0).requiresGrad(true);
        Losses.crossEntropy(logits, new int[] {1}, MEAN).backward();
        assertArrayEquals(new double[] {1, -1}, logits.grad().toArray(), EPS);
    }

    @Test
    void crossEntropyMeanOfAnEmptyBatchIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.zeros(0, 3), new int[0], MEAN));
        assertEquals("crossEntropy: the mean over an empty batch (scores of shape [0, 3]) is undefined",
                e.getMessage());
    }

    @Test
    void crossEntropyStaysFiniteForHugeLogits() {
        assertEquals(1000, Losses.crossEntropy(mat(1, 2, 1000, 0), new int[] {1}, MEAN).item(), EPS);
    }

    @Test
    void crossEntropyRejectsLabelOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.zeros(2, 5), new int[] {1, 7}, MEAN));
        assertEquals("crossEntropy: label 7 of sample 1 is out of range for 5 classes (labels are 0 to 4)",
                e.getMessage());
        var negative = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.zeros(1, 5), new int[] {-1}, MEAN));
        assertEquals("crossEntropy: label -1 of sample 0 is out of range for 5 classes (labels are 0 to 4)",
                negative.getMessage());
    }

    @Test
    void crossEntropyRejectsLabelCountDifferentFromBatch() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.zeros(3, 2), new int[] {1}, MEAN));
        assertEquals("crossEntropy: 1 labels for a batch of 3 (scores of shape [3, 2])", e.getMessage());
    }

    @Test
    void oneHotProbabilitiesGiveTheSameCrossEntropyAsLabels() {
        Tensor logits = Tensor.randn(new Random(4), 3, 4);
        Tensor oneHot = mat(3, 4, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0);
        assertEquals(Losses.crossEntropy(logits, new int[] {1, 3, 0}, MEAN).item(),
                Losses.crossEntropyWithProbabilities(logits, oneHot, MEAN).item(), EPS);
    }

    @Test
    void binaryCrossEntropyWithLogitsNearZeroKeepsItsRelativePrecision() {
        // The loss of a confident right answer is log(1 + e^-|z|): 2.061153620314381e-09 at z = 20, 4.2e-18 at 40.
        Tensor loss = Losses.binaryCrossEntropyWithLogits(vec(20, -40), vec(1, 0), SUM);

        assertEquals(2.061153620314381e-09 + 4.248354255291589e-18, loss.item(), 1e-15 * 2.06e-9);
        assertEquals(4.248354255291589e-18, Losses.binaryCrossEntropyWithLogits(vec(40), vec(1), SUM).item(),
                1e-15 * 4.25e-18);
    }

    @Test
    void binaryCrossEntropyWithLogitsIsStable() {
        Tensor loss = Losses.binaryCrossEntropyWithLogits(vec(0, 1000, -1000, 1000), vec(1, 0, 1, 1), SUM);
        assertEquals(Math.log(2) + 1000 + 1000 + 0, loss.item(), 1e-9);
    }

    @Test
    void binaryCrossEntropyFromProbabilitiesClampsAtTheEnds() {
        assertEquals(-Math.log(0.8), Losses.binaryCrossEntropy(vec(0.8), vec(1), MEAN).item(), EPS);
        assertEquals(-Math.log(1e-12), Losses.binaryCrossEntropy(vec(0), vec(1), MEAN).item(), 1e-9);
    }

    @Test
    void binaryCrossEntropyRejectsProbabilityAboveOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.binaryCrossEntropy(vec(0.5, 1.5), vec(1, 0), MEAN));
        assertEquals("binaryCrossEntropy: probability 1.5 at position 1 is outside [0, 1]", e.getMessage());
    }

    @Test
    void meanSquaredErrorAveragesEveryElement() {
        assertEquals(13.0 / 3, Losses.meanSquaredError(vec(1, 2, 3), vec(1, 0, 0), MEAN).item(), EPS);
        assertEquals(13.0, Losses.meanSquaredError(vec(1, 2, 3), vec(1, 0, 0), SUM).item(), EPS);
    }

    @Test
    void sumSquaredErrorSumsFeaturesThenReducesTheBatch() {
        Tensor zeros = Tensor.zeros(2, 2);
        assertEquals(15, Losses.sumSquaredError(mat(2, 2, 1, 2, 3, 4), zeros, MEAN).item(), EPS);
        assertEquals(30, Losses.sumSquaredError(mat(2, 2, 1, 2, 3, 4), zeros, SUM).item(), EPS);
    }

    @Test
    void squaredErrorRejectsDifferentShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.meanSquaredError(Tensor.zeros(3, 1), Tensor.zeros(3), MEAN));
        assertEquals("meanSquaredError: predictions of shape [3, 1] and targets of shape [3] differ", e.getMessage());
    }

    @Test
    void multiclassHingeMatchesHandComputedMargins() {
        Tensor scores = mat(3, 3, 3.2, 5.1, -1.7, 1.3, 4.9, 2.0, 2.2, 2.5, -3.1);
        // sample 0: (5.1 - 3.2 + 1) + 0 = 2.9; sample 1: 0; sample 2: (2.2 + 3.1 + 1) + (2.5 + 3.1 + 1) = 12.9
        assertEquals((2.9 + 0 + 12.9) / 3, Losses.multiclassHinge(scores, new int[] {0, 1, 2}, MEAN).item(), 1e-12);
    }

    @Test
    void marginRankingIsZeroOnceRightWinsByTheMargin() {
        assertEquals((0 + 1.5) / 2, Losses.marginRanking(vec(2, 0), vec(1, 0.5), 1, MEAN).item(), EPS);
    }

    @Test
    void marginRankingRejectsDifferentShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.marginRanking(vec(1, 2), vec(1), 1, MEAN));
        assertEquals("marginRanking: right of shape [2] and wrong of shape [1] differ", e.getMessage());
    }

    @Test
    void l2PenaltyIsLambdaOver2mTimesSquaredNorms() {
        assertEquals(0.1 / 20 * (1 + 4 + 9), Losses.l2Penalty(0.1, 10, List.of(mat(1, 2, 1, 2), vec(3))).item(), EPS);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Tensor logits = Tensor.randn(new Random(1), 4, 3);
        int[] labels = {2, 0, 1, 1};
        Tensor probs = Activations.softmax(Tensor.randn(new Random(2), 4, 3), 1);
        Tensor targets = Tensor.rand(new Random(3), 4, 3);
        Tensor p = Tensor.rand(new Random(4), 4, 3).mul(0.8).add(0.1);
        for (Reduction r : Reduction.values()) {
            GradCheck.assertGradients(in -> Losses.crossEntropy(in[0], labels, r), logits);
            GradCheck.assertGradients(in -> Losses.crossEntropyWithProbabilities(in[0], in[1], r), logits, probs);
            GradCheck.assertGradients(in -> Losses.binaryCrossEntropyWithLogits(in[0], in[1], r), logits, targets);
            GradCheck.assertGradients(in -> Losses.binaryCrossEntropy(in[0], targets, r), p);
            GradCheck.assertGradients(in -> Losses.meanSquaredError(in[0], in[1], r), logits, targets);
            GradCheck.assertGradients(in -> Losses.sumSquaredError(in[0], in[1], r), logits, targets);
            GradCheck.assertGradients(in -> Losses.multiclassHinge(in[0], labels, r), logits);
            GradCheck.assertGradients(in -> Losses.marginRanking(in[0], in[1], 0.5, r), logits, targets);
        }
        GradCheck.assertGradients(in -> Losses.l2Penalty(0.3, 5, List.of(in[0], in[1])), logits, targets);
    }
}

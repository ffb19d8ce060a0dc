package dev.jgrad.nn;

import static dev.jgrad.nn.Reduction.MEAN;
import static dev.jgrad.nn.TestTensors.mat;
import static dev.jgrad.nn.TestTensors.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossTest {
    private static final double EPS = 1e-12;

    /** Three samples of three classes whose largest scores are at 1, 0 and 2. */
    private static final Tensor SCORES = mat(3, 3, 0.5, 2.0, -1.0, 3.0, 1.0, 0.0, -2.0, 0.5, 1.5);
    /** Labels 1, 0, 1: the first two are predicted right, the third not. */
    private static final Tensor LABELS = vec(1, 0, 1);

    /** The labels of {@link #LABELS} as the functions of {@link Losses} take them. */
    private static final int[] LABEL_INDICES = {1, 0, 1};

    /** A function of {@link Losses} that a factory of {@link Loss} wraps. */
    @FunctionalInterface
    private interface LossFunction {
        Tensor apply(Tensor output, Tensor targets, Reduction reduction);
    }

    /** Asserts that {@code loss} is {@code function}'s mean and gets {@code accuracy} of the outputs right. */
    private static void assertMeanAndAccuracy(Loss loss, LossFunction function, Tensor output, Tensor targets,
            double accuracy) {
        assertEquals(function.apply(output, targets, MEAN).item(), loss.compute(output, targets).item(), EPS);
        assertEquals(accuracy, loss.accuracy(output, targets), EPS);
    }

    @Test
    void crossEntropyIsTheMeanLossWithArgmaxAccuracy() {
        assertMeanAndAccuracy(Loss.crossEntropy(), (s, y, r) -> Losses.crossEntropy(s, LABEL_INDICES, r), SCORES,
                LABELS, 2.0 / 3);
    }

    @Test
    void multiclassHingeIsTheMeanLossWithArgmaxAccuracy() {
        assertMeanAndAccuracy(Loss.multiclassHinge(), (s, y, r) -> Losses.multiclassHinge(s, LABEL_INDICES, r),
                SCORES, LABELS, 2.0 / 3);
    }

    @Test
    void crossEntropyWithProbabilitiesCountsTheTargetsMostLikelyClass() {
        // the targets' most likely classes are 1, 2, 2: the first and last samples' largest scores are there
        assertMeanAndAccuracy(Loss.crossEntropyWithProbabilities(), Losses::crossEntropyWithProbabilities, SCORES,
                mat(3, 3, 0.1, 0.8, 0.1, 0.2, 0.3, 0.5, 0, 0, 1), 2.0 / 3);
    }

    @Test
    void binaryCrossEntropyWithLogitsPredictsOneAboveZero() {
        // predicted 1, 0, 1, 0: the first and last are right
        assertMeanAndAccuracy(Loss.binaryCrossEntropyWithLogits(), Losses::binaryCrossEntropyWithLogits,
                vec(2, -1, 0.5, -3), vec(1, 1, 0, 0), 0.5);
    }

    @Test
    void binaryCrossEntropyPredictsOneAboveOneHalf() {
        // predicted 1, 1, 1, 0: all but the third are right
        assertMeanAndAccuracy(Loss.binaryCrossEntropy(), Losses::binaryCrossEntropy, vec(0.9, 0.6, 0.6, 0.1),
                vec(1, 1, 0, 0), 0.75);
    }

    @Test
    void meanSquaredErrorHasNoAccuracy() {
        Loss loss = Loss.meanSquaredError();
        assertEquals(13.0 / 3, loss.compute(vec(1, 2, 3), vec(1, 0, 0)).item(), EPS);
        assertTrue(Double.isNaN(loss.accuracy(vec(1, 2, 3), vec(1, 0, 0))));
    }

    @Test
    void sumSquaredErrorIsTheBatchMeanOfPerSampleSumsWithNoAccuracy() {
        Loss loss = Loss.sumSquaredError();
        Tensor predictions = mat(2, 2, 1, 2, 3, 4);
        assertEquals(Losses.sumSquaredError(predictions, Tensor.zeros(2, 2), MEAN).item(),
                loss.compute(predictions, Tensor.zeros(2, 2)).item(), EPS);
        assertEquals(15, loss.compute(predictions, Tensor.zeros(2, 2)).item(), EPS);
        assertTrue(Double.isNaN(loss.accuracy(predictions, Tensor.zeros(2, 2))));
    }

    /** Pairs (3, 1), (1, 2), (0, 0.5) where x1, x1 and x2 should rank higher: they lead by 2, -1 and 0.5. */
    private static final Tensor PAIRS = mat(3, 2, 3, 1, 1, 2, 0, 0.5);
    private static final Tensor SIGNS = vec(1, 1, -1);

    @Test
    void marginRankingPairsAreTheLossOfTheHigherScoreAgainstTheOther() {
        Loss loss = Loss.marginRanking(1.0);
        // max(0, 1 - 2) = 0, max(0, 1 + 1) = 2, max(0, 1 - 0.5) = 0.5
        assertEquals(2.5 / 3, loss.compute(PAIRS, SIGNS).item(), EPS);
        assertEquals(Losses.marginRanking(vec(3, 1, 0.5), vec(1, 2, 0), 1.0, MEAN).item(),
                loss.compute(PAIRS, SIGNS).item(), EPS);
        assertEquals(2.0 / 3, loss.accuracy(PAIRS, SIGNS), EPS);
    }

    @Test
    void marginRankingGradientReachesBothScores() {
        GradCheck.assertGradients(in -> Loss.marginRanking(1.0).compute(in[0], SIGNS), PAIRS);
    }

    @Test
    void marginRankingNeedsPairsAndSigns() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Loss.marginRanking(1).compute(Tensor.zeros(3, 3), SIGNS));
        assertEquals("marginRanking: output of shape [3, 3] and targets of shape [3] are not score pairs [n, 2] and"
                + " signs [n]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.marginRanking(1).accuracy(PAIRS, vec(1, 0, 1)));
        assertEquals("marginRanking: target 0.0 of pair 1 is neither 1 nor -1", e.getMessage());
    }

    @Test
    void withL2PenaltyAddsThePenaltyAndKeepsTheAccuracy() {
        Tensor w = mat(1, 2, 1, 2);
        Loss loss = Loss.crossEntropy().withL2Penalty(0.1, 10, List.of(w));
        assertEquals(Loss.crossEntropy().compute(SCORES, LABELS).item() + 0.1 / 20 * 5,
                loss.compute(SCORES, LABELS).item(), EPS);
        assertEquals(2.0 / 3, loss.accuracy(SCORES, LABELS), EPS);
    }

    @Test
    void withL2PenaltyChecksItsArgumentsAtOnce() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Loss.meanSquaredError().withL2Penalty(-1, 10, List.of()));
        assertEquals("withL2Penalty: needs lambda >= 0 and m > 0, got lambda -1.0 and m 10", e.getMessage());
    }

    @Test
    void accuracyChecksShapesUnderTheLossName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy().accuracy(SCORES, vec(1, 0)));
        assertEquals("crossEntropy: 2 labels for a batch of 3 (scores of shape [3, 3])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Loss.binaryCrossEntropyWithLogits().accuracy(vec(1, 2, 3, 4), vec(1, 0, 1)));
        assertEquals("binaryCrossEntropyWithLogits: logits of shape [4] and targets of shape [3] differ",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropyWithProbabilities().accuracy(vec(1, 2), vec(0, 1)));
        assertEquals("crossEntropyWithProbabilities: logits of shape [2] are not [batch, classes]", e.getMessage());
    }
}

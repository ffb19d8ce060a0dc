package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every metric against a hand computation and against scikit-learn's outputs for small fixed examples (the values
 * its documentation gives, or those of its definitions evaluated in double precision), streaming against one pass,
 * and the inputs each rejects.
 */
class MetricsTest {
    /** Labels as a {@code [n]} target tensor, as {@link Dataset#classification} holds them. */
    static Tensor labels(int... labels) {
        double[] t = new double[labels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = labels[i];
        }
        return Tensor.of(t, t.length);
    }

    /** Scores {@code [n, classes]} whose largest entry is at the predicted label (uneven, so no row ties). */
    static Tensor scores(int[] predicted, int classes) {
        double[] s = new double[predicted.length * classes];
        for (int i = 0; i < predicted.length; i++) {
            for (int c = 0; c < classes; c++) {
                s[i * classes + c] = c == predicted[i] ? 2.5 : -0.1 * c;
            }
        }
        return Tensor.of(s, predicted.length, classes);
    }

    private static double value(Metric m, Tensor predictions, Tensor targets) {
        m.update(predictions, targets);
        return m.result();
    }

    // y_true = [0, 1, 2, 2, 1, 0], y_pred = [0, 2, 1, 2, 1, 0]: cm [[2 0 0] [0 1 1] [0 1 1]]
    private static final int[] TRUE_A = {0, 1, 2, 2, 1, 0};
    private static final int[] PRED_A = {0, 2, 1, 2, 1, 0};
    // scikit-learn's precision_score documentation: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
    private static final int[] TRUE_B = {0, 1, 2, 0, 1, 2};
    private static final int[] PRED_B = {0, 2, 1, 0, 0, 1};
    // class 2 is never predicted: cm [[1 1 0] [0 2 0] [1 2 0]]
    private static final int[] TRUE_D = {0, 0, 1, 1, 2, 2, 2};
    private static final int[] PRED_D = {0, 1, 1, 1, 0, 1, 1};

    private static double of(Supplier<Metric> metric, int[] actual, int[] predicted) {
        return value(metric.get(), scores(predicted, 3), labels(actual));
    }

    // ---------------------------------------------------------------- accuracy and top-k

    @Test
    void accuracyIsTheFractionPredictedRight() {
        assertEquals(4.0 / 6, of(Metrics::accuracy, TRUE_A, PRED_A), 0);
        assertEquals(2.0 / 6, of(Metrics::accuracy, TRUE_B, PRED_B), 0);
    }

    @Test
    void accuracyMatchesScikitLearnsDocumentedExample() {
        // accuracy_score([0, 1, 2, 3], [0, 2, 1, 3]) = 0.5
        assertEquals(0.5, value(Metrics.accuracy(), scores(new int[] {0, 2, 1, 3}, 4), labels(0, 1, 2, 3)), 0);
    }

    @Test
    void logitsAndProbabilitiesGiveTheSameAccuracy() {
        Tensor logits = Tensor.of(new double[] {2, -1, 0.5, -3, 1, 4, 0, 0.2, -0.2}, 3, 3);
        Tensor probabilities = Activations.softmax(logits, 1);
        Tensor y = labels(0, 2, 0);
        assertEquals(2.0 / 3, value(Metrics.accuracy(), logits, y), 0);
        assertEquals(2.0 / 3, value(Metrics.accuracy(), probabilities, y), 0);
    }

    @Test
    void topKAccuracyMatchesScikitLearnsDocumentedExample() {
        // top_k_accuracy_score([0, 1, 2, 2], y_score, k=2) = 0.75; with k=1 the argmax is right for rows 0 and 1
        Tensor score = Tensor.of(new double[] {0.5, 0.2, 0.2, 0.3, 0.4, 0.2, 0.2, 0.4, 0.3, 0.7, 0.2, 0.1}, 4, 3);
        assertEquals(0.75, value(Metrics.topKAccuracy(2), score, labels(0, 1, 2, 2)), 0);
        assertEquals(0.5, value(Metrics.topKAccuracy(1), score, labels(0, 1, 2, 2)), 0);
        assertEquals(1.0, value(Metrics.topKAccuracy(3), score, labels(0, 1, 2, 2)), 0);
    }

    @Test
    void topKCountsALabelTiedWithTheKthScoreAsAmongThem() {
        // class 2 ties class 1 for second place: fewer than 2 classes score strictly higher than it
        Tensor score = Tensor.of(new double[] {0.6, 0.2, 0.2}, 1, 3);
        assertEquals(1.0, value(Metrics.topKAccuracy(2), score, labels(2)), 0);
        assertEquals(0.0, value(Metrics.topKAccuracy(1), score, labels(2)), 0);
    }

    @Test
    void topKIsNamedForItsK() {
        assertEquals("top5Accuracy", Metrics.topKAccuracy(5).name());
    }

    @Test
    void kLargerThanTheClassesIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.topKAccuracy(4).update(scores(PRED_A, 3), labels(TRUE_A)));
        assertEquals("top4Accuracy: k = 4 is more than the 3 classes of predictions of shape [6, 3]", e.getMessage());
    }

    @Test
    void kBelowOneIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Metrics.topKAccuracy(0));
        assertEquals("topKAccuracy: k = 0 must be at least 1", e.getMessage());
    }

    @Test
    void topKRejectsABinaryClassifiersOneColumn() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.topKAccuracy(1).update(Tensor.of(new double[] {0.2, 0.9}, 2, 1), labels(0, 1)));
        assertEquals("top1Accuracy: predictions of shape [2, 1] are one column; top-k accuracy needs the scores of"
                + " every class (accuracy() reads a binary classifier's column)", e.getMessage());
    }

    // ---------------------------------------------------------------- precision, recall, F1

    @Test
    void perClassValuesByHandOnExampleA() {
        // column sums (predicted) 2, 2, 2; row sums (support) 2, 2, 2; diagonal 2, 1, 1
        assertEquals(1.0, of(() -> Metrics.precision(0), TRUE_A, PRED_A), 0);
        assertEquals(0.5, of(() -> Metrics.precision(1), TRUE_A, PRED_A), 0);
        assertEquals(0.5, of(() -> Metrics.recall(2), TRUE_A, PRED_A), 0);
        assertEquals(0.5, of(() -> Metrics.f1(1), TRUE_A, PRED_A), 0);
        assertEquals(2.0 / 3, of(() -> Metrics.precision(Average.MACRO), TRUE_A, PRED_A), 1e-15);
        assertEquals(2.0 / 3, of(() -> Metrics.f1(Average.WEIGHTED), TRUE_A, PRED_A), 1e-15);
    }

    @Test
    void precisionMatchesScikitLearnsDocumentedExample() {
        // precision_score: macro 0.22..., micro 0.33..., weighted 0.22..., average=None [0.66..., 0., 0.]
        assertEquals(0.2222222222222222, of(() -> Metrics.precision(Average.MACRO), TRUE_B, PRED_B), 1e-15);
        assertEquals(0.3333333333333333, of(() -> Metrics.precision(Average.MICRO), TRUE_B, PRED_B), 1e-15);
        assertEquals(0.2222222222222222, of(() -> Metrics.precision(Average.WEIGHTED), TRUE_B, PRED_B), 1e-15);
        assertArrayEquals(new double[] {2.0 / 3, 0, 0},
                Metrics.confusionMatrix(TRUE_B, PRED_B, 3).precision(), 1e-15);
    }

    @Test
    void recallMatchesScikitLearnsDocumentedExample() {
        // recall_score: macro 0.33..., micro 0.33..., weighted 0.33..., average=None [1., 0., 0.]
        assertEquals(1.0 / 3, of(() -> Metrics.recall(Average.MACRO), TRUE_B, PRED_B), 1e-15);
        assertEquals(1.0 / 3, of(() -> Metrics.recall(Average.MICRO), TRUE_B, PRED_B), 1e-15);
        assertEquals(1.0 / 3, of(() -> Metrics.recall(Average.WEIGHTED), TRUE_B, PRED_B), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0}, Metrics.confusionMatrix(TRUE_B, PRED_B, 3).recall(), 0);
    }

    @Test
    void f1MatchesScikitLearnsDocumentedExample() {
        // f1_score: macro 0.26..., micro 0.33..., weighted 0.26..., average=None [0.8, 0., 0.]
        assertEquals(0.26666666666666666, of(() -> Metrics.f1(Average.MACRO), TRUE_B, PRED_B), 1e-15);
        assertEquals(1.0 / 3, of(() -> Metrics.f1(Average.MICRO), TRUE_B, PRED_B), 1e-15);
        assertEquals(0.26666666666666666, of(() -> Metrics.f1(Average.WEIGHTED), TRUE_B, PRED_B), 1e-15);
        assertArrayEquals(new double[] {0.8, 0, 0}, Metrics.confusionMatrix(TRUE_B, PRED_B, 3).f1(), 1e-15);
    }

    @Test
    void aClassNeverPredictedHasPrecisionZeroAndCountsInTheAverages() {
        // zero_division: class 2 has no predictions, so its precision 0 / 0 is 0, and so is its F1
        assertEquals(0.0, of(() -> Metrics.precision(2), TRUE_D, PRED_D), 0);
        assertEquals(0.0, of(() -> Metrics.f1(2), TRUE_D, PRED_D), 0);
        assertEquals(0.4, of(() -> Metrics.precision(1), TRUE_D, PRED_D), 1e-15);
        assertEquals(0.5714285714285714, of(() -> Metrics.f1(1), TRUE_D, PRED_D), 1e-15);
        // (0.5 + 0.4 + 0) / 3 and (2 * 0.5 + 2 * 0.4 + 3 * 0) / 7
        assertEquals(0.3, of(() -> Metrics.precision(Average.MACRO), TRUE_D, PRED_D), 1e-15);
        assertEquals(0.2571428571428571, of(() -> Metrics.precision(Average.WEIGHTED), TRUE_D, PRED_D), 1e-15);
        assertEquals(0.5, of(() -> Metrics.recall(Average.MACRO), TRUE_D, PRED_D), 1e-15);
        assertEquals(0.35714285714285715, of(() -> Metrics.f1(Average.MACRO), TRUE_D, PRED_D), 1e-15);
        assertEquals(0.30612244897959184, of(() -> Metrics.f1(Average.WEIGHTED), TRUE_D, PRED_D), 1e-15);
    }

    @Test
    void aClassAbsentFromTargetsAndPredictionsIsLeftOutOfTheAverages() {
        // four columns of scores, class 3 nowhere: the averages are those of the three classes that occur
        double macro = value(Metrics.f1(Average.MACRO), scores(PRED_D, 4), labels(TRUE_D));
        assertEquals(0.35714285714285715, macro, 1e-15);
        assertEquals(0.0, value(Metrics.recall(3), scores(PRED_D, 4), labels(TRUE_D)), 0);
    }

    @Test
    void microAveragesEqualTheAccuracy() {
        for (Supplier<Metric> m : List.<Supplier<Metric>>of(() -> Metrics.precision(Average.MICRO),
                () -> Metrics.recall(Average.MICRO), () -> Metrics.f1(Average.MICRO))) {
            assertEquals(3.0 / 7, of(m, TRUE_D, PRED_D), 1e-15);
        }
    }

    @Test
    void namesSayTheAverageOrTheClass() {
        assertEquals("macroPrecision", Metrics.precision(Average.MACRO).name());
        assertEquals("microRecall", Metrics.recall(Average.MICRO).name());
        assertEquals("weightedF1", Metrics.f1(Average.WEIGHTED).name());
        assertEquals("f1OfClass2", Metrics.f1(2).name());
        assertEquals("accuracy", Metrics.accuracy().name());
    }

    @Test
    void aClassTheScoresDoNotHaveIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.recall(3).update(scores(PRED_A, 3), labels(TRUE_A)));
        assertEquals("recallOfClass3: class 3 is not one of the 3 classes of predictions of shape [6, 3]",
                e.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> Metrics.precision(-1));
        assertEquals("precision: class -1 must be at least 0", negative.getMessage());
    }

    // ---------------------------------------------------------------- binary classifiers of one column

    // y_true = [0, 1, 1, 0, 1, 1, 0, 1], y_pred = [0, 1, 0, 1, 1, 1, 0, 0]: tp 3, fp 1, fn 2, tn 2
    private static final Tensor BINARY_TRUE = labels(0, 1, 1, 0, 1, 1, 0, 1);

    @Test
    void aProbabilityColumnPredictsClassOneAboveOneHalf() {
        // 0.5 itself predicts 0, as Keras's threshold does
        Tensor p = Tensor.of(new double[] {0.3, 0.8, 0.5, 0.9, 0.7, 0.51, 0.1, 0.2}, 8, 1);
        assertEquals(5.0 / 8, value(Metrics.accuracy(), p, BINARY_TRUE), 0);
        assertEquals(0.75, value(Metrics.precision(1), p, BINARY_TRUE), 0);
        assertEquals(0.6, value(Metrics.recall(1), p, BINARY_TRUE), 0);
        assertEquals(2.0 / 3, value(Metrics.f1(1), p, BINARY_TRUE), 1e-15);
        assertEquals(0.5714285714285714, value(Metrics.f1(0), p, BINARY_TRUE), 1e-15);
    }

    @Test
    void aLogitColumnPredictsClassOneAboveZero() {
        // 0 itself predicts 0; read as probabilities, 0.2 and 1e-9 would predict 0 too, leaving 3 of 8 right
        Tensor z = Tensor.of(new double[] {-1, 2, 0, 3, 0.2, 1e-9, -4, -0.5}, 8, 1);
        assertEquals(5.0 / 8, value(Metrics.fromLogits(Metrics.accuracy()), z, BINARY_TRUE), 0);
        assertEquals(0.75, value(Metrics.fromLogits(Metrics.precision(1)), z, BINARY_TRUE), 0);
        assertEquals(0.6, value(Metrics.fromLogits(Metrics.recall(1)), z, BINARY_TRUE), 0);
        assertEquals(0.375, value(Metrics.accuracy(), z, BINARY_TRUE), 0);
        assertEquals("macroF1", Metrics.fromLogits(Metrics.f1(Average.MACRO)).name());
    }

    @Test
    void fromLogitsLeavesTopKAsItIsAndRejectsRegression() {
        Metric topK = Metrics.topKAccuracy(2);
        assertSame(topK, Metrics.fromLogits(topK));
        var e = assertThrows(IllegalArgumentException.class, () -> Metrics.fromLogits(Metrics.r2()));
        assertEquals("fromLogits: r2 is not a classification metric of Metrics, which fromLogits can make read"
                + " logits", e.getMessage());
    }

    @Test
    void binaryTargetsMayBeAColumnToo() {
        Tensor p = Tensor.of(new double[] {0.3, 0.8, 0.5, 0.9, 0.7, 0.51, 0.1, 0.2}, 8, 1);
        assertEquals(5.0 / 8, value(Metrics.accuracy(), p, BINARY_TRUE.reshape(8, 1)), 0);
    }

    // ---------------------------------------------------------------- streaming

    @Test
    void batchesGiveExactlyTheValueOfOnePass() {
        Tensor s = scores(PRED_D, 3);
        Tensor y = labels(TRUE_D);
        for (Supplier<Metric> make : List.<Supplier<Metric>>of(Metrics::accuracy, () -> Metrics.topKAccuracy(2),
                () -> Metrics.precision(Average.MACRO), () -> Metrics.recall(Average.WEIGHTED),
                () -> Metrics.f1(Average.MACRO), () -> Metrics.f1(1))) {
            Metric whole = make.get();
            whole.update(s, y);
            Metric batched = make.get();
            for (int from = 0; from < 7; from += 3) {
                int to = Math.min(from + 3, 7);
                batched.update(s.slice(0, from, to), y.slice(0, from, to));
            }
            assertEquals(whole.result(), batched.result(), 0, whole.name());
        }
    }

    @Test
    void regressionBatchesGiveExactlyTheValueOfOnePass() {
        Tensor y = Tensor.of(new double[] {0.5, 1, -1, 1, 7, -6, 0.3, 2.2, -1.7, 0.1}, 5, 2);
        Tensor p = Tensor.of(new double[] {0, 2, -1, 2, 8, -5, 0.1, 2.0, -1.1, 0.4}, 5, 2);
        for (Supplier<Metric> make : List.<Supplier<Metric>>of(Metrics::meanAbsoluteError, Metrics::meanSquaredError,
                Metrics::rootMeanSquaredError, Metrics::r2)) {
            Metric whole = make.get();
            whole.update(p, y);
            Metric batched = make.get();
            batched.update(p.slice(0, 0, 2), y.slice(0, 0, 2));
            batched.update(p.slice(0, 2, 5), y.slice(0, 2, 5));
            assertEquals(whole.result(), batched.result(), 0, whole.name());
        }
    }

    @Test
    void resetForgetsEveryBatch() {
        Metric m = Metrics.accuracy();
        m.update(scores(PRED_B, 3), labels(TRUE_B));
        m.reset();
        m.update(scores(PRED_A, 3), labels(TRUE_A));
        assertEquals(4.0 / 6, m.result(), 0);
        Metric r = Metrics.meanAbsoluteError();
        r.update(Tensor.of(new double[] {1, 2}, 2), Tensor.of(new double[] {5, 5}, 2));
        r.reset();
        r.update(Tensor.of(new double[] {1, 2, 3}, 3), Tensor.of(new double[] {1, 2, 4}, 3));
        assertEquals(1.0 / 3, r.result(), 1e-15);
    }

    // ---------------------------------------------------------------- regression

    @Test
    void regressionMetricsMatchScikitLearnsDocumentedExample() {
        // y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]: MAE 0.5, MSE 0.375, RMSE 0.612..., R² 0.948...
        Tensor y = Tensor.of(new double[] {3, -0.5, 2, 7}, 4);
        Tensor p = Tensor.of(new double[] {2.5, 0, 2, 8}, 4);
        assertEquals(0.5, value(Metrics.meanAbsoluteError(), p, y), 0);
        assertEquals(0.375, value(Metrics.meanSquaredError(), p, y), 0);
        assertEquals(Math.sqrt(0.375), value(Metrics.rootMeanSquaredError(), p, y), 1e-15);
        // 1 - 1.5 / 29.1875: the mean of y is 2.875
        assertEquals(0.9486081370449679, value(Metrics.r2(), p, y), 1e-15);
    }

    @Test
    void severalOutputsAverageTheColumnsValues() {
        // scikit-learn's multioutput example: MAE 0.75, MSE 0.708..., RMSE 0.822... (not the root over all), R² of
        // the columns 0.9654... and 0.9081... averaged
        Tensor y = Tensor.of(new double[] {0.5, 1, -1, 1, 7, -6}, 3, 2);
        Tensor p = Tensor.of(new double[] {0, 2, -1, 2, 8, -5}, 3, 2);
        assertEquals(0.75, value(Metrics.meanAbsoluteError(), p, y), 1e-15);
        assertEquals(0.7083333333333334, value(Metrics.meanSquaredError(), p, y), 1e-15);
        assertEquals((Math.sqrt(1.25 / 3) + 1) / 2, value(Metrics.rootMeanSquaredError(), p, y), 1e-15);
        assertEquals(0.8227486121839513, value(Metrics.rootMeanSquaredError(), p, y), 1e-15);
        assertEquals(0.9368005266622779, value(Metrics.r2(), p, y), 1e-15);
    }

    @Test
    void r2OfScikitLearnsOtherDocumentedCases() {
        Tensor y = Tensor.of(new double[] {1, 2, 3}, 3);
        assertEquals(1.0, value(Metrics.r2(), y, y), 0);
        assertEquals(0.0, value(Metrics.r2(), Tensor.of(new double[] {2, 2, 2}, 3), y), 0);
        assertEquals(-3.0, value(Metrics.r2(), Tensor.of(new double[] {3, 2, 1}, 3), y), 0);
        Tensor constant = Tensor.of(new double[] {-2, -2, -2}, 3);
        assertEquals(1.0, value(Metrics.r2(), constant, constant), 0);
        assertEquals(0.0, value(Metrics.r2(), Tensor.of(new double[] {-2, -2, -2 + 1e-8}, 3), constant), 0);
    }

    @Test
    void r2OfOneSampleIsUndefined() {
        Metric r2 = Metrics.r2();
        r2.update(Tensor.of(new double[] {1}, 1), Tensor.of(new double[] {2}, 1));
        var e = assertThrows(IllegalStateException.class, r2::result);
        assertEquals("r2: needs at least 2 samples, has 1", e.getMessage());
    }

    // ---------------------------------------------------------------- rejected input

    @Test
    void anEmptyBatchIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy().update(Tensor.zeros(0, 3), labels()));
        assertEquals("accuracy: predictions of shape [0, 3] have no samples", e.getMessage());
        var r = assertThrows(IllegalArgumentException.class,
                () -> Metrics.meanAbsoluteError().update(Tensor.zeros(0), Tensor.zeros(0)));
        assertEquals("meanAbsoluteError: predictions of shape [0] have no samples", r.getMessage());
    }

    @Test
    void aResultBeforeAnyBatchIsMisuse() {
        var e = assertThrows(IllegalStateException.class, () -> Metrics.f1(Average.MACRO).result());
        assertEquals("macroF1: no batch added since the last reset; call update(predictions, targets) first",
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> Metrics.topKAccuracy(1).result());
        assertThrows(IllegalStateException.class, () -> Metrics.r2().result());
    }

    @Test
    void mismatchedLengthsAreRejectedNamingTheMetricAndTheShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.precision(Average.MACRO).update(scores(PRED_A, 3), labels(0, 1, 2)));
        assertEquals("macroPrecision: predictions of shape [6, 3] and targets of shape [3] do not match: targets"
                + " must be the labels [6] (or [6, 1])", e.getMessage());
        var r = assertThrows(IllegalArgumentException.class,
                () -> Metrics.rootMeanSquaredError().update(Tensor.zeros(4, 1), Tensor.zeros(4)));
        assertEquals("rootMeanSquaredError: predictions of shape [4, 1] and targets of shape [4] differ; they must"
                + " have the same shape", r.getMessage());
    }

    @Test
    void predictionsThatAreNotScoresAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy().update(Tensor.zeros(6), labels(TRUE_A)));
        assertEquals("accuracy: predictions of shape [6] are not class scores [n, classes] (or [n, 1] for a binary"
                + " classifier)", e.getMessage());
    }

    @Test
    void aTargetThatIsNotAClassOfTheScoresIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy().update(scores(PRED_A, 3), labels(0, 1, 3, 2, 1, 0)));
        assertEquals("accuracy: target 3 of sample 2 is not one of the 3 classes of predictions of shape [6, 3]",
                e.getMessage());
        var fraction = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy().update(scores(new int[] {0}, 3), Tensor.of(new double[] {0.5}, 1)));
        assertEquals("accuracy: target 0.5 of sample 0 is not a class label (a whole number >= 0)",
                fraction.getMessage());
    }

    @Test
    void aBatchOfOtherWidthThanTheEarlierOnesIsRejected() {
        Metric m = Metrics.accuracy();
        m.update(scores(PRED_A, 3), labels(TRUE_A));
        var e = assertThrows(IllegalArgumentException.class, () -> m.update(scores(PRED_A, 4), labels(TRUE_A)));
        assertEquals("accuracy: predictions of shape [6, 4] score 4 classes, the earlier batches 3", e.getMessage());
        Metric r = Metrics.meanAbsoluteError();
        r.update(Tensor.zeros(2, 2), Tensor.zeros(2, 2));
        var outputs = assertThrows(IllegalArgumentException.class, () -> r.update(Tensor.zeros(2, 3),
                Tensor.zeros(2, 3)));
        assertEquals("meanAbsoluteError: predictions of shape [2, 3] have 3 outputs per sample, the earlier batches"
                + " 2", outputs.getMessage());
    }
}

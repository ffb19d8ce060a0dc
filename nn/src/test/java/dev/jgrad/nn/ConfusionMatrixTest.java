package dev.jgrad.nn;

import static dev.jgrad.nn.MetricsTest.labels;
import static dev.jgrad.nn.MetricsTest.scores;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The confusion matrix's counts and scikit-learn's classification report, text for text. */
class ConfusionMatrixTest {
    // scikit-learn's confusion_matrix documentation: [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
    private static final int[] DOC_TRUE = {2, 0, 2, 2, 0, 1};
    private static final int[] DOC_PRED = {0, 0, 2, 2, 0, 2};

    @Test
    void countsAreByTrueClassThenPredictedClass() {
        ConfusionMatrix cm = Metrics.confusionMatrix(DOC_TRUE, DOC_PRED, 3);
        assertArrayEquals(new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}, cm.counts());
        assertEquals(1, cm.count(2, 0));
        assertEquals(6, cm.total());
        assertArrayEquals(new long[] {2, 1, 3}, cm.support());
        assertArrayEquals(new long[] {3, 0, 3}, cm.predictedCounts());
        assertEquals(4.0 / 6, cm.accuracy(), 0);
    }

    @Test
    void scoresGiveTheSameMatrixAsTheirLabels() {
        ConfusionMatrix cm = Metrics.confusionMatrix(scores(DOC_PRED, 3), labels(DOC_TRUE));
        assertArrayEquals(new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}, cm.counts());
    }

    @Test
    void aBinaryColumnIsReadAsAProbabilityOrALogit() {
        Tensor column = Tensor.of(new double[] {0.2, 0.7, -0.3, 0.6}, 4, 1);
        Tensor y = labels(0, 1, 1, 0);
        // probabilities: predicted 0, 1, 0, 1; logits: 1, 1, 0, 1
        assertArrayEquals(new long[][] {{1, 1}, {1, 1}}, Metrics.confusionMatrix(column, y).counts());
        assertArrayEquals(new long[][] {{0, 2}, {1, 1}}, Metrics.confusionMatrixFromLogits(column, y).counts());
    }

    @Test
    void plusAddsTheCountsOfAnotherSet() {
        ConfusionMatrix first = Metrics.confusionMatrix(new int[] {2, 0, 2}, new int[] {0, 0, 2}, 3);
        ConfusionMatrix second = Metrics.confusionMatrix(new int[] {2, 0, 1}, new int[] {2, 0, 2}, 3);
        assertArrayEquals(Metrics.confusionMatrix(DOC_TRUE, DOC_PRED, 3).counts(), first.plus(second).counts());
        var e = assertThrows(IllegalArgumentException.class,
                () -> first.plus(Metrics.confusionMatrix(new int[] {0}, new int[] {0}, 2)));
        assertEquals("ConfusionMatrix.plus: a matrix of 2 classes cannot be added to one of 3", e.getMessage());
    }

    @Test
    void printsAsNumPyPrintsScikitLearnsMatrix() {
        assertEquals("[[2 0 0]\n [0 0 1]\n [1 0 2]]", Metrics.confusionMatrix(DOC_TRUE, DOC_PRED, 3).toString());
        int[] many = new int[12];
        assertEquals("[[12  0]\n [ 0  0]]", Metrics.confusionMatrix(many, many, 2).toString());
    }

    @Test
    void labelArraysAreChecked() {
        var lengths = assertThrows(IllegalArgumentException.class,
                () -> Metrics.confusionMatrix(new int[] {0, 1}, new int[] {0}, 2));
        assertEquals("confusionMatrix: 2 actual and 1 predicted labels: they need the same number, at least one",
                lengths.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> Metrics.confusionMatrix(new int[0], new int[0], 2));
        assertEquals("confusionMatrix: 0 actual and 0 predicted labels: they need the same number, at least one",
                empty.getMessage());
        var range = assertThrows(IllegalArgumentException.class,
                () -> Metrics.confusionMatrix(new int[] {0, 1}, new int[] {0, 2}, 2));
        assertEquals("confusionMatrix: predicted label 2 of sample 1 is not in 0..1", range.getMessage());
        var count = assertThrows(IllegalArgumentException.class,
                () -> Metrics.confusionMatrix(DOC_TRUE, DOC_PRED, 3).count(0, 3));
        assertEquals("ConfusionMatrix.count: classes (0, 3) are not both in 0..2", count.getMessage());
    }

    // ---------------------------------------------------------------- the classification report

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void theReportOfScikitLearnsDocumentedExampleIsItsTextExactly() {
        ConfusionMatrix cm = Metrics.confusionMatrix(new int[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1}, 3);
        assertEquals(lines(
                "              precision    recall  f1-score   support",
                "",
                "     class 0       0.50      1.00      0.67         1",
                "     class 1       0.00      0.00      0.00         1",
                "     class 2       1.00      0.67      0.80         3",
                "",
                "    accuracy                           0.60         5",
                "   macro avg       0.50      0.56      0.49         5",
                "weighted avg       0.70      0.60      0.61         5"),
                cm.classificationReport(List.of("class 0", "class 1", "class 2")));
    }

    @Test
    void withoutNamesTheClassesAreTheirIndices() {
        ConfusionMatrix cm = Metrics.confusionMatrix(new int[] {0, 1, 2, 2, 1, 0}, new int[] {0, 2, 1, 2, 1, 0}, 3);
        assertEquals(lines(
                "              precision    recall  f1-score   support",
                "",
                "           0       1.00      1.00      1.00         2",
                "           1       0.50      0.50      0.50         2",
                "           2       0.50      0.50      0.50         2",
                "",
                "    accuracy                           0.67         6",
                "   macro avg       0.67      0.67      0.67         6",
                "weighted avg       0.67      0.67      0.67         6"),
                cm.classificationReport());
    }

    @Test
    void moreDigitsAndLongNamesWidenTheColumnsAsScikitLearnDoes() {
        ConfusionMatrix cm = Metrics.confusionMatrix(new int[] {0, 0, 1, 1, 2, 2, 2}, new int[] {0, 1, 1, 1, 0, 1, 1},
                3);
        assertEquals(lines(
                "              precision    recall  f1-score   support",
                "",
                " T-shirt/top      0.500     0.500     0.500         2",
                "     Trouser      0.400     1.000     0.571         2",
                "    Pullover      0.000     0.000     0.000         3",
                "",
                "    accuracy                          0.429         7",
                "   macro avg      0.300     0.500     0.357         7",
                "weighted avg      0.257     0.429     0.306         7"),
                cm.classificationReport(List.of("T-shirt/top", "Trouser", "Pullover"), 3));
        assertEquals(lines(
                "                        precision    recall  f1-score   support",
                "",
                "a very long class name       1.00      1.00      1.00         1",
                "",
                "              accuracy                           1.00         1",
                "             macro avg       1.00      1.00      1.00         1",
                "          weighted avg       1.00      1.00      1.00         1"),
                Metrics.confusionMatrix(new int[] {0}, new int[] {0}, 2)
                        .classificationReport(List.of("a very long class name", "unused")));
    }

    @Test
    void roundingIsPythonsHalfToEvenOnTheExactBinaryValue() {
        // precision 1/8 = 0.125 exactly: Python prints 0.12 (half to even) where Java's %.2f prints 0.13
        int[] actual = {0, 1, 1, 1, 1, 1, 1, 1};
        int[] predicted = {0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(lines(
                "              precision    recall  f1-score   support",
                "",
                "           0       0.12      1.00      0.22         1",
                "           1       0.00      0.00      0.00         7",
                "",
                "    accuracy                           0.12         8",
                "   macro avg       0.06      0.50      0.11         8",
                "weighted avg       0.02      0.12      0.03         8"),
                Metrics.confusionMatrix(actual, predicted, 2).classificationReport());
    }

    @Test
    void classesAbsentFromTargetsAndPredictionsHaveNoRow() {
        ConfusionMatrix cm = Metrics.confusionMatrix(new int[] {0, 2, 2}, new int[] {0, 2, 0}, 4);
        List<String> rows = cm.classificationReport(List.of("a", "b", "c", "d")).lines().toList();
        assertEquals(List.of(
                "           a       0.50      1.00      0.67         1",
                "           c       1.00      0.50      0.67         2"), rows.subList(2, 4));
        assertEquals("   macro avg       0.75      0.75      0.67         3", rows.get(6));
    }

    @Test
    void namesMustCoverEveryClassAndDigitsBeNonNegative() {
        ConfusionMatrix cm = Metrics.confusionMatrix(DOC_TRUE, DOC_PRED, 3);
        var names = assertThrows(IllegalArgumentException.class, () -> cm.classificationReport(List.of("a", "b")));
        assertEquals("classificationReport: 2 class names for 3 classes", names.getMessage());
        var digits = assertThrows(IllegalArgumentException.class,
                () -> cm.classificationReport(List.of("a", "b", "c"), -1));
        assertEquals("classificationReport: digits -1 must be at least 0", digits.getMessage());
    }
}

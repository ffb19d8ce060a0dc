package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * How the classification metrics read a batch: a classifier's scores {@code [n, classes]}, or one column
 * {@code [n, 1]} for a binary classifier, and the class labels of its targets, with the checks and messages they
 * share.
 */
final class ClassScores {
    private ClassScores() {
    }

    /**
     * The number of classes the scores are over: their columns, or 2 for one column (a binary classifier).
     *
     * @throws IllegalArgumentException if the scores are not {@code [n, classes]} with at least one sample
     */
    static int classes(String metric, Tensor scores) {
        int[] s = scores.shape();
        if (s.length != 2 || s[1] == 0) {
            throw new IllegalArgumentException(metric + ": predictions of shape " + Checks.shape(s)
                    + " are not class scores [n, classes] (or [n, 1] for a binary classifier)");
        }
        if (s[0] == 0) {
            throw new IllegalArgumentException(metric + ": predictions of shape " + Checks.shape(s)
                    + " have no samples");
        }
        return Math.max(s[1], 2);
    }

    /**
     * The class each row predicts: the index of its largest score (the first one on a tie), or for one column 1 when
     * the score is above {@code threshold} and 0 otherwise.
     */
    static int[] predicted(Tensor scores, double threshold) {
        double[] s = scores.toArray();
        int n = scores.shape()[0];
        int columns = scores.shape()[1];
        int[] best = new int[n];
        if (columns == 1) {
            for (int i = 0; i < n; i++) {
                best[i] = s[i] > threshold ? 1 : 0;
            }
            return best;
        }
        for (int i = 0; i < n; i++) {
            int row = i * columns;
            for (int c = 1; c < columns; c++) {
                best[i] = s[row + c] > s[row + best[i]] ? c : best[i];
            }
        }
        return best;
    }

    /**
     * The targets as class labels, checked against the scores: one per row, each below {@code classes}.
     *
     * @throws IllegalArgumentException if the targets are not {@code [n]} or {@code [n, 1]} for the scores' n, or a
     *     target is not a whole number from 0 to {@code classes - 1}
     */
    static int[] labels(String metric, Tensor scores, Tensor targets, int classes) {
        int n = scores.shape()[0];
        int[] t = targets.shape();
        boolean column = t.length == 2 && t[1] == 1;
        if (!(t.length == 1 || column) || t[0] != n) {
            throw new IllegalArgumentException(metric + ": predictions of shape " + Checks.shape(scores)
                    + " and targets of shape " + Checks.shape(t) + " do not match: targets must be the labels [" + n
                    + "] (or [" + n + ", 1])");
        }
        int[] labels = Dataset.labels(metric, column ? targets.reshape(n) : targets);
        for (int i = 0; i < n; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException(metric + ": target " + labels[i] + " of sample " + i
                        + " is not one of the " + classes + " classes of predictions of shape "
                        + Checks.shape(scores));
            }
        }
        return labels;
    }
}

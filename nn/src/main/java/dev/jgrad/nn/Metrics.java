package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * The ready {@link Metric}s, named as Keras and scikit-learn users look for them, and the {@link ConfusionMatrix}.
 * Each follows scikit-learn's definition exactly: {@code accuracy_score}, {@code top_k_accuracy_score},
 * {@code precision_score}, {@code recall_score}, {@code f1_score}, {@code confusion_matrix},
 * {@code mean_absolute_error}, {@code mean_squared_error}, {@code root_mean_squared_error} and {@code r2_score}.
 *
 * <pre>{@code
 * Map<String, Double> scores = trainer.evaluate(test, 256,
 *         Metrics.accuracy(), Metrics.topKAccuracy(5), Metrics.f1(Average.MACRO));
 * // {loss=0.31, accuracy=0.89, top5Accuracy=0.99, macroF1=0.88}
 * Metric precision = Metrics.fromLogits(Metrics.precision(1));   // a binary classifier of one logit
 * ConfusionMatrix cm = Metrics.confusionMatrix(trainer.predict(test.features(), 256), test.targets());
 * System.out.print(cm.classificationReport());
 * }</pre>
 *
 * <p>Classification metrics read scores {@code [n, classes]}, logits or probabilities alike (the largest score is
 * the predicted class, the first one on a tie), or one column {@code [n, 1]} for a binary classifier, which is taken
 * as the probability of class 1, predicted when it is above 0.5; {@link #fromLogits} reads the column as a logit
 * instead, class 1 being predicted when it is above 0. Where a ratio has nothing to divide by (the precision of a
 * class never predicted, the recall of a class with no samples) its value is 0, scikit-learn's default
 * ({@code zero_division="warn"} warns, then gives 0). Regression metrics of outputs {@code [n, d]} compute the value
 * of each of the d columns and return their mean, scikit-learn's {@code multioutput="uniform_average"}.
 */
public final class Metrics {
    private Metrics() {
    }

    // ---------------------------------------------------------------- classification

    /** The fraction of samples whose predicted class is their label, named {@code accuracy}. */
    public static Metric accuracy() {
        return new Counted("accuracy", -1, ConfusionMatrix::accuracy, 0.5);
    }

    /**
     * The accuracy as {@code loss} reckons it ({@link Loss#accuracy}), averaged over the samples of every batch and
     * named {@code accuracy}: for whatever targets the loss takes (labels, one-hot or soft rows, 0/1 targets beside
     * probabilities or logits). It is what a loss's {@link Loss#defaultMetric()} reports for classification.
     *
     * <pre>{@code
     * Metric m = Metrics.accuracyOf(Loss.binaryCrossEntropyWithLogits());   // class 1 where the logit is above 0
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code loss} is null
     */
    public static Metric accuracyOf(Loss loss) {
        Checks.notNull("accuracyOf", "loss", loss);
        return new Metric() {
            private double right;
            private long samples;

            @Override
            public String name() {
                return "accuracy";
            }

            @Override
            public void update(Tensor predictions, Tensor targets) {
                Checks.notNull("accuracyOf", "predictions", predictions);
                Checks.notNull("accuracyOf", "targets", targets);
                int n = predictions.shape().length == 0 ? 1 : predictions.shape()[0];
                right += loss.accuracy(predictions, targets) * n;
                samples += n;
            }

            @Override
            public double result() {
                if (samples == 0) {
                    throw new IllegalStateException("accuracyOf: no batch since the last reset");
                }
                return right / samples;
            }

            @Override
            public void reset() {
                right = 0;
                samples = 0;
            }
        };
    }

    /**
     * The fraction of samples whose label is among the {@code k} classes scored highest, named {@code top5Accuracy}
     * for k = 5. A label tied with the k-th score counts as among them (as TensorFlow's {@code in_top_k}): the
     * sample is right when fewer than k classes score strictly higher than its label. It needs scores of at least
     * two classes and at least k of them.
     *
     * @throws IllegalArgumentException if {@code k} is less than 1
     */
    public static Metric topKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("topKAccuracy: k = " + k + " must be at least 1");
        }
        return new TopK(k);
    }

    /**
     * The fraction of the samples predicted as a class that are of it, {@code tp / (tp + fp)}, averaged over the
     * classes; named {@code macroPrecision}, {@code microPrecision} or {@code weightedPrecision}.
     *
     * @throws IllegalArgumentException if {@code average} is null
     */
    public static Metric precision(Average average) {
        return averaged("precision", average, ConfusionMatrix::precision);
    }

    /**
     * The precision of class {@code classIndex} alone, named {@code precisionOfClass1} for class 1; for a binary
     * classifier, {@code precision(1)} is scikit-learn's default {@code precision_score} ({@code pos_label=1}).
     *
     * @throws IllegalArgumentException if {@code classIndex} is negative
     */
    public static Metric precision(int classIndex) {
        return ofClass("precision", classIndex, ConfusionMatrix::precision);
    }

    /**
     * The fraction of a class's samples predicted as it, {@code tp / (tp + fn)}, averaged over the classes; named
     * {@code macroRecall}, {@code microRecall} or {@code weightedRecall}.
     *
     * @throws IllegalArgumentException if {@code average} is null
     */
    public static Metric recall(Average average) {
        return averaged("recall", average, ConfusionMatrix::recall);
    }

    /**
     * The recall of class {@code classIndex} alone, named {@code recallOfClass1} for class 1.
     *
     * @throws IllegalArgumentException if {@code classIndex} is negative
     */
    public static Metric recall(int classIndex) {
        return ofClass("recall", classIndex, ConfusionMatrix::recall);
    }

    /**
     * The harmonic mean of precision and recall, {@code 2 tp / (2 tp + fp + fn)} per class, averaged over the
     * classes (the mean of the classes' F1 for {@link Average#MACRO}); named {@code macroF1}, {@code microF1} or
     * {@code weightedF1}.
     *
     * @throws IllegalArgumentException if {@code average} is null
     */
    public static Metric f1(Average average) {
        return averaged("f1", average, ConfusionMatrix::f1);
    }

    /**
     * The F1 score of class {@code classIndex} alone, named {@code f1OfClass1} for class 1.
     *
     * @throws IllegalArgumentException if {@code classIndex} is negative
     */
    public static Metric f1(int classIndex) {
        return ofClass("f1", classIndex, ConfusionMatrix::f1);
    }

    /**
     * {@code metric} reading a binary classifier's one output column as a logit, class 1 being predicted when it is
     * above 0, rather than as a probability above 0.5; scores of several classes are read as before (their largest
     * is the same either way). The name stays the same.
     *
     * @throws IllegalArgumentException if {@code metric} is null or not a classification metric of this class
     */
    public static Metric fromLogits(Metric metric) {
        Checks.notNull("fromLogits", "metric", metric);
        if (metric instanceof Counted c) {
            return new Counted(c.name, c.classIndex, c.value, 0.0);
        }
        if (metric instanceof TopK) {
            return metric;
        }
        throw new IllegalArgumentException("fromLogits: " + metric.name() + " is not a classification metric of"
                + " Metrics, which fromLogits can make read logits");
    }

    /**
     * The confusion matrix of scores {@code [n, classes]}, or of one probability column {@code [n, 1]} (class 1
     * above 0.5), against the labels {@code [n]}.
     *
     * @throws IllegalArgumentException as {@link Metric#update} does
     */
    public static ConfusionMatrix confusionMatrix(Tensor predictions, Tensor targets) {
        return confusionMatrix("confusionMatrix", predictions, targets, 0.5);
    }

    /**
     * The confusion matrix of scores {@code [n, classes]}, or of one logit column {@code [n, 1]} (class 1 above 0),
     * against the labels {@code [n]}.
     *
     * @throws IllegalArgumentException as {@link Metric#update} does
     */
    public static ConfusionMatrix confusionMatrixFromLogits(Tensor predictions, Tensor targets) {
        return confusionMatrix("confusionMatrixFromLogits", predictions, targets, 0.0);
    }

    /**
     * The confusion matrix of predicted labels against true labels, as scikit-learn's
     * {@code confusion_matrix(y_true, y_pred, labels=range(classes))}.
     *
     * @throws IllegalArgumentException if an array is null, the arrays are empty or of different lengths, or a label
     *     is not in {@code 0..classes-1}
     */
    public static ConfusionMatrix confusionMatrix(int[] actual, int[] predicted, int classes) {
        String op = "confusionMatrix";
        Checks.notNull(op, "actual", actual);
        Checks.notNull(op, "predicted", predicted);
        if (actual.length != predicted.length || actual.length == 0) {
            throw new IllegalArgumentException(op + ": " + actual.length + " actual and " + predicted.length
                    + " predicted labels: they need the same number, at least one");
        }
        if (classes < 1) {
            throw new IllegalArgumentException(op + ": classes " + classes + " must be at least 1");
        }
        for (int[] labels : new int[][] {actual, predicted}) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException(op + ": " + (labels == actual ? "actual" : "predicted")
                            + " label " + labels[i] + " of sample " + i + " is not in 0.." + (classes - 1));
                }
            }
        }
        long[] counts = new long[classes * classes];
        ConfusionMatrix.add(counts, classes, actual, predicted);
        return new ConfusionMatrix(classes, counts);
    }

    private static ConfusionMatrix confusionMatrix(String op, Tensor predictions, Tensor targets, double threshold) {
        Counted counts = new Counted(op, -1, ConfusionMatrix::accuracy, threshold);
        counts.update(predictions, targets);
        return counts.matrix();
    }

    /** {@code value}, such as {@link ConfusionMatrix#precision(Average)}, averaged as {@code average} says. */
    private static Metric averaged(String metric, Average average,
            ToDoubleBiFunction<ConfusionMatrix, Average> value) {
        Checks.notNull(metric, "average", average);
        String name = average.name().toLowerCase(Locale.ROOT) + Character.toUpperCase(metric.charAt(0))
                + metric.substring(1);
        return new Counted(name, -1, cm -> value.applyAsDouble(cm, average), 0.5);
    }

    /** The value for class {@code classIndex} of {@code perClass}, such as {@link ConfusionMatrix#precision()}. */
    private static Metric ofClass(String metric, int classIndex, Function<ConfusionMatrix, double[]> perClass) {
        if (classIndex < 0) {
            throw new IllegalArgumentException(metric + ": class " + classIndex + " must be at least 0");
        }
        return new Counted(metric + "OfClass" + classIndex, classIndex, cm -> perClass.apply(cm)[classIndex], 0.5);
    }

    /** A classification metric computed from the confusion matrix of every batch added. */
    private static final class Counted implements Metric {
        final String name;
        /** The one class the value is of, or -1; the predictions must score it. */
        final int classIndex;
        final ToDoubleFunction<ConfusionMatrix> value;
        /** Above it, a binary classifier's one column predicts class 1. */
        final double threshold;
        private int classes;
        private long[] counts;

        Counted(String name, int classIndex, ToDoubleFunction<ConfusionMatrix> value, double threshold) {
            this.name = name;
            this.classIndex = classIndex;
            this.value = value;
            this.threshold = threshold;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void update(Tensor predictions, Tensor targets) {
            Checks.notNull(name, "predictions", predictions);
            Checks.notNull(name, "targets", targets);
            int c = ClassScores.classes(name, predictions);
            if (counts != null && c != classes) {
                throw new IllegalArgumentException(name + ": predictions of shape " + Checks.shape(predictions)
                        + " score " + c + " classes, the earlier batches " + classes);
            }
            if (classIndex >= c) {
                throw new IllegalArgumentException(name + ": class " + classIndex + " is not one of the " + c
                        + " classes of predictions of shape " + Checks.shape(predictions));
            }
            int[] labels = ClassScores.labels(name, predictions, targets, c);
            if (counts == null) {
                classes = c;
                counts = new long[c * c];
            }
            ConfusionMatrix.add(counts, c, labels, ClassScores.predicted(predictions, threshold));
        }

        ConfusionMatrix matrix() {
            if (counts == null) {
                throw noBatch(name);
            }
            return new ConfusionMatrix(classes, counts.clone());
        }

        @Override
        public double result() {
            return value.applyAsDouble(matrix());
        }

        @Override
        public void reset() {
            counts = null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Top-k accuracy: the hits and the samples of every batch added. */
    private static final class TopK implements Metric {
        private final int k;
        private final String name;
        private long hits;
        private long samples;

        TopK(int k) {
            this.k = k;
            this.name = "top" + k + "Accuracy";
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void update(Tensor predictions, Tensor targets) {
            Checks.notNull(name, "predictions", predictions);
            Checks.notNull(name, "targets", targets);
            int classes = ClassScores.classes(name, predictions);
            int columns = predictions.shape()[1];
            if (columns == 1) {
                throw new IllegalArgumentException(name + ": predictions of shape " + Checks.shape(predictions)
                        + " are one column; top-k accuracy needs the scores of every class (accuracy() reads a binary"
                        + " classifier's column)");
            }
            if (k > columns) {
                throw new IllegalArgumentException(name + ": k = " + k + " is more than the " + columns
                        + " classes of predictions of shape " + Checks.shape(predictions));
            }
            int[] labels = ClassScores.labels(name, predictions, targets, classes);
            double[] s = predictions.toArray();
            for (int i = 0; i < labels.length; i++) {
                double own = s[i * columns + labels[i]];
                int higher = 0;
                for (int c = 0; c < columns; c++) {
                    higher += s[i * columns + c] > own ? 1 : 0;
                }
                hits += higher < k ? 1 : 0;
            }
            samples += labels.length;
        }

        @Override
        public double result() {
            if (samples == 0) {
                throw noBatch(name);
            }
            return (double) hits / samples;
        }

        @Override
        public void reset() {
            hits = 0;
            samples = 0;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ---------------------------------------------------------------- regression

    /** The mean of the absolute errors {@code |y - p|}, named {@code meanAbsoluteError}. */
    public static Metric meanAbsoluteError() {
        return new Regression("meanAbsoluteError", 1, (r, j) -> r.absolute[j] / r.samples);
    }

    /** The mean of the squared errors {@code (y - p)^2}, named {@code meanSquaredError}. */
    public static Metric meanSquaredError() {
        return new Regression("meanSquaredError", 1, (r, j) -> r.squared[j] / r.samples);
    }

    /**
     * The square root of the mean squared error, named {@code rootMeanSquaredError}; of outputs {@code [n, d]}, the
     * mean of the d columns' roots (scikit-learn's {@code root_mean_squared_error}), not the root over all elements.
     */
    public static Metric rootMeanSquaredError() {
        return new Regression("rootMeanSquaredError", 1, (r, j) -> Math.sqrt(r.squared[j] / r.samples));
    }

    /**
     * The coefficient of determination, {@code 1 - sum (y - p)^2 / sum (y - mean(y))^2}, named {@code r2}: 1 for a
     * perfect fit, 0 for predicting the mean, negative for worse. A column whose targets are all equal scores 1 if
     * predicted exactly and 0 otherwise, as scikit-learn's {@code force_finite=True}. It needs at least 2 samples.
     */
    public static Metric r2() {
        return new Regression("r2", 2, (r, j) -> r.spread[j] == 0 ? (r.squared[j] == 0 ? 1.0 : 0.0)
                : 1 - r.squared[j] / r.spread[j]);
    }

    /** The value of one output column of a regression's sums. */
    private interface ColumnValue {
        double of(Regression sums, int column);
    }

    /**
     * A regression metric over the sums of every batch added, kept per output column. The sums are added one
     * element at a time in sample order, so that batches give exactly the sums of one pass; the targets' spread
     * {@code sum (y - mean)^2} is Welford's, which needs no second pass and loses no precision to cancellation.
     */
    private static final class Regression implements Metric {
        private final String name;
        private final int minimumSamples;
        private final ColumnValue value;
        private long samples;
        private double[] absolute;
        private double[] squared;
        private double[] mean;
        private double[] spread;

        Regression(String name, int minimumSamples, ColumnValue value) {
            this.name = name;
            this.minimumSamples = minimumSamples;
            this.value = value;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void update(Tensor predictions, Tensor targets) {
            Checks.notNull(name, "predictions", predictions);
            Checks.notNull(name, "targets", targets);
            int[] s = predictions.shape();
            if (!Arrays.equals(s, targets.shape())) {
                throw new IllegalArgumentException(name + ": predictions of shape " + Checks.shape(s)
                        + " and targets of shape " + Checks.shape(targets) + " differ; they must have the same shape");
            }
            if (s.length == 0 || s[0] == 0) {
                throw new IllegalArgumentException(name + ": predictions of shape " + Checks.shape(s)
                        + " have no samples");
            }
            int n = s[0];
            int columns = (int) (predictions.size() / n);
            if (absolute != null && columns != absolute.length) {
                throw new IllegalArgumentException(name + ": predictions of shape " + Checks.shape(s) + " have "
                        + columns + " outputs per sample, the earlier batches " + absolute.length);
            }
            if (absolute == null) {
                absolute = new double[columns];
                squared = new double[columns];
                mean = new double[columns];
                spread = new double[columns];
            }
            double[] p = predictions.toArray();
            double[] y = targets.toArray();
            for (int i = 0; i < n; i++) {
                long count = samples + i + 1;
                for (int j = 0; j < columns; j++) {
                    double target = y[i * columns + j];
                    double error = target - p[i * columns + j];
                    absolute[j] += Math.abs(error);
                    squared[j] += error * error;
                    double delta = target - mean[j];
                    mean[j] += delta / count;
                    spread[j] += delta * (target - mean[j]);
                }
            }
            samples += n;
        }

        @Override
        public double result() {
            if (samples == 0) {
                throw noBatch(name);
            }
            if (samples < minimumSamples) {
                throw new IllegalStateException(name + ": needs at least " + minimumSamples + " samples, has "
                        + samples);
            }
            double sum = 0;
            for (int j = 0; j < absolute.length; j++) {
                sum += value.of(this, j);
            }
            return sum / absolute.length;
        }

        @Override
        public void reset() {
            samples = 0;
            absolute = null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static IllegalStateException noBatch(String metric) {
        return new IllegalStateException(metric + ": no batch added since the last reset; call update(predictions,"
                + " targets) first");
    }
}

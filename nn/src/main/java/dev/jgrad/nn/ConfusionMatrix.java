package dev.jgrad.nn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The counts of a classifier's answers by true class (rows) and predicted class (columns), as scikit-learn's
 * {@code confusion_matrix} lays them out, with the per-class precision, recall, F1 and support they give and
 * scikit-learn's {@code classification_report}. Immutable; {@link #plus} adds the counts of another set, so that a
 * matrix can be built batch by batch.
 *
 * <pre>{@code
 * ConfusionMatrix cm = Metrics.confusionMatrix(trainer.predict(test.features(), 256), test.targets());
 * long confused = cm.count(3, 5);                 // class 3 taken for class 5
 * double[] recall = cm.recall();                  // per class
 * System.out.print(cm.classificationReport(List.of("cat", "dog", "bird")));
 * }</pre>
 *
 * <p>Where a ratio has nothing to divide by (the precision of a class never predicted, the recall of a class with
 * no samples) its value is 0, as scikit-learn's default {@code zero_division="warn"} gives after its warning. The
 * averages and the report cover the classes that occur among the targets or the predictions, as scikit-learn does
 * when it is not given the labels.
 */
public final class ConfusionMatrix {
    private final int classes;
    /** Row-major {@code [actual, predicted]}. */
    private final long[] counts;

    ConfusionMatrix(int classes, long[] counts) {
        this.classes = classes;
        this.counts = counts;
    }

    /** Adds one sample per position of the two label arrays, which the caller has checked. */
    static void add(long[] counts, int classes, int[] actual, int[] predicted) {
        for (int i = 0; i < actual.length; i++) {
            counts[actual[i] * classes + predicted[i]]++;
        }
    }

    /** The number of classes: the rows and the columns. */
    public int classes() {
        return classes;
    }

    /**
     * The number of samples of class {@code actual} predicted as {@code predicted}.
     *
     * @throws IllegalArgumentException if a class is out of range
     */
    public long count(int actual, int predicted) {
        if (actual < 0 || actual >= classes || predicted < 0 || predicted >= classes) {
            throw new IllegalArgumentException("ConfusionMatrix.count: classes (" + actual + ", " + predicted
                    + ") are not both in 0.." + (classes - 1));
        }
        return counts[actual * classes + predicted];
    }

    /** A copy of the counts, {@code counts()[actual][predicted]}. */
    public long[][] counts() {
        long[][] rows = new long[classes][];
        for (int a = 0; a < classes; a++) {
            rows[a] = Arrays.copyOfRange(counts, a * classes, (a + 1) * classes);
        }
        return rows;
    }

    /** The number of samples counted. */
    public long total() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** The samples of each class among the targets (the row sums): scikit-learn's support. */
    public long[] support() {
        long[] support = new long[classes];
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                support[a] += counts[a * classes + p];
            }
        }
        return support;
    }

    /** The samples predicted as each class (the column sums). */
    public long[] predictedCounts() {
        long[] predicted = new long[classes];
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                predicted[p] += counts[a * classes + p];
            }
        }
        return predicted;
    }

    /** The fraction of samples predicted right: the diagonal over the total. */
    public double accuracy() {
        return (double) truePositives() / total();
    }

    /** Per class, the fraction of the samples predicted as the class that are of it: {@code tp / (tp + fp)}. */
    public double[] precision() {
        return ratios(predictedCounts(), 1);
    }

    /** Per class, the fraction of the class's samples predicted as it: {@code tp / (tp + fn)}. */
    public double[] recall() {
        return ratios(support(), 1);
    }

    /**
     * Per class, the harmonic mean of precision and recall, computed as scikit-learn does from the counts:
     * {@code 2 tp / (2 tp + fp + fn)}.
     */
    public double[] f1() {
        long[] support = support();
        long[] predicted = predictedCounts();
        long[] both = new long[classes];
        for (int c = 0; c < classes; c++) {
            both[c] = support[c] + predicted[c];
        }
        return ratios(both, 2);
    }

    /**
     * The precision averaged over the classes as {@code average} says.
     *
     * @throws IllegalArgumentException if {@code average} is null
     */
    public double precision(Average average) {
        return averaged("ConfusionMatrix.precision", precision(), average);
    }

    /**
     * The recall averaged over the classes as {@code average} says.
     *
     * @throws IllegalArgumentException if {@code average} is null
     */
    public double recall(Average average) {
        return averaged("ConfusionMatrix.recall", recall(), average);
    }

    /**
     * The F1 score averaged over the classes as {@code average} says (the mean of the classes' F1 for
     * {@link Average#MACRO}, not the F1 of the mean precision and recall).
     *
     * @throws IllegalArgumentException if {@code average} is null
     */
    public double f1(Average average) {
        return averaged("ConfusionMatrix.f1", f1(), average);
    }

    /**
     * The counts of both matrices: the matrix of the two sets together.
     *
     * @throws IllegalArgumentException if {@code other} is null or has another number of classes
     */
    public ConfusionMatrix plus(ConfusionMatrix other) {
        Checks.notNull("ConfusionMatrix.plus", "other", other);
        if (other.classes != classes) {
            throw new IllegalArgumentException("ConfusionMatrix.plus: a matrix of " + other.classes
                    + " classes cannot be added to one of " + classes);
        }
        long[] sum = counts.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
        }
        return new ConfusionMatrix(classes, sum);
    }

    /** {@code per[c] = scale * tp[c] / denominators[c]}, 0 where the denominator is 0 (zero_division = 0). */
    private double[] ratios(long[] denominators, int scale) {
        double[] r = new double[classes];
        for (int c = 0; c < classes; c++) {
            long tp = counts[c * classes + c];
            r[c] = denominators[c] == 0 ? 0 : (double) (scale * tp) / denominators[c];
        }
        return r;
    }

    private long truePositives() {
        long tp = 0;
        for (int c = 0; c < classes; c++) {
            tp += counts[c * classes + c];
        }
        return tp;
    }

    /**
     * The classes that occur among the targets or the predictions: those scikit-learn reports and averages over when
     * it is not given the labels.
     */
    private boolean[] present() {
        long[] support = support();
        long[] predicted = predictedCounts();
        boolean[] present = new boolean[classes];
        for (int c = 0; c < classes; c++) {
            present[c] = support[c] > 0 || predicted[c] > 0;
        }
        return present;
    }

    /**
     * The per-class values averaged as scikit-learn's {@code average} does. Micro averaging sums the counts over the
     * classes; with one label per sample its precision, recall and F1 are all the diagonal over the total.
     */
    private double averaged(String op, double[] perClass, Average average) {
        Checks.notNull(op, "average", average);
        if (average == Average.MICRO) {
            return accuracy();
        }
        boolean[] present = present();
        long[] support = support();
        double sum = 0;
        double weights = 0;
        for (int c = 0; c < classes; c++) {
            if (present[c]) {
                double w = average == Average.MACRO ? 1 : support[c];
                sum += perClass[c] * w;
                weights += w;
            }
        }
        return sum / weights;
    }

    // ---------------------------------------------------------------- scikit-learn's classification_report

    /**
     * {@link #classificationReport(List, int)} with the classes named by their indices and 2 digits.
     */
    public String classificationReport() {
        return report(null, 2);
    }

    /**
     * {@link #classificationReport(List, int)} with 2 digits.
     *
     * @throws IllegalArgumentException as that method does
     */
    public String classificationReport(List<String> classNames) {
        Checks.notNull("classificationReport", "classNames", classNames);
        return report(classNames, 2);
    }

    /**
     * The text scikit-learn's {@code classification_report} prints, in the same layout: a row per class that occurs
     * among the targets or the predictions with its precision, recall, F1 score and support, then the accuracy and
     * the macro and weighted averages, values rounded to {@code digits} decimals as Python rounds them (half to
     * even, on the exact binary value); every line ends with a newline. For
     * {@code y_true = [0, 1, 2, 2, 2]}, {@code y_pred = [0, 0, 2, 2, 1]}:
     *
     * <pre>{@code
     *               precision    recall  f1-score   support
     *
     *      class 0       0.50      1.00      0.67         1
     *      class 1       0.00      0.00      0.00         1
     *      class 2       1.00      0.67      0.80         3
     *
     *     accuracy                           0.60         5
     *    macro avg       0.50      0.56      0.49         5
     * weighted avg       0.70      0.60      0.61         5
     * }</pre>
     *
     * @param classNames a name for each of the {@link #classes()} classes, in order
     * @param digits the decimals of each value
     * @throws IllegalArgumentException if {@code classNames} is null or a name is, there are not as many names as
     *     classes, or {@code digits} is negative
     */
    public String classificationReport(List<String> classNames, int digits) {
        Checks.notNull("classificationReport", "classNames", classNames);
        return report(classNames, digits);
    }

    private String report(List<String> classNames, int digits) {
        if (classNames != null) {
            Checks.noNullElements("classificationReport", "classNames", "class name", classNames);
            if (classNames.size() != classes) {
                throw new IllegalArgumentException("classificationReport: " + classNames.size()
                        + " class names for " + classes + " classes");
            }
        }
        if (digits < 0) {
            throw new IllegalArgumentException("classificationReport: digits " + digits + " must be at least 0");
        }
        boolean[] present = present();
        List<Integer> rows = new ArrayList<>();
        int width = Math.max("weighted avg".length(), digits);
        for (int c = 0; c < classes; c++) {
            if (present[c]) {
                rows.add(c);
                width = Math.max(width, name(classNames, c).length());
            }
        }
        double[] precision = precision();
        double[] recall = recall();
        double[] f1 = f1();
        long[] support = support();
        long total = total();
        StringBuilder out = new StringBuilder();
        out.append(pad("", width)).append(' ');
        for (String header : new String[] {"precision", "recall", "f1-score", "support"}) {
            out.append(' ').append(pad(header, 9));
        }
        out.append("\n\n");
        for (int c : rows) {
            row(out, name(classNames, c), width, digits, support[c], precision[c], recall[c], f1[c]);
        }
        out.append('\n');
        // the accuracy row leaves the precision and recall columns blank, as scikit-learn's does
        out.append(pad("accuracy", width)).append(' ').append(" ".repeat(2 * (1 + 9)));
        out.append(' ').append(pad(decimal(accuracy(), digits), 9)).append(' ').append(pad(Long.toString(total), 9))
                .append('\n');
        for (Average average : new Average[] {Average.MACRO, Average.WEIGHTED}) {
            row(out, average.name().toLowerCase(Locale.ROOT) + " avg", width, digits, total,
                    averaged("classificationReport", precision, average),
                    averaged("classificationReport", recall, average), averaged("classificationReport", f1, average));
        }
        return out.toString();
    }

    private static String name(List<String> classNames, int c) {
        return classNames == null ? Integer.toString(c) : classNames.get(c);
    }

    /** One line of the report: Python's {@code "{:>w}  {:>9.df} {:>9.df} {:>9.df} {:>9}"}. */
    private static void row(StringBuilder out, String heading, int width, int digits, long support,
            double... values) {
        out.append(pad(heading, width)).append(' ');
        for (double v : values) {
            out.append(' ').append(pad(decimal(v, digits), 9));
        }
        out.append(' ').append(pad(Long.toString(support), 9)).append('\n');
    }

    /** Right-aligned in {@code width} characters, as Python's {@code {:>width}}; longer text is kept whole. */
    private static String pad(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    /**
     * {@code value} with {@code digits} decimals as Python's {@code {:.df}} prints it: the exact binary value rounded
     * half to even, so that 0.125 prints 0.12 and 0.675 (0.67499999...) prints 0.67.
     */
    private static String decimal(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The counts as NumPy prints scikit-learn's matrix: {@code [[2 0 0]\n [0 0 1]\n [1 0 2]]}. */
    @Override
    public String toString() {
        int width = 1;
        for (long c : counts) {
            width = Math.max(width, Long.toString(c).length());
        }
        StringBuilder out = new StringBuilder("[");
        for (int a = 0; a < classes; a++) {
            out.append(a == 0 ? "[" : "\n [");
            for (int p = 0; p < classes; p++) {
                out.append(p == 0 ? "" : " ").append(pad(Long.toString(counts[a * classes + p]), width));
            }
            out.append(']');
        }
        return out.append(']').toString();
    }
}

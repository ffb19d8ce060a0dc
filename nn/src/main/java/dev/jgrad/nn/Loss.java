package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;

/**
 * A training objective for {@link Trainer}: the mean loss of a batch given the model's output and the batch's
 * targets, and, where the task has right answers, the fraction the output gets right. The factories wrap the
 * functions of {@link Losses} with mean reduction, one factory per loss function; {@link #withL2Penalty} adds the
 * penalty of {@link Losses#l2Penalty}.
 *
 * <pre>{@code
 * Loss loss = Loss.crossEntropy();                                  // labels as a [n] target tensor
 * Loss regularised = Loss.meanSquaredError().withL2Penalty(0.01, n, List.of(layer.weight()));
 * Loss custom = (out, y) -> Losses.meanSquaredError(out, y, Reduction.MEAN).add(out.abs().mean());
 * Loss keras = Loss.sparseCategoricalCrossEntropy(true);           // Keras's names, with from_logits
 * keras.defaultMetric().get().name();                               // accuracy
 * }</pre>
 *
 * <p>Keras's losses are here under their Keras names: {@link #binaryCrossEntropy(boolean)},
 * {@link #categoricalCrossEntropy(boolean)}, {@link #sparseCategoricalCrossEntropy(boolean)} (each from
 * probabilities by default, from logits with {@code true}, as Keras's {@code from_logits}), {@link #meanSquaredError},
 * {@link #meanAbsoluteError} and {@link #hinge}. Each reports the metric that fits it ({@link #defaultMetric()}).
 *
 * <p>The factories' losses reject null arguments with an {@code IllegalArgumentException} naming the loss and the
 * parameter.
 */
@FunctionalInterface
public interface Loss {
    /** The mean loss over the batch, a rank-0 tensor to back-propagate. */
    Tensor compute(Tensor output, Tensor targets);

    /** The fraction of samples the output gets right, or NaN when the task has no right answer (regression). */
    default double accuracy(Tensor output, Tensor targets) {
        return Double.NaN;
    }

    /**
     * A new instance of the metric that fits this loss, for a model to report beside it: the loss's own accuracy
     * ({@link Metrics#accuracyOf}) for the classification losses, the mean absolute error for the squared errors and
     * the mean squared error for the absolute error; empty for a loss that does not say (a lambda).
     */
    default Optional<Metric> defaultMetric() {
        return Optional.empty();
    }

    /**
     * This loss plus {@code lambda / (2 m) * sum ||W||^2} over {@code weights} (see {@link Losses#l2Penalty}), with
     * this loss's accuracy.
     *
     * @throws IllegalArgumentException if {@code m} is not positive, {@code lambda} is negative, or the weights or
     *     one of them is null
     */
    default Loss withL2Penalty(double lambda, int m, Iterable<Tensor> weights) {
        Losses.checkL2Penalty("withL2Penalty", lambda, m, weights);
        Loss base = this;
        return new Loss() {
            @Override
            public Tensor compute(Tensor output, Tensor targets) {
                return base.compute(output, targets).add(Losses.l2Penalty(lambda, m, weights));
            }

            @Override
            public double accuracy(Tensor output, Tensor targets) {
                return base.accuracy(output, targets);
            }

            @Override
            public Optional<Metric> defaultMetric() {
                return base.defaultMetric();
            }
        };
    }

    // ---------------------------------------------------------------- classification with class labels

    /** Softmax cross-entropy from logits {@code [n, classes]} and labels {@code [n]}; accuracy by argmax. */
    static Loss crossEntropy() {
        String name = "crossEntropy";
        return of(name, (output, targets) -> Losses.crossEntropy(output, Dataset.labels(name, targets),
                Reduction.MEAN), (output, targets) -> labelAccuracy(name, output, targets), Metrics::accuracyOf);
    }

    /** The multiclass SVM hinge loss from scores {@code [n, classes]} and labels {@code [n]}; accuracy by argmax. */
    static Loss multiclassHinge() {
        String name = "multiclassHinge";
        return of(name, (output, targets) -> Losses.multiclassHinge(output, Dataset.labels(name, targets),
                Reduction.MEAN), (output, targets) -> labelAccuracy(name, output, targets), Metrics::accuracyOf);
    }

    // ---------------------------------------------------------------- classification with probabilities

    /**
     * Cross-entropy from logits {@code [n, classes]} against a distribution per sample of the same shape (soft or
     * one-hot targets); accuracy counts the samples whose largest logit is at the target's most likely class.
     */
    static Loss crossEntropyWithProbabilities() {
        String name = "crossEntropyWithProbabilities";
        return of(name, (output, targets) -> Losses.crossEntropyWithProbabilities(output, targets, Reduction.MEAN),
                (output, targets) -> {
                    Losses.checkSameShape(name, output, "logits", targets, "targets");
                    Losses.checkClassRows(output);
                    return argmaxAccuracy(output, argmax(targets));
                }, Metrics::accuracyOf);
    }

    /** Binary cross-entropy from logits against 0/1 targets of the same shape; a logit above 0 predicts 1. */
    static Loss binaryCrossEntropyWithLogits() {
        String name = "binaryCrossEntropyWithLogits";
        return of(name, (output, targets) -> Losses.binaryCrossEntropyWithLogits(output, targets, Reduction.MEAN),
                (output, targets) -> thresholdAccuracy(name, output, "logits", 0.0, targets), Metrics::accuracyOf);
    }

    /**
     * Binary cross-entropy from probabilities (a sigmoid's output, say) against 0/1 targets of the same shape; a
     * probability above 0.5 predicts 1.
     */
    static Loss binaryCrossEntropy() {
        String name = "binaryCrossEntropy";
        return of(name, (output, targets) -> Losses.binaryCrossEntropy(output, targets, Reduction.MEAN),
                (output, targets) -> thresholdAccuracy(name, output, "probabilities", 0.5, targets), Metrics::accuracyOf);
    }

    // ---------------------------------------------------------------- Keras's names

    /**
     * Keras's {@code BinaryCrossentropy(from_logits=...)}: {@link #binaryCrossEntropyWithLogits()} if
     * {@code fromLogits}, else {@link #binaryCrossEntropy()} (from probabilities, Keras's default).
     */
    static Loss binaryCrossEntropy(boolean fromLogits) {
        return fromLogits ? binaryCrossEntropyWithLogits() : binaryCrossEntropy();
    }

    /**
     * Keras's {@code CategoricalCrossentropy()}: from probabilities {@code [n, classes]} (a softmax's output) against
     * one-hot or soft targets of the same shape, per sample {@code -sum(y log(p / sum p))}, each probability first
     * clamped to at least 1e-12 (2^-24 in FLOAT32) so that a zero costs about 27.6 rather than infinity; accuracy as
     * {@link #crossEntropyWithProbabilities()}.
     */
    static Loss categoricalCrossEntropy() {
        return categoricalCrossEntropy(false);
    }

    /**
     * Keras's {@code CategoricalCrossentropy(from_logits=...)}: {@link #crossEntropyWithProbabilities()} (logits
     * against a distribution per sample) if {@code fromLogits}, else {@link #categoricalCrossEntropy()}.
     */
    static Loss categoricalCrossEntropy(boolean fromLogits) {
        Loss logits = crossEntropyWithProbabilities();
        if (fromLogits) {
            return logits;
        }
        String name = "categoricalCrossEntropy";
        // logSoftmax(log p) = log(p / sum p): the loss from logits, given the logarithms, is Keras's normalised one.
        return of(name, (output, targets) -> logits.compute(logOfProbabilities(name, output), targets),
                logits::accuracy, Metrics::accuracyOf);
    }

    /**
     * Keras's {@code SparseCategoricalCrossentropy()}: from probabilities {@code [n, classes]} and labels {@code [n]},
     * per sample {@code -log(p[label] / sum p)}, the probabilities clamped as {@link #categoricalCrossEntropy()}
     * clamps them; accuracy by argmax.
     */
    static Loss sparseCategoricalCrossEntropy() {
        return sparseCategoricalCrossEntropy(false);
    }

    /**
     * Keras's {@code SparseCategoricalCrossentropy(from_logits=...)}: {@link #crossEntropy()} (softmax cross-entropy
     * from logits and labels) if {@code fromLogits}, else {@link #sparseCategoricalCrossEntropy()}.
     */
    static Loss sparseCategoricalCrossEntropy(boolean fromLogits) {
        Loss logits = crossEntropy();
        if (fromLogits) {
            return logits;
        }
        String name = "sparseCategoricalCrossEntropy";
        return of(name, (output, targets) -> logits.compute(logOfProbabilities(name, output), targets),
                logits::accuracy, Metrics::accuracyOf);
    }

    /** {@code log(max(p, floor))} of probabilities in [0, 1], the floor as {@link Losses#binaryCrossEntropy}'s. */
    private static Tensor logOfProbabilities(String loss, Tensor probabilities) {
        Losses.checkUnitInterval(loss, probabilities, "probability");
        return probabilities.clamp(Losses.probabilityFloor(probabilities.dtype()), 1).log();
    }

    /** Keras's {@code MeanAbsoluteError()}: {@code mean(|output - target|)} over all elements; no accuracy. */
    static Loss meanAbsoluteError() {
        String name = "meanAbsoluteError";
        return of(name, (output, targets) -> {
            Losses.checkSameShape(name, output, "predictions", targets, "targets");
            return output.sub(targets).abs().mean();
        }, (output, targets) -> Double.NaN, loss -> Metrics.meanSquaredError());
    }

    /**
     * Keras's {@code Hinge()}: {@code mean(max(0, 1 - y s))} over all elements of scores {@code s} against targets
     * {@code y} of the same shape that are -1 or 1; targets that are all 0 or 1 are read as -1 and 1, as Keras
     * reads them. The margin ranking loss of {@code y s} against 0 with margin 1 ({@link Losses#marginRanking}).
     * Accuracy counts the scores on the target's side of 0.
     */
    static Loss hinge() {
        String name = "hinge";
        return of(name, (output, targets) -> {
            Losses.checkSameShape(name, output, "scores", targets, "targets");
            Tensor right = output.mul(signs(name, targets));
            return Losses.marginRanking(right, Tensor.zeros(right.dtype(), right.shape()), 1, Reduction.MEAN);
        }, (output, targets) -> thresholdAccuracy(name, output, "scores", 0.0, targets), Metrics::accuracyOf);
    }

    /** Targets of -1 and 1 as they are, or all-0/1 targets as -1 and 1. */
    private static Tensor signs(String loss, Tensor targets) {
        double[] y = targets.toArray();
        boolean binary = true;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 1 && y[i] != -1 && y[i] != 0) {
                throw new IllegalArgumentException(loss + ": target " + y[i] + " at position " + i
                        + " is not -1 or 1 (nor 0 or 1)");
            }
            binary &= y[i] != -1;
        }
        return binary ? targets.mul(2.0).sub(1.0) : targets;
    }

    // ---------------------------------------------------------------- regression and ranking

    /** Mean squared error over all elements; no accuracy. */
    static Loss meanSquaredError() {
        return of("meanSquaredError", (output, targets) -> Losses.meanSquaredError(output, targets, Reduction.MEAN),
                (output, targets) -> Double.NaN, loss -> Metrics.meanAbsoluteError());
    }

    /** The batch mean of each sample's sum of squared errors (see {@link Losses#sumSquaredError}); no accuracy. */
    static Loss sumSquaredError() {
        return of("sumSquaredError", (output, targets) -> Losses.sumSquaredError(output, targets, Reduction.MEAN),
                (output, targets) -> Double.NaN, loss -> Metrics.meanAbsoluteError());
    }

    /**
     * The margin ranking loss on pairs, as PyTorch's {@code MarginRankingLoss}: the output {@code [n, 2]} holds the
     * two scores {@code (x1, x2)} of each pair and the target {@code [n]} says which should rank higher, 1 for
     * {@code x1} and -1 for {@code x2}; the loss is the mean of {@code max(0, margin - y (x1 - x2))} (see
     * {@link Losses#marginRanking}), and accuracy counts the pairs ranked the right way round.
     */
    static Loss marginRanking(double margin) {
        return of("marginRanking", (output, targets) -> {
            Tensor lead = lead(output, targets);
            return Losses.marginRanking(lead, Tensor.zeros(lead.dtype(), lead.shape()), margin, Reduction.MEAN);
        }, (output, targets) -> {
            double[] lead = lead(output, targets).toArray();
            int right = 0;
            for (double a : lead) {
                right += a > 0 ? 1 : 0;
            }
            return (double) right / lead.length;
        }, Metrics::accuracyOf);
    }

    /**
     * {@code y (x1 - x2)} per pair: by how much the score that should rank higher leads, which the margin ranking
     * loss asks to be at least the margin.
     */
    private static Tensor lead(Tensor pairs, Tensor signs) {
        int[] s = pairs.shape();
        if (s.length != 2 || s[1] != 2 || signs.rank() != 1 || signs.shape()[0] != s[0]) {
            throw new IllegalArgumentException("marginRanking: output of shape " + Checks.shape(s) + " and targets"
                    + " of shape " + Checks.shape(signs) + " are not score pairs [n, 2] and signs [n]");
        }
        double[] y = signs.toArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 1 && y[i] != -1) {
                throw new IllegalArgumentException("marginRanking: target " + y[i] + " of pair " + i
                        + " is neither 1 nor -1");
            }
        }
        return pairs.slice(1, 0, 1).sub(pairs.slice(1, 1, 2)).reshape(s[0]).mul(signs);
    }

    // ---------------------------------------------------------------- accuracy

    /**
     * A loss named {@code name} of these two functions, which receive non-null arguments, whose default metric is
     * what {@code metric} makes for it, anew at each call.
     */
    private static Loss of(String name, BinaryOperator<Tensor> compute, ToDoubleBiFunction<Tensor, Tensor> accuracy,
            Function<Loss, Metric> metric) {
        return new Loss() {
            @Override
            public Tensor compute(Tensor output, Tensor targets) {
                return compute.apply(Checks.notNull(name, "output", output), Checks.notNull(name, "targets",
                        targets));
            }

            @Override
            public double accuracy(Tensor output, Tensor targets) {
                return accuracy.applyAsDouble(Checks.notNull(name, "output", output), Checks.notNull(name, "targets",
                        targets));
            }

            @Override
            public Optional<Metric> defaultMetric() {
                return Optional.of(metric.apply(this));
            }
        };
    }

    /** Argmax accuracy of scores {@code [n, classes]} against labels held as a {@code [n]} tensor. */
    private static double labelAccuracy(String loss, Tensor scores, Tensor targets) {
        int[] labels = Dataset.labels(loss, targets);
        Losses.checkLabels(loss, scores, labels);
        return argmaxAccuracy(scores, labels);
    }

    /** The fraction of elements on the same side of {@code threshold} as their target (0/1 or -1/1) is of 0.5. */
    private static double thresholdAccuracy(String loss, Tensor output, String outputName, double threshold,
            Tensor targets) {
        Losses.checkSameShape(loss, output, outputName, targets, "targets");
        double[] z = output.toArray();
        double[] y = targets.toArray();
        int right = 0;
        for (int i = 0; i < z.length; i++) {
            right += (z[i] > threshold) == (y[i] > 0.5) ? 1 : 0;
        }
        return (double) right / z.length;
    }

    /** The index of the largest entry of each row of {@code scores} {@code [n, classes]} (the first one on a tie). */
    private static int[] argmax(Tensor scores) {
        double[] s = scores.toArray();
        int n = scores.shape()[0];
        int classes = scores.shape()[1];
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < classes; c++) {
                best[i] = s[i * classes + c] > s[i * classes + best[i]] ? c : best[i];
            }
        }
        return best;
    }

    /** The fraction of rows of {@code scores} whose largest entry is at the label (the first one on a tie). */
    private static double argmaxAccuracy(Tensor scores, int[] labels) {
        int[] predicted = argmax(scores);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }
}

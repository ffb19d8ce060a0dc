package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.function.BiFunction;

/**
 * A training objective for {@link Trainer}: the mean loss of a batch given the model's output and the batch's
 * targets, and, where the task has right answers, the fraction the output gets right. The factories wrap the
 * functions of {@link Losses} with mean reduction.
 *
 * <pre>{@code
 * Loss loss = Loss.crossEntropy();                                  // labels as a [n] target tensor
 * Loss custom = (out, y) -> Losses.meanSquaredError(out, y, Reduction.MEAN)
 *         .add(Losses.l2Penalty(0.01, n, List.of(layer.weight())));
 * }</pre>
 */
@FunctionalInterface
public interface Loss {
    /** The mean loss over the batch, a rank-0 tensor to back-propagate. */
    Tensor compute(Tensor output, Tensor targets);

    /** The fraction of samples the output gets right, or NaN when the task has no right answer (regression). */
    default double accuracy(Tensor output, Tensor targets) {
        return Double.NaN;
    }

    /** Softmax cross-entropy from logits {@code [n, classes]} and labels {@code [n]}; accuracy by argmax. */
    static Loss crossEntropy() {
        return classification("crossEntropy", (output, labels) -> Losses.crossEntropy(output, labels, Reduction.MEAN));
    }

    /** The multiclass SVM hinge loss from scores {@code [n, classes]} and labels {@code [n]}; accuracy by argmax. */
    static Loss multiclassHinge() {
        return classification("multiclassHinge",
                (output, labels) -> Losses.multiclassHinge(output, labels, Reduction.MEAN));
    }

    /** A loss of class scores against integer labels (held as a tensor), scored by argmax accuracy. */
    private static Loss classification(String name, BiFunction<Tensor, int[], Tensor> loss) {
        return new Loss() {
            @Override
            public Tensor compute(Tensor output, Tensor targets) {
                return loss.apply(output, Dataset.labels(name, targets));
            }

            @Override
            public double accuracy(Tensor output, Tensor targets) {
                return argmaxAccuracy(output, Dataset.labels(name, targets));
            }
        };
    }

    /** Binary cross-entropy from logits against 0/1 targets of the same shape; a logit above 0 predicts 1. */
    static Loss binaryCrossEntropyWithLogits() {
        return new Loss() {
            @Override
            public Tensor compute(Tensor output, Tensor targets) {
                return Losses.binaryCrossEntropyWithLogits(output, targets, Reduction.MEAN);
            }

            @Override
            public double accuracy(Tensor output, Tensor targets) {
                double[] z = output.toArray();
                double[] y = targets.toArray();
                int right = 0;
                for (int i = 0; i < z.length; i++) {
                    right += (z[i] > 0) == (y[i] > 0.5) ? 1 : 0;
                }
                return (double) right / z.length;
            }
        };
    }

    /** Mean squared error; no accuracy. */
    static Loss meanSquaredError() {
        return (output, targets) -> Losses.meanSquaredError(output, targets, Reduction.MEAN);
    }

    /** The fraction of rows of {@code scores} whose largest entry is at the label (the first one on a tie). */
    private static double argmaxAccuracy(Tensor scores, int[] labels) {
        double[] s = scores.toArray();
        int classes = scores.shape()[scores.rank() - 1];
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = s[i * classes + c] > s[i * classes + best] ? c : best;
            }
            right += best == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }
}

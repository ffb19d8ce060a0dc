package dev.jgrad.nn;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Function;
import dev.jgrad.engine.Tensor;
import java.util.Arrays;

/**
 * Loss functions, each returning a rank-0 tensor to call {@code backward()} on. Classification losses take a batch
 * of raw scores (logits) {@code [batch, classes]}; per-sample losses are reduced over the batch and elementwise ones
 * over every element, by a {@link Reduction}.
 *
 * <pre>{@code
 * Tensor loss = Losses.crossEntropy(model.forward(x), labels, Reduction.MEAN);
 * loss.backward();
 * }</pre>
 */
public final class Losses {
    private Losses() {
    }

    /** Keeps {@code log} finite when a FLOAT64 probability is exactly 0 or 1. */
    private static final double PROBABILITY_FLOOR = 1e-12;

    /**
     * The same for FLOAT32, where {@code 1 - 1e-12} rounds to 1: 2^-24, the largest floor for which
     * {@code 1 - floor} is still a float below 1.
     */
    private static final double FLOAT32_PROBABILITY_FLOOR = 0x1p-24;

    // ---------------------------------------------------------------- classification with class labels

    /**
     * Softmax cross-entropy from logits and integer class labels: per sample
     * {@code logSumExp(logits) - logits[label]}, which stays finite for logits of any size. One op, forward and
     * backward: the gradient is {@code (softmax(logits) - onehot(labels))} times the upstream gradient (divided by
     * the batch size for {@link Reduction#MEAN}).
     *
     * @throws IllegalArgumentException if an argument is null, logits are not {@code [batch, classes]}, the label
     *     count differs from the batch, a label is outside {@code [0, classes)}, or the mean is asked of an empty
     *     batch
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, Reduction reduction) {
        checkLabels("crossEntropy", logits, "logits", labels, reduction);
        if (labels.length == 0 && reduction == Reduction.MEAN) {
            throw new IllegalArgumentException("crossEntropy: the mean over an empty batch (scores of shape "
                    + Checks.shape(logits) + ") is undefined");
        }
        return Tensor.apply(new SoftmaxCrossEntropy(labels.clone(), reduction), logits);
    }

    /**
     * Cross-entropy as one op instead of the half dozen of its definition (logSumExp, gather, sub, mean and their
     * backwards): the forward is one pass over the logits, the backward one softmax. The backward is written with
     * tensor ops, so that second derivatives work.
     */
    private static final class SoftmaxCrossEntropy implements Function {
        private final int[] labels;
        private final Reduction reduction;

        SoftmaxCrossEntropy(int[] labels, Reduction reduction) {
            this.labels = labels;
            this.reduction = reduction;
        }

        @Override
        public Tensor forward(Tensor... in) {
            double[] z = in[0].toArray();
            int n = labels.length, classes = z.length / Math.max(n, 1);
            double total = 0;
            for (int i = 0; i < n; i++) {
                int row = i * classes;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, z[row + c]);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(z[row + c] - max);
                }
                total += max + Math.log(sum) - z[row + labels[i]];
            }
            return Tensor.full(in[0].dtype(), reduction == Reduction.MEAN ? total / n : total);
        }

        @Override
        public Tensor[] backward(Tensor upstream, Tensor[] in, Tensor out) {
            int[] shape = in[0].shape();
            double[] oneHot = new double[shape[0] * shape[1]];
            for (int i = 0; i < labels.length; i++) {
                oneHot[i * shape[1] + labels[i]] = 1;
            }
            Tensor perSample = reduction == Reduction.MEAN ? upstream.div(labels.length) : upstream;
            Tensor target = Tensor.of(oneHot, shape).to(in[0].dtype());
            return new Tensor[] {Activations.softmax(in[0], 1).sub(target).mul(perSample)};
        }

        @Override
        public String name() {
            return "crossEntropy";
        }
    }

    /**
     * The multiclass SVM hinge loss with margin 1: per sample {@code sum over j != label of max(0, s_j - s_label + 1)}.
     *
     * @throws IllegalArgumentException as {@link #crossEntropy(Tensor, int[], Reduction)}
     */
    public static Tensor multiclassHinge(Tensor scores, int[] labels, Reduction reduction) {
        checkLabels("multiclassHinge", scores, "scores", labels, reduction);
        int n = labels.length;
        Tensor correct = scores.gather(1, labels).reshape(n, 1);
        // The j == label term is max(0, 1) = 1 with zero gradient: summing all classes and subtracting it is exact.
        return reduction.reduce(scores.sub(correct).add(1.0).relu().sum(1, false).sub(1.0));
    }

    // ---------------------------------------------------------------- classification with probabilities

    /**
     * Cross-entropy from logits against a probability distribution per sample (soft or one-hot targets):
     * {@code -sum(targets * logSoftmax(logits))} per sample.
     *
     * @throws IllegalArgumentException if an argument is null, or the shapes differ or are not
     *     {@code [batch, classes]}
     */
    public static Tensor crossEntropyWithProbabilities(Tensor logits, Tensor targets, Reduction reduction) {
        checkSameShape("crossEntropyWithProbabilities", logits, "logits", targets, "targets", reduction);
        checkClassRows(logits);
        return reduction.reduce(targets.mul(Activations.logSoftmax(logits, 1)).sum(1, false).neg());
    }

    /**
     * Binary cross-entropy from logits, elementwise: {@code softplus(z) - z y}, the same as
     * {@code -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z)))} but finite for logits of any size, and computed as
     * {@code max(z, 0) (1 - y) + max(-z, 0) y + log(1 + e^-|z|)}: for targets in [0, 1] no term is negative, so a
     * loss near 0 keeps its relative precision instead of being the difference of two large numbers.
     *
     * @throws IllegalArgumentException if an argument is null or the shapes differ
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Reduction reduction) {
        checkSameShape("binaryCrossEntropyWithLogits", logits, "logits", targets, "targets", reduction);
        return reduction.reduce(Tensor.apply(BCE_WITH_LOGITS, logits, targets));
    }

    /** Its derivatives are {@code sigmoid(z) - y} for the logit and {@code -z} for the target, as tensor ops. */
    private static final Function BCE_WITH_LOGITS = new Function() {
        @Override
        public Tensor forward(Tensor... in) {
            double[] z = in[0].toArray();
            double[] y = in[1].toArray();
            double[] v = new double[z.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(z[i], 0) * (1 - y[i]) + Math.max(-z[i], 0) * y[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
            }
            DType dtype = in[0].dtype() == in[1].dtype() ? in[0].dtype() : DType.FLOAT64;
            return Tensor.of(v, in[0].shape()).to(dtype);
        }

        /** Each gradient in its own input's dtype, which differs from the output's when the inputs' dtypes do. */
        @Override
        public Tensor[] backward(Tensor upstream, Tensor[] in, Tensor out) {
            return new Tensor[] {upstream.mul(in[0].sigmoid().sub(in[1])).to(in[0].dtype()),
                upstream.mul(in[0].neg()).to(in[1].dtype())};
        }

        @Override
        public String name() {
            return "binaryCrossEntropyWithLogits";
        }
    };

    /**
     * Binary cross-entropy from probabilities, elementwise: {@code -(y log p + (1 - y) log(1 - p))}, with {@code p}
     * clamped to {@code [1e-12, 1 - 1e-12]} so a confident wrong answer costs about 27.6 rather than infinity. In
     * FLOAT32, where {@code 1 - 1e-12} is 1, the clamp is {@code [2^-24, 1 - 2^-24]} and the cost about 16.6.
     * Prefer {@link #binaryCrossEntropyWithLogits}, which needs no clamp.
     *
     * @throws IllegalArgumentException if an argument is null, the shapes differ, or a probability or target is
     *     outside [0, 1]
     */
    public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor targets, Reduction reduction) {
        checkSameShape("binaryCrossEntropy", probabilities, "probabilities", targets, "targets", reduction);
        checkUnitInterval("binaryCrossEntropy", probabilities, "probability");
        checkUnitInterval("binaryCrossEntropy", targets, "target");
        double floor = probabilityFloor(probabilities.dtype());
        Tensor p = probabilities.clamp(floor, 1 - floor);
        Tensor loss = targets.mul(p.log()).add(targets.neg().add(1.0).mul(p.neg().add(1.0).log())).neg();
        return reduction.reduce(loss);
    }

    /** The smallest probability a loss takes the logarithm of, in {@code dtype}. */
    static double probabilityFloor(DType dtype) {
        return dtype == DType.FLOAT32 ? FLOAT32_PROBABILITY_FLOOR : PROBABILITY_FLOOR;
    }

    // ---------------------------------------------------------------- regression and ranking

    /**
     * Squared error per element, {@code (prediction - target)^2}: with {@link Reduction#MEAN} the mean squared
     * error over all elements, with {@link Reduction#SUM} their total.
     *
     * @throws IllegalArgumentException if an argument is null or the shapes differ
     */
    public static Tensor meanSquaredError(Tensor predictions, Tensor targets, Reduction reduction) {
        checkSameShape("meanSquaredError", predictions, "predictions", targets, "targets", reduction);
        return reduction.reduce(predictions.sub(targets).pow(2));
    }

    /**
     * Sum of squared errors per sample, {@code ||prediction - target||^2} over all axes but the first, then reduced
     * over the batch.
     *
     * @throws IllegalArgumentException if an argument is null, or the shapes differ or have rank 0
     */
    public static Tensor sumSquaredError(Tensor predictions, Tensor targets, Reduction reduction) {
        checkSameShape("sumSquaredError", predictions, "predictions", targets, "targets", reduction);
        if (predictions.rank() == 0) {
            throw new IllegalArgumentException("sumSquaredError: predictions need a batch axis, got shape []");
        }
        Tensor squared = predictions.sub(targets).pow(2);
        return reduction.reduce(squared.reshape(predictions.shape()[0], -1).sum(1, false));
    }

    /**
     * The margin ranking loss, elementwise {@code max(0, margin + wrong - right)}: zero once each right score beats
     * its wrong score by at least {@code margin}.
     *
     * @throws IllegalArgumentException if an argument is null or the shapes differ
     */
    public static Tensor marginRanking(Tensor right, Tensor wrong, double margin, Reduction reduction) {
        checkSameShape("marginRanking", right, "right", wrong, "wrong", reduction);
        return reduction.reduce(wrong.sub(right).add(margin).relu());
    }

    /**
     * The L2 (Frobenius) penalty {@code lambda / (2 m) * sum ||W||^2} over the given weights, to add to a loss;
     * {@code m} is the number of training samples. Pass the weights only: biases are conventionally not penalised.
     *
     * @throws IllegalArgumentException if {@code m} is not positive, {@code lambda} is negative, or the weights or
     *     one of them is null
     */
    public static Tensor l2Penalty(double lambda, int m, Iterable<Tensor> weights) {
        checkL2Penalty("l2Penalty", lambda, m, weights);
        // Started from the first weight's sum, not from a FLOAT64 zero that would promote FLOAT32 weights.
        Tensor total = null;
        for (Tensor w : weights) {
            Tensor squares = w.pow(2).sum();
            total = total == null ? squares : total.add(squares);
        }
        return total == null ? Tensor.scalar(0.0) : total.mul(lambda / (2.0 * m));
    }

    // ---------------------------------------------------------------- checks

    /** Checks the arguments of {@link #l2Penalty}, with errors naming {@code op}. */
    static void checkL2Penalty(String op, double lambda, int m, Iterable<Tensor> weights) {
        Checks.noNullElements(op, "weights", "weight", weights);
        if (m <= 0 || !(lambda >= 0)) {
            throw new IllegalArgumentException(op + ": needs lambda >= 0 and m > 0, got lambda " + lambda
                    + " and m " + m);
        }
    }

    /** Checks that the non-null logits of {@link #crossEntropyWithProbabilities} are {@code [batch, classes]}. */
    static void checkClassRows(Tensor logits) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropyWithProbabilities: logits of shape "
                    + Checks.shape(logits) + " are not [batch, classes]");
        }
    }

    /** Checks scores {@code [batch, classes]} against one label in range per sample, and a non-null reduction. */
    private static void checkLabels(String loss, Tensor scores, String scoresName, int[] labels,
            Reduction reduction) {
        Checks.notNull(loss, scoresName, scores);
        Checks.notNull(loss, "labels", labels);
        Checks.notNull(loss, "reduction", reduction);
        checkLabels(loss, scores, labels);
    }

    /** Checks non-null scores {@code [batch, classes]} against one label in range per sample. */
    static void checkLabels(String loss, Tensor scores, int[] labels) {
        int[] s = scores.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException(loss + ": scores of shape " + Checks.shape(s)
                    + " are not [batch, classes]");
        }
        if (labels.length != s[0]) {
            throw new IllegalArgumentException(loss + ": " + labels.length + " labels for a batch of " + s[0]
                    + " (scores of shape " + Checks.shape(s) + ")");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= s[1]) {
                throw new IllegalArgumentException(loss + ": label " + labels[i] + " of sample " + i
                        + " is out of range for " + s[1] + " classes (labels are 0 to " + (s[1] - 1) + ")");
            }
        }
    }

    /** Checks that {@code a} and {@code b} are non-null tensors of one shape, and that the reduction is given. */
    private static void checkSameShape(String loss, Tensor a, String aName, Tensor b, String bName,
            Reduction reduction) {
        Checks.notNull(loss, aName, a);
        Checks.notNull(loss, bName, b);
        Checks.notNull(loss, "reduction", reduction);
        checkSameShape(loss, a, aName, b, bName);
    }

    /** Checks that the non-null tensors {@code a} and {@code b} have one shape. */
    static void checkSameShape(String loss, Tensor a, String aName, Tensor b, String bName) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(loss + ": " + aName + " of shape " + Checks.shape(a) + " and "
                    + bName + " of shape " + Checks.shape(b) + " differ");
        }
    }

    static void checkUnitInterval(String loss, Tensor t, String what) {
        double[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] <= 1)) {
                throw new IllegalArgumentException(loss + ": " + what + " " + v[i] + " at position " + i
                        + " is outside [0, 1]");
            }
        }
    }
}

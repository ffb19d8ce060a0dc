package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * Batch normalisation of {@code [batch, features]} inputs: each feature is standardised, then scaled and shifted by
 * learnable {@code weight} (starting at 1) and {@code bias} (starting at 0).
 *
 * <p>In training the mean and (biased) variance come from the batch, and the buffers {@code runningMean} and
 * {@code runningVar} move towards them: {@code running = (1 - momentum) running + momentum batch}, the variance in
 * its unbiased form. In eval the running statistics are used instead, so a single sample gives a stable output.
 *
 * <pre>{@code
 * Module net = new Sequential(new Dense(10, 32, rng), new BatchNorm1d(32), Activation.relu(), ...);
 * }</pre>
 *
 * <p>{@link Module#to} converts the running statistics with the parameters, so they stay in the parameters' dtype
 * and a FLOAT32 model computes in FLOAT32 throughout.
 */
public final class BatchNorm1d extends BatchNorm {
    /** Batch norm with momentum 0.1 and {@code eps = 1e-5}. */
    public BatchNorm1d(int features) {
        this(features, 0.1, 1e-5);
    }

    /**
     * Batch norm with the given running-statistics {@code momentum} and {@code eps} added to the variance.
     *
     * @throws IllegalArgumentException if {@code features} or {@code eps} is not positive, or {@code momentum} is
     *     outside [0, 1]
     */
    public BatchNorm1d(int features, double momentum, double eps) {
        super("BatchNorm1d", "features", features, momentum, eps);
    }

    /**
     * Normalises with batch statistics (training) or running statistics (eval).
     *
     * @throws IllegalArgumentException if the input is null or not {@code [batch, features]}, or in training the
     *     batch has a single sample (its variance is undefined)
     */
    @Override
    public Tensor forward(Tensor x) {
        String op = "BatchNorm1d(" + size + ")";
        Checks.batchOf(op, x, size);
        return normalise(op, x, new int[] {0}, new int[] {size}, "sample per batch");
    }

    /** The learnable scale, {@code [features]}: the parameter itself. */
    public Tensor weight() {
        return weight;
    }

    /** The learnable shift, {@code [features]}: the parameter itself. */
    public Tensor bias() {
        return bias;
    }

    /** The running mean used in eval, {@code [features]}: the buffer itself. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance used in eval, {@code [features]}: the buffer itself. */
    public Tensor runningVar() {
        return runningVar;
    }
}

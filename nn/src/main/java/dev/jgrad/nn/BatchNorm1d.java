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
public final class BatchNorm1d extends Module {
    private final int features;
    private final double momentum;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;
    @Buffer private final Tensor runningMean;
    @Buffer private final Tensor runningVar;

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
        if (features <= 0 || !(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException("BatchNorm1d: needs features > 0, momentum in [0, 1] and eps > 0, got "
                    + features + ", " + momentum + ", " + eps);
        }
        this.features = features;
        this.momentum = momentum;
        this.eps = eps;
        this.weight = Tensor.ones(features).requiresGrad(true);
        this.bias = Tensor.zeros(features).requiresGrad(true);
        this.runningMean = Tensor.zeros(features);
        this.runningVar = Tensor.ones(features);
    }

    /**
     * Normalises with batch statistics (training) or running statistics (eval).
     *
     * @throws IllegalArgumentException if the input is null or not {@code [batch, features]}, or in training the
     *     batch has a single sample (its variance is undefined)
     */
    @Override
    public Tensor forward(Tensor x) {
        String op = "BatchNorm1d(" + features + ")";
        Checks.batchOf(op, x, features);
        return BatchNorms.forward(op, x, isTraining(), new int[] {0}, new int[] {features}, weight, bias, runningMean,
                runningVar, momentum, eps, "sample per batch");
    }

    /** The learnable scale, {@code [features]}. */
    public Tensor weight() {
        return weight;
    }

    /** The learnable shift, {@code [features]}. */
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

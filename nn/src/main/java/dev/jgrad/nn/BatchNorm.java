package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * The batch normalisation that {@link BatchNorm1d} and {@link BatchNorm2d} share: statistics per channel (or
 * feature) over every other axis, learnable scale and shift, running statistics for eval. The two layers differ
 * only in the shape they take, which axes the statistics reduce and how a per-channel vector lines up with the
 * input.
 */
abstract class BatchNorm extends Module {
    /** The channels or features, each normalised on its own. */
    final int size;
    private final double momentum;
    private final double eps;
    final Tensor weight;
    final Tensor bias;
    @Buffer final Tensor runningMean;
    @Buffer final Tensor runningVar;

    /**
     * Batch norm over {@code size} channels or features (named {@code noun} in the message of {@code layer}), with
     * the given running-statistics {@code momentum} and {@code eps} added to the variance.
     *
     * @throws IllegalArgumentException if {@code size} or {@code eps} is not positive, or {@code momentum} is
     *     outside [0, 1]
     */
    BatchNorm(String layer, String noun, int size, double momentum, double eps) {
        if (size <= 0 || !(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException(layer + ": needs " + noun + " > 0, momentum in [0, 1] and eps > 0, got "
                    + size + ", " + momentum + ", " + eps);
        }
        this.size = size;
        this.momentum = momentum;
        this.eps = eps;
        this.weight = Tensor.ones(size).requiresGrad(true);
        this.bias = Tensor.zeros(size).requiresGrad(true);
        this.runningMean = Tensor.zeros(size);
        this.runningVar = Tensor.ones(size);
    }

    /**
     * {@code (x - mean) / sqrt(var + eps) * weight + bias} with the statistics of the batch over {@code axes}
     * (training; the running statistics move towards them, the variance in its unbiased form) or the running ones
     * (eval). The per-channel vectors are reshaped to {@code view} to broadcast against {@code x}.
     *
     * @throws IllegalArgumentException in training, if each channel has a single value (its variance is undefined),
     *     with {@code single} saying so
     */
    final Tensor normalise(String op, Tensor x, int[] axes, int[] view, String single) {
        Tensor scale = weight.reshape(view), shift = bias.reshape(view);
        if (!isTraining()) {
            return x.sub(runningMean.reshape(view)).div(runningVar.reshape(view).add(eps).sqrt()).mul(scale)
                    .add(shift);
        }
        int count = 1;
        for (int axis : axes) {
            count *= x.shape()[axis];
        }
        if (count < 2) {
            throw new IllegalArgumentException(op + ": training needs more than one " + single + ", got shape "
                    + Checks.shape(x));
        }
        Tensor mean = meanOver(x, axes);
        Tensor centered = x.sub(mean);
        Tensor variance = meanOver(centered.pow(2), axes);
        try (var off = Tensor.noGrad()) {
            runningMean.mulInPlace(1 - momentum).addInPlace(mean.reshape(size), momentum);
            runningVar.mulInPlace(1 - momentum).addInPlace(variance.reshape(size),
                    momentum * count / (count - 1));
        }
        return centered.div(variance.add(eps).sqrt()).mul(scale).add(shift);
    }

    /** The mean over each of {@code axes}, the axes kept so that it broadcasts against {@code x}. */
    private static Tensor meanOver(Tensor x, int[] axes) {
        Tensor m = x;
        for (int axis : axes) {
            m = m.mean(axis, true);
        }
        return m;
    }
}

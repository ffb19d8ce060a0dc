package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * The batch normalisation that {@link BatchNorm1d} and {@link BatchNorm2d} share: statistics per channel over every
 * other axis, learnable scale and shift, running statistics for eval. The two layers differ only in which axes the
 * statistics reduce and how a per-channel vector lines up with the input.
 */
final class BatchNorms {
    private BatchNorms() {
    }

    /**
     * {@code (x - mean) / sqrt(var + eps) * weight + bias} with the statistics of the batch over {@code axes}
     * (training; the running statistics move towards them, the variance in its unbiased form) or the running ones
     * (eval). The per-channel vectors are reshaped to {@code view} to broadcast against {@code x}.
     *
     * @throws IllegalArgumentException in training, if each channel has a single value (its variance is undefined),
     *     with {@code single} saying so
     */
    static Tensor forward(String op, Tensor x, boolean training, int[] axes, int[] view, Tensor weight, Tensor bias,
                          Tensor runningMean, Tensor runningVar, double momentum, double eps, String single) {
        Tensor scale = weight.reshape(view), shift = bias.reshape(view);
        if (!training) {
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
            int channels = runningMean.shape()[0];
            runningMean.mulInPlace(1 - momentum).addInPlace(mean.reshape(channels), momentum);
            runningVar.mulInPlace(1 - momentum).addInPlace(variance.reshape(channels),
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

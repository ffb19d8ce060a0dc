package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * Batch normalisation of a batch of images {@code [N, C, H, W]}, as PyTorch's {@code BatchNorm2d}: each channel is
 * standardised with the statistics of all its values in the batch (over N, H and W), then scaled and shifted by
 * learnable {@code weight} (starting at 1) and {@code bias} (starting at 0), both {@code [C]}.
 *
 * <p>In training the mean and (biased) variance come from the batch, and the buffers {@code runningMean} and
 * {@code runningVar} move towards them: {@code running = (1 - momentum) running + momentum batch}, the variance in
 * its unbiased form (over {@code N * H * W} values). In eval the running statistics are used instead.
 *
 * <pre>{@code
 * Module block = new Sequential(new Conv2d(1, 32, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
 *         new int[] {1, 1}, 1, false, Init.HE_NORMAL, rng), new BatchNorm2d(32), Activation.relu());
 * }</pre>
 *
 * <p>{@link Module#to} converts the running statistics with the parameters, as for {@link BatchNorm1d}.
 */
public final class BatchNorm2d extends BatchNorm {
    /**
     * Batch norm with momentum 0.1 and {@code eps = 1e-5}.
     *
     * @throws IllegalArgumentException if {@code channels} is not positive
     */
    public BatchNorm2d(int channels) {
        this(channels, 0.1, 1e-5);
    }

    /**
     * Batch norm with the given running-statistics {@code momentum} and {@code eps} added to the variance.
     *
     * @throws IllegalArgumentException if {@code channels} or {@code eps} is not positive, or {@code momentum} is
     *     outside [0, 1]
     */
    public BatchNorm2d(int channels, double momentum, double eps) {
        super("BatchNorm2d", "channels", channels, momentum, eps);
    }

    /**
     * Normalises each channel with batch statistics (training) or running statistics (eval).
     *
     * @throws IllegalArgumentException if the input is null or not {@code [N, channels, H, W]}, or in training each
     *     channel has a single value ({@code N * H * W = 1}, whose variance is undefined)
     */
    @Override
    public Tensor forward(Tensor x) {
        String op = "BatchNorm2d(" + size + ")";
        Checks.images(op, x, size);
        return normalise(op, x, new int[] {0, 2, 3}, new int[] {1, size, 1, 1}, "value per channel");
    }

    /** The learnable scale, {@code [channels]}: the parameter itself. */
    public Tensor weight() {
        return weight;
    }

    /** The learnable shift, {@code [channels]}: the parameter itself. */
    public Tensor bias() {
        return bias;
    }

    /** The running mean used in eval, {@code [channels]}: the buffer itself. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance used in eval, {@code [channels]}: the buffer itself. */
    public Tensor runningVar() {
        return runningVar;
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Random;

/**
 * A 2-d convolution layer on a batch of images: input {@code [N, C, H, W]}, output {@code [N, O, H', W']} with
 * {@code H' = (H + 2 pH - dH (kH - 1) - 1) / sH + 1} rounded down (likewise W'), as {@link Tensor#conv2d(Tensor,
 * Tensor, int[], int[], int[], int)} computes it (cross-correlation, as in PyTorch). The weight is
 * {@code [O, C/groups, kH, kW]} and starts as the chosen {@link Init} draws it, with fan-in {@code C/groups * kH * kW}
 * (the inputs one output sees) and fan-out {@code O/groups * kH * kW}, as PyTorch counts them; the bias is {@code [O]}
 * and starts at zero, or is absent. Each group of {@code C/groups} input channels feeds its own {@code O/groups}
 * output channels.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 32, 3, 1, 1, Init.HE_NORMAL, new Random(1));   // 3x3, stride 1, padding 1
 * Tensor features = conv.forward(images);                                  // [128, 1, 28, 28] -> [128, 32, 28, 28]
 * Conv2d depthwise = new Conv2d(32, 32, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1},
 *         32, false, Init.HE_UNIFORM, new Random(2));                     // one 3x3 filter per channel, no bias
 * }</pre>
 *
 * <p>In a {@link Sequential} the parameters are named {@code layers.0.weight} and {@code layers.0.bias}, and a
 * checkpoint stores the weight with its 4-d shape. They start as FLOAT64; {@link Module#to} converts them.
 */
public final class Conv2d extends Module {
    private final Tensor weight;
    private final Tensor bias;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    /** How errors name this layer, e.g. {@code Conv2d(1 -> 32, kernel [3, 3])}. */
    private final String name;

    /**
     * A layer from {@code inChannels} to {@code outChannels} with a square {@code kernelSize} kernel, the same
     * {@code stride} and {@code padding} on both axes, dilation 1, one group and a bias.
     *
     * @throws IllegalArgumentException if a channel count, the kernel size or the stride is not positive, the
     *     padding is negative, or an argument is null
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, Init init, Random rng) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {1, 1}, 1, true, init, rng);
    }

    /**
     * A layer from {@code inChannels} to {@code outChannels}; each array is (height, width).
     *
     * @param groups how many independent groups the channels form: it divides both channel counts
     * @param bias whether the layer adds a bias {@code [O]}, starting at zero
     * @throws IllegalArgumentException if a channel count, kernel, stride or dilation value is not positive, a
     *     padding value is negative, an array is not of length 2, {@code groups} does not divide both channel counts,
     *     or an argument is null
     */
    public Conv2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias, Init init, Random rng) {
        String op = "Conv2d";
        Checks.notNull(op, "init", init);
        Checks.notNull(op, "rng", rng);
        // Every null first, so that a null is reported as such whatever the other arguments hold.
        Checks.notNull(op, "kernel", kernel);
        Checks.notNull(op, "stride", stride);
        Checks.notNull(op, "padding", padding);
        Checks.notNull(op, "dilation", dilation);
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException(op + ": channels must be positive, got " + inChannels + " -> "
                    + outChannels);
        }
        int[] k = Checks.pair(op, "kernel", kernel, 1);
        this.stride = Checks.pair(op, "stride", stride, 1);
        this.padding = Checks.pair(op, "padding", padding, 0);
        this.dilation = Checks.pair(op, "dilation", dilation, 1);
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(op + ": groups " + groups + " must be positive and divide the "
                    + inChannels + " input and " + outChannels + " output channels");
        }
        this.groups = groups;
        int area = k[0] * k[1];
        int perGroup = inChannels / groups;
        this.weight = init.sample(rng, perGroup * area, outChannels / groups * area, outChannels, perGroup, k[0],
                k[1]).requiresGrad(true);
        this.bias = bias ? Tensor.zeros(outChannels).requiresGrad(true) : null;
        this.name = op + "(" + inChannels + " -> " + outChannels + ", kernel " + Checks.shape(k) + ")";
    }

    /** The weight, {@code [O, C/groups, kH, kW]}: the parameter itself, not a copy. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, {@code [O]}: the parameter itself, not a copy; null for a layer made without one. */
    public Tensor bias() {
        return bias;
    }

    /**
     * The convolution of {@code x} with the weight, plus the bias if there is one.
     *
     * @throws IllegalArgumentException if the input is null or not {@code [N, C, H, W]} with this layer's input
     *     channels, or the kernel is larger than the padded image
     */
    @Override
    public Tensor forward(Tensor x) {
        Checks.images(name, x, weight.shape()[1] * groups);
        return x.conv2d(weight, bias, stride, padding, dilation, groups);
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * Max pooling of a batch of images: each window of each channel of an {@code [N, C, H, W]} input gives its largest
 * element, {@code [N, C, H', W']} with {@code H' = (H + 2 pH - kH) / sH + 1} rounded down (likewise W'), as
 * {@link Tensor#maxPool2d(int[], int[], int[])} computes it; padding is never selected. The gradient of each window
 * goes to its largest element (split evenly among exact ties). No parameters.
 *
 * <pre>{@code
 * Module pool = new MaxPool2d(2, 2);           // [128, 32, 28, 28] -> [128, 32, 14, 14]
 * Module overlapping = new MaxPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1});
 * }</pre>
 */
public final class MaxPool2d extends Pool2d {
    /**
     * Square {@code kernel x kernel} windows, {@code stride} apart on both axes, no padding.
     *
     * @throws IllegalArgumentException if the kernel or stride is not positive
     */
    public MaxPool2d(int kernel, int stride) {
        this(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {0, 0});
    }

    /**
     * Windows of {@code kernel}, {@code stride} apart, over the image padded by {@code padding}; each array is
     * (height, width).
     *
     * @throws IllegalArgumentException if an array is null or not of length 2, a kernel or stride value is not
     *     positive, or a padding value is negative or more than half the kernel
     */
    public MaxPool2d(int[] kernel, int[] stride, int[] padding) {
        super("MaxPool2d", kernel, stride, padding);
    }

    /**
     * The largest element of each window.
     *
     * @throws IllegalArgumentException if the input is null or not {@code [N, C, H, W]}, or the kernel is larger
     *     than the padded image
     */
    @Override
    public Tensor forward(Tensor x) {
        Checks.images(name, x, -1);
        return x.maxPool2d(kernel, stride, padding);
    }
}

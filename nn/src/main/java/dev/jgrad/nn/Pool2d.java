package dev.jgrad.nn;

/**
 * What {@link MaxPool2d} and {@link AvgPool2d} share: a window (kernel, stride and padding, each height and width),
 * checked once when the layer is made, and the layer's name for error messages. A pooling layer has no parameters.
 */
abstract class Pool2d extends Module {
    final int[] kernel;
    final int[] stride;
    final int[] padding;
    /** How errors name this layer, e.g. {@code MaxPool2d(kernel [2, 2], stride [2, 2])}. */
    final String name;

    Pool2d(String op, int[] kernel, int[] stride, int[] padding) {
        // Every null first, so that a null is reported as such whatever the other arguments hold.
        Checks.notNull(op, "kernel", kernel);
        Checks.notNull(op, "stride", stride);
        Checks.notNull(op, "padding", padding);
        this.kernel = Checks.pair(op, "kernel", kernel, 1);
        this.stride = Checks.pair(op, "stride", stride, 1);
        this.padding = Checks.pair(op, "padding", padding, 0);
        if (2 * this.padding[0] > this.kernel[0] || 2 * this.padding[1] > this.kernel[1]) {
            throw new IllegalArgumentException(op + ": padding " + Checks.shape(padding)
                    + " must be at most half the kernel " + Checks.shape(kernel));
        }
        this.name = op + "(kernel " + Checks.shape(kernel) + ", stride " + Checks.shape(stride)
                + (this.padding[0] == 0 && this.padding[1] == 0 ? "" : ", padding " + Checks.shape(padding)) + ")";
    }
}

package dev.jgrad.engine;

/**
 * The checks and entry points of convolution and pooling over {@code [N, C, H, W]} images: the argument checks
 * that name the op and the shapes, PyTorch's output size ({@link WindowOps.Window}), and dtype promotion. The ops
 * themselves, forward and backward, are {@link Convolution}'s and {@link Pooling}'s.
 */
final class ConvOps {
    private ConvOps() {
    }

    private static final int[] ONE = {1, 1};

    /** y = W ⋆ x + b; dx, dW and db = the sum of dy over N, H' and W', by {@link Convolution}. */
    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                         int groups) {
        String op = "conv2d";
        Checks.notNull(op, "weight", weight);
        WindowOps.Window.checkImages(op, x);
        if (weight.shape.length != 4) {
            throw new IllegalArgumentException(op + ": needs a 4-d weight [O, C/groups, kH, kW], got shape "
                    + Shapes.str(weight.shape));
        }
        int c = x.shape[1], o = weight.shape[0];
        int[] kernel = {weight.shape[2], weight.shape[3]};
        WindowOps.Window.checkArrays(op, kernel, stride, padding, dilation);
        if (groups <= 0 || c % groups != 0 || o % groups != 0) {
            throw new IllegalArgumentException(op + ": groups " + groups + " must be positive and divide the input's "
                    + c + " channels and the weight's " + o + " output channels");
        }
        if (weight.shape[1] * groups != c) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(x.shape) + " has " + c + " channels, so"
                    + " a weight for " + groups + " group(s) needs " + c / groups + " input channels, got weight "
                    + Shapes.str(weight.shape));
        }
        if (bias != null && (bias.shape.length != 1 || bias.shape[0] != o)) {
            throw new IllegalArgumentException(op + ": bias of shape " + Shapes.str(bias.shape) + " does not match"
                    + " weight " + Shapes.str(weight.shape) + ": needs [" + o + "]");
        }
        WindowOps.Window w = WindowOps.Window.of(op, new int[] {x.shape[2], x.shape[3]}, kernel, stride, padding,
                dilation);
        // One image's windows as columns, the matrix each product reads.
        Shapes.checkedSize(op, new int[] {weight.shape[1] * kernel[0] * kernel[1], (int) w.windows()});
        DType dtype = DType.promoted(x.dtype(), weight.dtype());
        if (bias != null) {
            dtype = DType.promoted(dtype, bias.dtype());
        }
        return new Convolution(w, c, o, groups).conv(x.to(dtype), weight.to(dtype),
                bias == null ? null : bias.to(dtype));
    }

    /**
     * The largest element of each window; d/dx routes the gradient to it (split evenly on an exact tie, where PyTorch
     * sends it all to the first maximum), summed where windows overlap. Padding is never selected.
     */
    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        return new Pooling(poolWindow("maxPool2d", x, kernel, stride, padding)).maxPool(x);
    }

    /** The mean of each window, padding counted as zeros in it; d/dx spreads the gradient evenly over the window. */
    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        return new Pooling(poolWindow("avgPool2d", x, kernel, stride, padding)).avgPool(x);
    }

    private static WindowOps.Window poolWindow(String op, Tensor x, int[] kernel, int[] stride, int[] padding) {
        WindowOps.Window.checkArrays(op, kernel, stride, padding, ONE);
        WindowOps.Window.checkImages(op, x);
        if (2 * padding[0] > kernel[0] || 2 * padding[1] > kernel[1]) {
            throw new IllegalArgumentException(op + ": padding " + Shapes.str(padding) + " must be at most half the"
                    + " kernel " + Shapes.str(kernel));
        }
        return WindowOps.Window.of(op, new int[] {x.shape[2], x.shape[3]}, kernel, stride, padding, ONE);
    }
}

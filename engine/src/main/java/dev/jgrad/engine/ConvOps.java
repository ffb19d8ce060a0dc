package dev.jgrad.engine;

/**
 * Convolution and pooling over {@code [N, C, H, W]} images, composed from recorded ops: a window op
 * ({@link WindowOps#unfold}) lays the windows out as columns, and a product or a reduction over each window's
 * column does the rest. So each backward is the composition's: the input's gradient of a convolution is the fold
 * of {@code Wᵀ · dY} (a transposed convolution), the weight's is {@code dY · colsᵀ} (the correlation of upstream
 * and input), and second derivatives come with them. Pooling's windows reduce with {@code max} (the max gate:
 * an exact tie splits the gradient evenly) or {@code mean}; where windows overlap, fold adds the gradients.
 */
final class ConvOps {
    private ConvOps() {
    }

    /** Columns per product at most: a batch beyond it runs in chunks of images, so im2col's matrix stays bounded. */
    static final long CHUNK_ELEMENTS = 1L << 22;

    private static final int[] ONE = {1, 1};

    /** y = W ⋆ x + b: per group, {@code W_g · unfold(x_g)}, reshaped to the output's image and added the bias. */
    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                         int groups) {
        String op = "conv2d";
        Checks.notNull(op, "weight", weight);
        WindowOps.Window.checkImages(op, x);
        if (weight.shape.length != 4) {
            throw new IllegalArgumentException(op + ": needs a 4-d weight [O, C/groups, kH, kW], got shape "
                    + Shapes.str(weight.shape));
        }
        int n = x.shape[0], c = x.shape[1], o = weight.shape[0];
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
        DType dtype = DType.promoted(x.dtype(), weight.dtype());
        if (bias != null) {
            dtype = DType.promoted(dtype, bias.dtype());
        }
        Tensor in = x.to(dtype), wt = weight.to(dtype);
        long perImage = (long) weight.shape[1] * kernel[0] * kernel[1] * w.windows();
        int chunk = (int) Math.max(1, Math.min(n, CHUNK_ELEMENTS / Math.max(1, perImage)));
        Tensor out;
        if (chunk >= n) {
            out = grouped(in, wt, stride, padding, dilation, groups);
        } else {
            Tensor[] parts = new Tensor[(n + chunk - 1) / chunk];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = grouped(in.slice(0, i * chunk, Math.min(n, (i + 1) * chunk)), wt, stride, padding,
                        dilation, groups);
            }
            out = Tensor.concat(0, parts);
        }
        out = out.reshape(n, o, w.outH(), w.outW());
        return bias == null ? out : out.add(bias.to(dtype).reshape(1, o, 1, 1));
    }

    /** {@code [n, o, L]}: each group's weight rows times the columns of its channels. */
    private static Tensor grouped(Tensor x, Tensor weight, int[] stride, int[] padding, int[] dilation, int groups) {
        int c = x.shape[1], o = weight.shape[0], cg = c / groups, og = o / groups;
        int[] kernel = {weight.shape[2], weight.shape[3]};
        int rows = cg * kernel[0] * kernel[1];
        Tensor[] parts = new Tensor[groups];
        for (int g = 0; g < groups; g++) {
            Tensor xg = groups == 1 ? x : x.slice(1, g * cg, (g + 1) * cg);
            Tensor wg = (groups == 1 ? weight : weight.slice(0, g * og, (g + 1) * og)).reshape(og, rows);
            parts[g] = wg.matmul(xg.unfold(kernel, stride, padding, dilation));
        }
        return groups == 1 ? parts[0] : Tensor.concat(1, parts);
    }

    /**
     * The largest element of each window; d/dx routes the gradient to it (split evenly on an exact tie, where PyTorch
     * sends it all to the first maximum), summed where windows overlap. Padding is never selected.
     */
    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        String op = "maxPool2d";
        WindowOps.Window w = poolWindow(op, x, kernel, stride, padding);
        Tensor windows = windows(x, w, kernel, stride, padding);
        if (padding[0] > 0 || padding[1] > 0) {
            // Padding reads as zeros in the columns; a mask of the real positions pushes it far below any value, so
            // no window (each has a real element, as the padding is at most half the kernel) ever selects it.
            Tensor real = windows(Tensor.ones(x.dtype(), 1, 1, x.shape[2], x.shape[3]), w, kernel, stride, padding);
            windows = windows.mul(real).add(real.sub(1).mul(Float.MAX_VALUE));
        }
        return windows.max(2, false).reshape(x.shape[0], x.shape[1], w.outH(), w.outW());
    }

    /** The mean of each window, padding counted as zeros in it; d/dx spreads the gradient evenly over the window. */
    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        WindowOps.Window w = poolWindow("avgPool2d", x, kernel, stride, padding);
        return windows(x, w, kernel, stride, padding).mean(2, false).reshape(x.shape[0], x.shape[1], w.outH(),
                w.outW());
    }

    /** {@code [N, C, kH*kW, L]}: each channel's windows, one column each. */
    private static Tensor windows(Tensor x, WindowOps.Window w, int[] kernel, int[] stride, int[] padding) {
        return x.unfold(kernel, stride, padding, ONE).reshape(x.shape[0], x.shape[1], kernel[0] * kernel[1],
                (int) w.windows());
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

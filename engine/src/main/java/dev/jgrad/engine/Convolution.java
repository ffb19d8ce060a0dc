package dev.jgrad.engine;

import java.util.Arrays;

/**
 * A convolution's geometry and its three ops, each one's backward made of the other two, so that derivatives of
 * any order come with them. All three are bilinear, and their gradients, by the multiply gate, are:
 * <pre>
 *   y = conv(x, W)             dx = convTranspose(dy, W)    dW = correlate(x, dy)
 *   z = convTranspose(g, W)    dg = conv(dz, W)             dW = correlate(dz, g)
 *   V = correlate(x, g)        dx = convTranspose(g, dV)    dg = conv(x, dV)
 * </pre>
 * Per group {@code G} and image {@code n}, with {@code cols} the image's windows as columns (im2col): conv is
 * {@code W_G · cols(x_n)}, convTranspose folds {@code W_Gᵀ · g_n} back into an image (col2im), and correlate sums
 * {@code g_n · cols(x_n)ᵀ} over the batch. The products run on the GEMM kernel.
 *
 * <p>Images go one at a time, so im2col's matrix is one image's ({@code C/groups·kH·kW} rows by {@code H'·W'}
 * columns) per thread, however large the batch. The batch is cut into {@link #PIECES} fixed pieces of images,
 * shared with the helper threads; correlate sums each piece's images in order, in double, then the pieces in
 * order, and rounds once, so every result is the same bits on any thread count.
 */
record Convolution(WindowOps.Window window, int channels, int outChannels, int groups) {
    /** Pieces a batch is cut into: fixed, so that correlate's sums do not depend on the thread count. */
    private static final int PIECES = 8;

    /**
     * {@code [N, O, H', W']}: each group's weight rows times the columns of its image's windows, plus the bias of
     * each output channel if there is one (null for none).
     */
    Tensor conv(Tensor x, Tensor weight, Tensor bias) {
        int n = x.shape[0], og = outChannels / groups, k = rows(), l = columns();
        Tensor out = Storage.empty(x.dtype(), new int[] {n, outChannels, window.outH(), window.outW()});
        images(n, (from, to) -> {
            Tensor cols = Storage.zeros(x.dtype(), new int[] {k, l});
            for (int image = from; image < to; image++) {
                for (int group = 0; group < groups; group++) {
                    unfold(x, image, group, cols);
                    MatmulOps.multiply(false, false, og, l, k, weight, group * og * k, cols, 0, out,
                            (image * outChannels + group * og) * l);
                }
                if (bias != null) {
                    addBias(out, image * outChannels * l, bias, l);
                }
            }
        });
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        return Tensor.record("conv2d", out, dy -> {
            Tensor[] grads = new Tensor[inputs.length];
            grads[0] = x.requiresGrad ? convTranspose(dy, weight) : null;
            grads[1] = weight.requiresGrad ? correlate(x, dy) : null;
            if (bias != null && bias.requiresGrad) {
                grads[2] = biasGradient(dy);
            }
            return grads;
        }, inputs);
    }

    /**
     * Each channel's bias added to its row of {@code l} outputs of the image from {@code at}, in the dtype: a float
     * sum of two floats is the double sum rounded once.
     */
    private void addBias(Tensor out, int at, Tensor bias, int l) {
        for (int c = 0; c < outChannels; c++) {
            int from = at + c * l;
            if (out.data != null) {
                double b = bias.data[c];
                for (int i = from; i < from + l; i++) out.data[i] += b;
            } else {
                float b = bias.floats[c];
                for (int i = from; i < from + l; i++) out.floats[i] += b;
            }
        }
    }

    /**
     * {@code [O]}: the sum of {@code g} over the batch and the positions, per output channel, in double, each piece
     * of images in order and then the pieces in order. d/dg broadcasts the gradient back.
     */
    private Tensor biasGradient(Tensor g) {
        int n = g.shape[0], l = columns(), grain = grain(n);
        double[][] pieces = new double[(n + grain - 1) / grain][];
        images(n, (from, to) -> {
            double[] sum = new double[outChannels], values = new double[l];
            for (int image = from; image < to; image++) {
                for (int c = 0; c < outChannels; c++) {
                    Storage.read(g, (image * outChannels + c) * l, values, l);
                    for (double v : values) {
                        sum[c] += v;
                    }
                }
            }
            pieces[from / grain] = sum;
        });
        Tensor out = Storage.fromDoubles(g.dtype(), inOrder(pieces), new int[] {outChannels});
        return Tensor.record("conv2d bias", out, h -> new Tensor[] {
                h.reshape(1, outChannels, 1, 1).expand(g.shape)}, g);
    }

    /** {@code [N, C, H, W]}: each group's weight rows, transposed, times the image's upstream, folded into it. */
    Tensor convTranspose(Tensor g, Tensor weight) {
        int n = g.shape[0], cg = channels / groups, og = outChannels / groups, k = rows(), l = columns();
        int planes = cg * window.h() * window.w();
        Tensor out = Storage.empty(g.dtype(), new int[] {n, channels, window.h(), window.w()});
        images(n, (from, to) -> {
            Tensor cols = Storage.empty(g.dtype(), new int[] {k, l});
            double[] pixels = new double[planes];
            for (int image = from; image < to; image++) {
                for (int group = 0; group < groups; group++) {
                    MatmulOps.multiply(true, false, k, l, og, weight, group * og * k, g,
                            (image * outChannels + group * og) * l, cols, 0);
                    Arrays.fill(pixels, 0.0);
                    window.fold(cols, cg, pixels);
                    Storage.write(pixels, out, (image * channels + group * cg) * window.h() * window.w(), planes);
                }
            }
        });
        return Tensor.record("convTranspose2d", out, dz -> new Tensor[] {
                g.requiresGrad ? conv(dz, weight, null) : null,
                weight.requiresGrad ? correlate(dz, g) : null}, g, weight);
    }

    /** {@code [O, C/groups, kH, kW]}: the sum over the batch of each group's upstream times its columns, transposed. */
    Tensor correlate(Tensor x, Tensor g) {
        int n = x.shape[0], og = outChannels / groups, k = rows(), l = columns(), grain = grain(n);
        double[][] pieces = new double[(n + grain - 1) / grain][];
        images(n, (from, to) -> {
            Tensor cols = Storage.zeros(x.dtype(), new int[] {k, l});
            Tensor product = Storage.empty(x.dtype(), new int[] {og, k});
            double[] term = new double[og * k], sum = new double[outChannels * k];
            for (int image = from; image < to; image++) {
                for (int group = 0; group < groups; group++) {
                    unfold(x, image, group, cols);
                    MatmulOps.multiply(false, true, og, k, l, g, (image * outChannels + group * og) * l, cols, 0,
                            product, 0);
                    Storage.read(product, 0, term, og * k);
                    for (int i = 0, at = group * og * k; i < term.length; i++) {
                        sum[at + i] += term[i];
                    }
                }
            }
            pieces[from / grain] = sum;
        });
        Tensor out = Storage.fromDoubles(x.dtype(), inOrder(pieces),
                new int[] {outChannels, channels / groups, window.kH(), window.kW()});
        return Tensor.record("correlate2d", out, dv -> new Tensor[] {
                x.requiresGrad ? convTranspose(g, dv) : null,
                g.requiresGrad ? conv(x, dv, null) : null}, x, g);
    }

    /** The pieces' sums added up in piece order, into the first. */
    private static double[] inOrder(double[][] pieces) {
        double[] total = pieces[0];
        for (int p = 1; p < pieces.length; p++) {
            for (int i = 0; i < total.length; i++) {
                total[i] += pieces[p][i];
            }
        }
        return total;
    }

    /** The windows of group {@code group}'s channels of image {@code image} into {@code cols}, padding left as is. */
    private void unfold(Tensor x, int image, int group, Tensor cols) {
        int cg = channels / groups;
        window.unfold(x, (image * channels + group * cg) * window.h() * window.w(), cg, cols);
    }

    /** {@code body} over the batch's pieces of images, shared with the helper threads. */
    private void images(int n, Workers.IntRangeBody body) {
        Workers.forRange(n, grain(n), (long) n * rows() * columns(), body);
    }

    private static int grain(int n) {
        return Math.max(1, (n + PIECES - 1) / PIECES);
    }

    /** Rows of an image's columns: one per weight element of a group, {@code C/groups·kH·kW}. */
    private int rows() {
        return channels / groups * window.kH() * window.kW();
    }

    private int columns() {
        return window.outH() * window.outW();
    }
}

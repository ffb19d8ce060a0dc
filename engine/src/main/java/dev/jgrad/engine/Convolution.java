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
 * Per group {@code G}, with {@code cols} a block of images' windows as columns side by side (im2col) and
 * {@code g} the matching columns of the upstream gradient: conv is {@code W_G · cols}, convTranspose folds
 * {@code W_Gᵀ · g} back into the images (col2im), and correlate sums {@code g · colsᵀ} over the blocks. The products
 * run on the GEMM kernel, one per block and group, so the weight is packed once per block, not once per image.
 *
 * <p>A block's columns hold at most {@link #BLOCK_ELEMENTS} elements (or one image's), so im2col's memory stays
 * bounded however large the batch. The batch is cut into {@link #PIECES} fixed pieces of images, shared with the
 * helper threads, and each piece into blocks; correlate and the bias's gradient add each piece's blocks in order, in
 * double, then the pieces in order, and round once. The cuts depend only on the shapes, so every result is the
 * same bits on any thread count.
 */
record Convolution(WindowOps.Window window, int channels, int outChannels, int groups) {
    /** Pieces a batch is cut into: fixed, so that the sums over the batch do not depend on the thread count. */
    private static final int PIECES = 8;
    /** Elements of a block's columns at most: 512 KB of floats, so that they stay in the cache for the product. */
    private static final int BLOCK_ELEMENTS = 1 << 17;

    /**
     * {@code [N, O, H', W']}: each group's weight rows times the columns of its images' windows, plus the bias of
     * each output channel if there is one (null for none).
     */
    Tensor conv(Tensor x, Tensor weight, Tensor bias) {
        int n = x.shape[0], og = outChannels / groups, k = rows(), l = columns(), most = block(n);
        Tensor out = Storage.empty(x.dtype(), new int[] {n, outChannels, window.outH(), window.outW()});
        images(n, (from, to) -> {
            Columns cols = new Columns(x.dtype(), most);
            Tensor product = Storage.empty(x.dtype(), new int[] {og * most * l});
            for (int first = from; first < to; first += most) {
                int count = Math.min(most, to - first);
                for (int group = 0; group < groups; group++) {
                    cols.unfold(x, first, count, group);
                    MatmulOps.multiply(false, false, og, count * l, k, weight, group * og * k, cols.values, 0,
                            product, 0);
                    for (int image = 0; image < count; image++) {
                        for (int r = 0; r < og; r++) {
                            int c = group * og + r, at = ((first + image) * outChannels + c) * l;
                            Storage.copy(product, (r * count + image) * l, out, at, l);
                            if (bias != null) {
                                addBias(out, at, l, bias, c);
                            }
                        }
                    }
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
     * {@code b} added to the run of {@code l} outputs from {@code at}, in the dtype: a float sum of two floats is the
     * double sum rounded once.
     */
    private static void addBias(Tensor out, int at, int l, Tensor bias, int c) {
        if (out.data != null) {
            double b = bias.data[c];
            for (int i = at; i < at + l; i++) out.data[i] += b;
        } else {
            float b = bias.floats[c];
            for (int i = at; i < at + l; i++) out.floats[i] += b;
        }
    }

    /** {@code [O]}: the sum of {@code g} over the batch and the positions, per output channel. d/dg broadcasts back. */
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

    /** {@code [N, C, H, W]}: each group's weight rows, transposed, times its upstream columns, folded into images. */
    Tensor convTranspose(Tensor g, Tensor weight) {
        int n = g.shape[0], cg = channels / groups, og = outChannels / groups, k = rows(), l = columns();
        int most = block(n), planes = cg * window.h() * window.w();
        Tensor out = Storage.empty(g.dtype(), new int[] {n, channels, window.h(), window.w()});
        images(n, (from, to) -> {
            Tensor cols = Storage.empty(g.dtype(), new int[] {k * most * l});
            Tensor upstream = Storage.empty(g.dtype(), new int[] {og * most * l});
            double[] pixels = new double[planes];
            for (int first = from; first < to; first += most) {
                int count = Math.min(most, to - first);
                for (int group = 0; group < groups; group++) {
                    gather(g, first, count, group, upstream);
                    MatmulOps.multiply(true, false, k, count * l, og, weight, group * og * k, upstream, 0, cols, 0);
                    for (int image = 0; image < count; image++) {
                        Arrays.fill(pixels, 0.0);
                        window.fold(cols, image * l, count * l, cg, pixels);
                        Storage.write(pixels, out, ((first + image) * channels + group * cg) * window.h() * window.w(),
                                planes);
                    }
                }
            }
        });
        return Tensor.record("convTranspose2d", out, dz -> new Tensor[] {
                g.requiresGrad ? conv(dz, weight, null) : null,
                weight.requiresGrad ? correlate(dz, g) : null}, g, weight);
    }

    /** {@code [O, C/groups, kH, kW]}: the sum over the batch of each group's upstream times its columns, transposed. */
    Tensor correlate(Tensor x, Tensor g) {
        int n = x.shape[0], og = outChannels / groups, k = rows(), l = columns(), most = block(n), grain = grain(n);
        double[][] pieces = new double[(n + grain - 1) / grain][];
        images(n, (from, to) -> {
            Columns cols = new Columns(x.dtype(), most);
            Tensor upstream = Storage.empty(x.dtype(), new int[] {og * most * l});
            Tensor product = Storage.empty(x.dtype(), new int[] {og, k});
            double[] term = new double[og * k], sum = new double[outChannels * k];
            for (int first = from; first < to; first += most) {
                int count = Math.min(most, to - first);
                for (int group = 0; group < groups; group++) {
                    cols.unfold(x, first, count, group);
                    gather(g, first, count, group, upstream);
                    MatmulOps.multiply(false, true, og, k, count * l, upstream, 0, cols.values, 0, product, 0);
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

    /**
     * A block's columns, {@code [C/groups·kH·kW, count·H'·W']}: each image's windows beside the previous image's.
     * The padding's positions are never written, so they stay zero as long as the block's width stays; the last
     * block of a piece may be narrower, and is zeroed first.
     */
    private final class Columns {
        final Tensor values;
        private int count;

        Columns(DType dtype, int most) {
            values = Storage.zeros(dtype, new int[] {rows() * most * columns()});
            count = most;
        }

        /** The windows of group {@code group}'s channels of {@code count} images from {@code first}. */
        void unfold(Tensor x, int first, int count, int group) {
            if (count != this.count) {
                Storage.fill(values, 0);
                this.count = count;
            }
            int cg = channels / groups, l = columns();
            for (int image = 0; image < count; image++) {
                window.unfold(x, ((first + image) * channels + group * cg) * window.h() * window.w(), cg, values,
                        image * l, count * l);
            }
        }
    }

    /** Group {@code group}'s channels of {@code count} images of {@code g} from {@code first}, as columns side by side. */
    private void gather(Tensor g, int first, int count, int group, Tensor into) {
        int og = outChannels / groups, l = columns();
        for (int image = 0; image < count; image++) {
            for (int r = 0; r < og; r++) {
                Storage.copy(g, ((first + image) * outChannels + group * og + r) * l, into, (r * count + image) * l, l);
            }
        }
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

    /** {@code body} over the batch's pieces of images, shared with the helper threads. */
    private void images(int n, Workers.IntRangeBody body) {
        Workers.forRange(n, grain(n), (long) n * rows() * columns(), body);
    }

    private static int grain(int n) {
        return Math.max(1, (n + PIECES - 1) / PIECES);
    }

    /** Images per block: as many of a piece as fit {@link #BLOCK_ELEMENTS}, and at least one. */
    private int block(int n) {
        return (int) Math.max(1, Math.min(grain(n), BLOCK_ELEMENTS / ((long) rows() * columns())));
    }

    /** Rows of the columns: one per weight element of a group, {@code C/groups·kH·kW}. */
    private int rows() {
        return channels / groups * window.kH() * window.kW();
    }

    private int columns() {
        return window.outH() * window.outW();
    }
}

package dev.jgrad.engine;

import java.util.Arrays;

/**
 * Sliding windows over {@code [N, C, H, W]} images, each op the other's backward: unfold (im2col) lays every
 * window out as a column of {@code [N, C*kH*kW, L]}, and fold (col2im) adds such columns back into an image, so
 * d unfold = fold of the gradient and d fold = unfold of it, as expand and sumTo are duals. Both walk the same
 * rows, one run of output columns at a time: the moves are {@link Storage}'s, and fold's sums, where windows
 * overlap, accumulate in double in that fixed order and round once to the dtype, as indexAdd's do.
 */
final class WindowOps {
    private WindowOps() {
    }

    /** d/dx = fold of the gradient back to x's height and width. */
    static Tensor unfold(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        String op = "unfold";
        Window.checkArrays(op, kernel, stride, padding, dilation);
        Window.checkImages(op, x);
        return unfold(x, Window.of(op, new int[] {x.shape[2], x.shape[3]}, kernel, stride, padding, dilation));
    }

    /** d/dx = unfold of the gradient with the same window. */
    static Tensor fold(Tensor x, int[] outputSize, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        String op = "fold";
        Checks.notNull(op, "outputSize", outputSize);
        Window.checkArrays(op, kernel, stride, padding, dilation);
        Window.checkLength(op, "outputSize", outputSize);
        if (outputSize[0] < 0 || outputSize[1] < 0) {
            throw new IllegalArgumentException(op + ": outputSize must be non-negative, got "
                    + Shapes.str(outputSize));
        }
        if (x.shape.length != 3) {
            throw new IllegalArgumentException(op + ": needs a 3-d input [N, C*kH*kW, L], got shape "
                    + Shapes.str(x.shape));
        }
        Window w = Window.of(op, outputSize, kernel, stride, padding, dilation);
        long area = (long) w.kH * w.kW;
        if (x.shape[1] % area != 0) {
            throw new IllegalArgumentException(op + ": input shape " + Shapes.str(x.shape) + " has " + x.shape[1]
                    + " rows, not a multiple of kernel " + Shapes.str(kernel) + "'s " + area);
        }
        if (x.shape[2] != w.windows()) {
            throw new IllegalArgumentException(op + ": input shape " + Shapes.str(x.shape) + " has L = " + x.shape[2]
                    + ", but outputSize " + Shapes.str(outputSize) + " with kernel " + Shapes.str(kernel)
                    + ", stride " + Shapes.str(stride) + ", padding " + Shapes.str(padding) + ", dilation "
                    + Shapes.str(dilation) + " has " + w.outH + " x " + w.outW + " = " + w.windows() + " windows");
        }
        return fold(x, w);
    }

    /** The windows of x as columns, the padding read as zeros; the backward folds the gradient with w. */
    private static Tensor unfold(Tensor x, Window w) {
        String op = "unfold";
        int n = x.shape[0], c = x.shape[1];
        // Capped, so that it cannot wrap: past the cap it is rejected anyway.
        long rows = Math.min((long) c * w.kH, Shapes.MAX_SIZE + 1L) * w.kW;
        if (rows > Shapes.MAX_SIZE) {
            throw new IllegalArgumentException(op + ": C*kH*kW = " + c + " * " + w.kH + " * " + w.kW + " rows are"
                    + " too many for an array of at most " + Shapes.MAX_SIZE + " elements");
        }
        int[] shape = {n, (int) rows, (int) w.windows()};
        Shapes.checkedSize(op, shape);
        Tensor out = Storage.zeros(x.dtype(), shape);
        w.unfold(x, 0, n * c, out, 0, (int) w.windows());
        return Tensor.record(op, out, g -> new Tensor[] {fold(g, w)}, x);
    }

    /** The columns of x added into the image of w, the padding dropped; the backward unfolds the gradient with w. */
    private static Tensor fold(Tensor x, Window w) {
        int[] shape = {x.shape[0], (int) (x.shape[1] / ((long) w.kH * w.kW)), w.h, w.w};
        Shapes.checkedSize("fold", shape);
        double[] acc = new double[Shapes.size(shape)];
        w.fold(x, 0, (int) w.windows(), shape[0] * shape[1], acc);
        Tensor out = Storage.fromDoubles(x.dtype(), acc, shape);
        return Tensor.record("fold", out, g -> new Tensor[] {unfold(g, w)}, x);
    }

    /**
     * A run of {@code count} window positions: the image from {@code image}, stepping by the stride, and the
     * columns from {@code column}, stepping by 1.
     */
    @FunctionalInterface
    private interface Run {
        void run(int image, int column, int count);
    }

    /**
     * A window over an image of {@code h x w} (before padding) and the {@code outH x outW} positions it takes,
     * PyTorch's {@code out = (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1}.
     */
    record Window(int h, int w, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW,
                   int outH, int outW) {

        static void checkArrays(String op, int[] kernel, int[] stride, int[] padding, int[] dilation) {
            Checks.notNull(op, "kernel", kernel);
            Checks.notNull(op, "stride", stride);
            Checks.notNull(op, "padding", padding);
            Checks.notNull(op, "dilation", dilation);
            checkLength(op, "kernel", kernel);
            checkLength(op, "stride", stride);
            checkLength(op, "padding", padding);
            checkLength(op, "dilation", dilation);
            checkPositive(op, "kernel", kernel);
            checkPositive(op, "stride", stride);
            checkPositive(op, "dilation", dilation);
            if (padding[0] < 0 || padding[1] < 0) {
                throw new IllegalArgumentException(op + ": padding must be non-negative, got " + Shapes.str(padding));
            }
        }

        /** Rejects an input that is not a batch of images, {@code [N, C, H, W]}. */
        static void checkImages(String op, Tensor x) {
            if (x.shape.length != 4) {
                throw new IllegalArgumentException(op + ": needs a 4-d input [N, C, H, W], got shape "
                        + Shapes.str(x.shape));
            }
        }

        static void checkLength(String op, String name, int[] values) {
            if (values.length != 2) {
                throw new IllegalArgumentException(op + ": " + name + " must have 2 values (height, width), got "
                        + Shapes.str(values));
            }
        }

        private static void checkPositive(String op, String name, int[] values) {
            if (values[0] <= 0 || values[1] <= 0) {
                throw new IllegalArgumentException(op + ": " + name + " must be positive, got " + Shapes.str(values));
            }
        }

        /** The window over an image of {@code size}, its arrays already checked. */
        static Window of(String op, int[] size, int[] kernel, int[] stride, int[] padding, int[] dilation) {
            long[] span = new long[2], padded = new long[2], out = new long[2];
            for (int a = 0; a < 2; a++) {
                span[a] = (long) dilation[a] * (kernel[a] - 1) + 1;
                padded[a] = size[a] + 2L * padding[a];
                out[a] = padded[a] < span[a] ? 0 : (padded[a] - span[a]) / stride[a] + 1;
            }
            if (out[0] < 1 || out[1] < 1) {
                throw new IllegalArgumentException(op + ": kernel " + Shapes.str(kernel) + " with dilation "
                        + Shapes.str(dilation) + " spans " + Arrays.toString(span) + ", larger than the padded image "
                        + Arrays.toString(padded));
            }
            if (out[0] > Shapes.MAX_SIZE / out[1]) {
                throw new IllegalArgumentException(op + ": " + out[0] + " x " + out[1] + " window positions are too"
                        + " many for an array of at most " + Shapes.MAX_SIZE + " elements");
            }
            return new Window(size[0], size[1], kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1],
                    dilation[0], dilation[1], (int) out[0], (int) out[1]);
        }

        long windows() {
            return (long) outH * outW;
        }

        /**
         * For each kernel element {@code e} and window position {@code o}, at {@code e * outH * outW + o}: the
         * offset in its image plane of the pixel it reads, or -1 where it reads the padding. Kernel-element major,
         * so that a loop over it updates every window once per element, independent updates that pipeline.
         */
        int[] positions() {
            int windows = outH * outW;
            int[] at = new int[kH * kW * windows];
            for (int i = 0, k = 0; i < kH; i++) {
                for (int j = 0; j < kW; j++) {
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * sH - pH + i * dH;
                        for (int ow = 0; ow < outW; ow++, k++) {
                            int iw = ow * sW - pW + j * dW;
                            at[k] = ih >= 0 && ih < h && iw >= 0 && iw < w ? ih * w + iw : -1;
                        }
                    }
                }
            }
            return at;
        }

        /**
         * The windows of {@code planes} image planes of {@code x}, from element {@code from}, as columns of
         * {@code cols} (of x's dtype): those of row r from element {@code column + r * stride}, so that the columns
         * of several images sit side by side. Positions in the padding are left as they are, so a zeroed
         * {@code cols} reads zeros there however often it is reused with the same layout.
         */
        void unfold(Tensor x, int from, int planes, Tensor cols, int column, int stride) {
            walk(planes, stride, (image, at, count) -> Storage.copy(x, from + image, sW, cols, column + at, count));
        }

        /**
         * The columns of {@code cols} laid out as {@link #unfold} lays them, added into the {@code planes} image
         * planes of {@code into} (from element 0), in a fixed order; columns in the padding are dropped.
         */
        void fold(Tensor cols, int column, int stride, int planes, double[] into) {
            if (cols.data != null) {
                double[] c = cols.data;
                walk(planes, stride, (image, at, count) -> {
                    for (int i = 0; i < count; i++) into[image + i * sW] += c[column + at + i];
                });
            } else {
                float[] c = cols.floats;
                walk(planes, stride, (image, at, count) -> {
                    for (int i = 0; i < count; i++) into[image + i * sW] += c[column + at + i];
                });
            }
        }

        /**
         * Every row (plane, kh, kw) of the columns, {@code stride} apart, and every output row oh, as the runs of
         * output columns whose input pixel lies inside the image: positions in the padding are left alone.
         */
        private void walk(int planes, int stride, Run run) {
            // The bounds depend only on the kernel element, so they are found once, not once per plane.
            int[] ohFrom = new int[kH], ohTo = new int[kH], owFrom = new int[kW], owTo = new int[kW];
            for (int i = 0; i < kH; i++) {
                ohFrom[i] = first((long) i * dH - pH, sH, outH);
                ohTo[i] = end((long) i * dH - pH, sH, h, outH);
            }
            for (int j = 0; j < kW; j++) {
                owFrom[j] = first((long) j * dW - pW, sW, outW);
                owTo[j] = end((long) j * dW - pW, sW, w, outW);
            }
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < kH; i++) {
                    for (int j = 0; j < kW; j++) {
                        if (owFrom[j] >= owTo[j]) {
                            continue;
                        }
                        int row = (p * kH + i) * kW + j;
                        for (int oh = ohFrom[i]; oh < ohTo[i]; oh++) {
                            int ih = oh * sH + i * dH - pH, iw = owFrom[j] * sW + j * dW - pW;
                            run.run((p * h + ih) * w + iw, row * stride + oh * outW + owFrom[j],
                                    owTo[j] - owFrom[j]);
                        }
                    }
                }
            }
        }

        /** The first output position o with {@code o * stride + offset >= 0}, or {@code outSize} if none. */
        private static int first(long offset, int stride, int outSize) {
            return (int) Math.min(outSize, Math.max(0, -Math.floorDiv(offset, stride)));
        }

        /** One past the last output position o below {@code outSize} with {@code o * stride + offset < size}. */
        private static int end(long offset, int stride, int size, int outSize) {
            return (int) Math.max(0, Math.min(outSize, Math.floorDiv(size - 1 - offset, stride) + 1));
        }
    }
}

package dev.jgrad.engine;

import java.util.Arrays;

/**
 * Max and average pooling over one window, each backward an op of its own so that second derivatives work. The
 * backwards are linear in the upstream gradient, and each one's backward is its transpose:
 * <pre>
 *   y = maxPool(x)      dx = route(dy)    dy's share to each maximum of its window, split evenly on a tie
 *   z = route(g)        dg = gather(dz)   each window's mean of dz over its maxima
 *   u = gather(h)       dh = route(du)
 *   y = avgPool(x)      dx = spread(dy)   dy / (kH·kW) to each pixel of its window
 *   z = spread(g)       dg = avgPool(dz)
 * </pre>
 * Route and gather take x and its maxima as constants, as the max gate does: the choice of the maxima does not
 * move under a small change of x. Where windows overlap, route and spread add up.
 *
 * <p>A forward that will be differentiated also marks, per window, the kernel elements that read its maximum, so
 * route and gather go straight to them. Each image plane is read into doubles, pooled there and rounded once into the result,
 * so either dtype runs the same kernel; planes are independent and shared with the helper threads, and every sum
 * over a window or into a pixel runs in a fixed order, so the results are the same bits on any thread count.
 */
final class Pooling {
    /** A kernel over plane {@code p}: {@code a} the op's operand plane, read as doubles, and {@code out} zeros to write. */
    @FunctionalInterface
    private interface Plane {
        void run(int p, double[] a, double[] out);
    }

    private final WindowOps.Window window;
    /**
     * Per kernel element and window, the pixel it reads ({@link WindowOps.Window#positions}), or for padding
     * {@link #pixels}: the spare element one past each plane's buffer, which holds what padding reads as (minus
     * infinity for the maximum, zero for the mean) and takes what is written to it, so no loop branches on padding.
     */
    private final int[] at;
    /** Longs per window of a bit set over its kernel elements. */
    private final int area, windows, words, pixels;

    Pooling(WindowOps.Window window) {
        this.window = window;
        this.pixels = window.h() * window.w();
        this.at = window.positions();
        for (int k = 0; k < at.length; k++) {
            if (at[k] < 0) {
                at[k] = pixels;
            }
        }
        this.area = window.kH() * window.kW();
        this.windows = window.outH() * window.outW();
        this.words = (area + 63) >> 6;
    }

    /** The largest element of each window, padding never taken (each window holds a pixel). */
    Tensor maxPool(Tensor x) {
        long[] maxima = x.requiresGrad && GradMode.current().recording
                ? new long[x.shape[0] * x.shape[1] * windows * words] : null;
        Tensor y = planes(x, pooled(x), Double.NEGATIVE_INFINITY, (p, a, out) -> {
            Arrays.fill(out, 0, windows, Double.NEGATIVE_INFINITY);
            for (int e = 0, k = 0; e < area; e++) {
                for (int o = 0; o < windows; o++, k++) {
                    out[o] = Math.max(out[o], a[at[k]]);
                }
            }
            if (maxima != null) {
                mark(a, out, maxima, p * windows * words);
            }
        });
        return Tensor.record("maxPool2d", y, dy -> new Tensor[] {route(dy, y, maxima)}, x);
    }

    /**
     * Into {@code maxima} from {@code from}, {@link #words} per window: a bit for each kernel element that reads a
     * pixel equal to the window's maximum (every pixel, for a NaN maximum). Set without a branch on the pixels'
     * values, as whether a pixel ties is as good as random, so a branch on it would be mispredicted often:
     * {@code max - x} is +0.0 exactly for a tie (-0.0 and 0.0 included), whose bits are all zero.
     */
    private void mark(double[] a, double[] max, long[] maxima, int from) {
        for (int e = 0, k = 0; e < area; e++) {
            int word = from + (e >> 6);
            for (int o = 0; o < windows; o++, k++) {
                // Padding reads minus infinity, which is never a tie: max - (-inf) is +inf, or NaN.
                long tie = (Double.doubleToRawLongBits(max[o] - a[at[k]]) - 1) >>> 63;
                maxima[word + o * words] |= tie << e;
            }
        }
        for (int o = 0; o < windows; o++) {
            // Infinities tie too, though inf - inf is NaN; and every pixel of a NaN window takes NaN.
            if (Double.isNaN(max[o]) || Double.isInfinite(max[o])) {
                for (int e = 0; e < area; e++) {
                    int j = at[e * windows + o];
                    if (j < pixels && (Double.isNaN(max[o]) || a[j] == max[o])) {
                        maxima[from + o * words + (e >> 6)] |= 1L << e;
                    }
                }
            }
        }
    }

    /**
     * {@code g}'s share to each maximum of its window, marked in {@code maxima}; a window whose maximum is NaN passes
     * NaN to all its pixels.
     */
    private Tensor route(Tensor g, Tensor y, long[] maxima) {
        Tensor z = planes(g, new int[] {g.shape[0], g.shape[1], window.h(), window.w()}, 0, (p, a, out) -> {
            for (int o = 0; o < windows; o++) {
                int from = (p * windows + o) * words, ties = ties(maxima, from);
                double share = ties == 1 ? a[o] : share(y, p * windows + o, a[o], ties);
                for (int word = 0; word < words; word++) {
                    for (long m = maxima[from + word]; m != 0; m &= m - 1) {
                        out[at[(word << 6 | Long.numberOfTrailingZeros(m)) * windows + o]] += share;
                    }
                }
            }
        });
        return Tensor.record("maxPool2d backward", z, dz -> new Tensor[] {gather(dz, y, maxima)}, g);
    }

    /** Each window's mean of {@code h} over its maxima: route's transpose. */
    private Tensor gather(Tensor h, Tensor y, long[] maxima) {
        Tensor u = planes(h, y.shape, 0, (p, a, out) -> {
            for (int o = 0; o < windows; o++) {
                int from = (p * windows + o) * words, ties = ties(maxima, from);
                double sum = 0;
                for (int word = 0; word < words; word++) {
                    for (long m = maxima[from + word]; m != 0; m &= m - 1) {
                        sum += a[at[(word << 6 | Long.numberOfTrailingZeros(m)) * windows + o]];
                    }
                }
                out[o] = ties == 1 ? sum : share(y, p * windows + o, sum, ties);
            }
        });
        return Tensor.record("maxPool2d backward", u, du -> new Tensor[] {route(du, y, maxima)}, h);
    }

    /** The maxima marked for one window. */
    private int ties(long[] maxima, int from) {
        int count = 0;
        for (int word = 0; word < words; word++) {
            count += Long.bitCount(maxima[from + word]);
        }
        return count;
    }

    /** {@code value} split among a window's {@code ties} maxima: NaN if its maximum, element {@code o} of y, is. */
    private static double share(Tensor y, int o, double value, int ties) {
        return Double.isNaN(Storage.get(y, o)) ? Double.NaN : value / ties;
    }

    /** The mean of each window, its padding counted as zeros. */
    Tensor avgPool(Tensor x) {
        Tensor y = planes(x, pooled(x), 0, (p, a, out) -> {
            for (int e = 0, k = 0; e < area; e++) {
                for (int o = 0; o < windows; o++, k++) {
                    out[o] += a[at[k]];
                }
            }
            for (int o = 0; o < windows; o++) {
                out[o] /= area;
            }
        });
        return Tensor.record("avgPool2d", y, dy -> new Tensor[] {spread(dy)}, x);
    }

    /** {@code g / (kH·kW)} to each pixel of its window: avgPool's transpose. */
    private Tensor spread(Tensor g) {
        Tensor z = planes(g, new int[] {g.shape[0], g.shape[1], window.h(), window.w()}, 0, (p, a, out) -> {
            for (int e = 0, k = 0; e < area; e++) {
                for (int o = 0; o < windows; o++, k++) {
                    out[at[k]] += a[o] / area;
                }
            }
        });
        return Tensor.record("avgPool2d backward", z, dz -> new Tensor[] {avgPool(dz)}, g);
    }

    private int[] pooled(Tensor x) {
        return new int[] {x.shape[0], x.shape[1], window.outH(), window.outW()};
    }

    /**
     * A tensor of {@code a}'s dtype and {@code shape}, {@code [N, C, ., .]}, each of whose planes {@code kernel}
     * computes, into zeros, from the same plane of {@code a}, read as doubles. Both planes have a spare element at
     * the end: {@code pad} in a's, and a dump, never written to the result, in the output's.
     */
    private Tensor planes(Tensor a, int[] shape, double pad, Plane kernel) {
        Tensor out = Storage.empty(a.dtype(), shape);
        int planes = shape[0] * shape[1], outSize = shape[2] * shape[3], aSize = a.shape[2] * a.shape[3];
        int grain = Math.max(1, Elementwise.PIECE / Math.max(1, Math.max(aSize, outSize)));
        Workers.forRange(planes, grain, (long) planes * Math.max(aSize, outSize), (from, to) -> {
            double[] as = new double[aSize + 1], os = new double[outSize + 1];
            as[aSize] = pad;
            for (int p = from; p < to; p++) {
                Storage.read(a, p * aSize, as, aSize);
                Arrays.fill(os, 0.0);
                kernel.run(p, as, os);
                Storage.write(os, out, p * outSize, outSize);
            }
        });
        return out;
    }
}

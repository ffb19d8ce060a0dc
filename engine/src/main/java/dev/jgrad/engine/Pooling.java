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
 * <p>A forward that will be differentiated also notes each window's maximum, when it is the only one, so route
 * and gather go straight to it; a window with a tie (or a NaN) is rare and takes the slow way, comparing its
 * pixels with its maximum. Each image plane is read into doubles, pooled there and rounded once into the result,
 * so either dtype runs the same kernel; planes are independent and shared with the helper threads, and every sum
 * over a window or into a pixel runs in a fixed order, so the results are the same bits on any thread count.
 */
final class Pooling {
    /**
     * A kernel over plane {@code p}: {@code a} the op's operand plane, read as doubles, and {@code out} zeros to
     * write; {@code perWindow} is scratch of an int per window.
     */
    @FunctionalInterface
    private interface Plane {
        void run(int p, double[] a, double[] out, int[] perWindow);
    }

    private final WindowOps.Window window;
    /** Per kernel element and window, the pixel it reads or -1 for padding ({@link WindowOps.Window#positions}). */
    private final int[] at;
    private final int area, windows, pixels;

    Pooling(WindowOps.Window window) {
        this.window = window;
        this.at = window.positions();
        this.area = window.kH() * window.kW();
        this.windows = window.outH() * window.outW();
        this.pixels = window.h() * window.w();
    }

    /** The largest element of each window, padding never taken (each window holds a pixel). */
    Tensor maxPool(Tensor x) {
        int[] sole = x.requiresGrad && GradMode.current().recording ? new int[x.shape[0] * x.shape[1] * windows]
                : null;
        Tensor y = planes(x, pooled(x), (p, a, out, ties) -> {
            Arrays.fill(out, 0, windows, Double.NEGATIVE_INFINITY);
            for (int e = 0, k = 0; e < area; e++) {
                for (int o = 0; o < windows; o++, k++) {
                    if (at[k] >= 0) {
                        out[o] = Math.max(out[o], a[at[k]]);
                    }
                }
            }
            if (sole != null) {
                soleMaxima(a, out, ties, sole, p * windows);
            }
        });
        return Tensor.record("maxPool2d", y, dy -> new Tensor[] {route(dy, x, y, sole)}, x);
    }

    /**
     * Into {@code sole} from {@code from}, the pixel of each window's maximum if no other pixel ties with it, else
     * -1 (and -1 for a NaN maximum). Computed without a branch on the pixels' values: whether a pixel ties is as good
     * as random, so a branch on it would be mispredicted often; {@code ties} counts them.
     */
    private void soleMaxima(double[] a, double[] max, int[] ties, int[] sole, int from) {
        Arrays.fill(ties, 0);
        for (int e = 0, k = 0; e < area; e++) {
            for (int o = 0; o < windows; o++, k++) {
                int j = at[k];
                if (j >= 0) {
                    int t = same(a[j], max[o]);
                    ties[o] += t;
                    sole[from + o] += (j - sole[from + o]) * t;
                }
            }
        }
        for (int o = 0; o < windows; o++) {
            if (ties[o] != 1 || Double.isNaN(max[o])) {
                sole[from + o] = -1;
            }
        }
    }

    /**
     * 1 if {@code x} equals {@code max}, else 0, for a {@code max} that is not NaN; computed on the bits without a
     * branch (adding 0.0 turns -0.0 into 0.0, which it equals).
     */
    private static int same(double x, double max) {
        long differ = Double.doubleToRawLongBits(x + 0.0) ^ Double.doubleToRawLongBits(max + 0.0);
        return 1 ^ (int) ((differ | -differ) >>> 63);
    }

    /** 1 if {@code x} ties with its window's maximum {@code max}, as pixels do with a NaN maximum; else 0. */
    private static int tie(double x, double max) {
        return Double.isNaN(max) ? 1 : same(x, max);
    }

    /** {@code g}'s share to each maximum of its window; a window whose maximum is NaN passes NaN to all its pixels. */
    private Tensor route(Tensor g, Tensor x, Tensor y, int[] sole) {
        Tensor z = planes(g, x.shape, (p, a, out, unused) -> {
            for (int o = 0; o < windows; o++) {
                int j = sole[p * windows + o];
                if (j >= 0) {
                    out[j] += a[o];
                    continue;
                }
                double max = Storage.get(y, p * windows + o);
                double share = Double.isNaN(max) ? Double.NaN : a[o] / ties(x, p, o, max);
                for (int k = o; k < at.length; k += windows) {
                    if (at[k] >= 0 && tie(Storage.get(x, p * pixels + at[k]), max) == 1) {
                        out[at[k]] += share;
                    }
                }
            }
        });
        return Tensor.record("maxPool2d backward", z, dz -> new Tensor[] {gather(dz, x, y, sole)}, g);
    }

    /** Each window's mean of {@code h} over its maxima: route's transpose. */
    private Tensor gather(Tensor h, Tensor x, Tensor y, int[] sole) {
        Tensor u = planes(h, y.shape, (p, a, out, unused) -> {
            for (int o = 0; o < windows; o++) {
                int j = sole[p * windows + o];
                if (j >= 0) {
                    out[o] = a[j];
                    continue;
                }
                double max = Storage.get(y, p * windows + o), sum = 0;
                for (int k = o; k < at.length; k += windows) {
                    if (at[k] >= 0 && tie(Storage.get(x, p * pixels + at[k]), max) == 1) {
                        sum += a[at[k]];
                    }
                }
                out[o] = Double.isNaN(max) ? Double.NaN : sum / ties(x, p, o, max);
            }
        });
        return Tensor.record("maxPool2d backward", u, du -> new Tensor[] {route(du, x, y, sole)}, h);
    }

    /** The pixels of window {@code o} of plane {@code p} of x that equal its maximum. */
    private int ties(Tensor x, int p, int o, double max) {
        int count = 0;
        for (int k = o; k < at.length; k += windows) {
            if (at[k] >= 0) {
                count += tie(Storage.get(x, p * pixels + at[k]), max);
            }
        }
        return count;
    }

    /** The mean of each window, its padding counted as zeros. */
    Tensor avgPool(Tensor x) {
        Tensor y = planes(x, pooled(x), (p, a, out, unused) -> {
            for (int e = 0, k = 0; e < area; e++) {
                for (int o = 0; o < windows; o++, k++) {
                    if (at[k] >= 0) {
                        out[o] += a[at[k]];
                    }
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
        Tensor z = planes(g, new int[] {g.shape[0], g.shape[1], window.h(), window.w()}, (p, a, out, unused) -> {
            for (int e = 0, k = 0; e < area; e++) {
                for (int o = 0; o < windows; o++, k++) {
                    if (at[k] >= 0) {
                        out[at[k]] += a[o] / area;
                    }
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
     * computes, into zeros, from the same plane of {@code a}, read as doubles.
     */
    private Tensor planes(Tensor a, int[] shape, Plane kernel) {
        Tensor out = Storage.empty(a.dtype(), shape);
        int planes = shape[0] * shape[1], outSize = shape[2] * shape[3], aSize = a.shape[2] * a.shape[3];
        int grain = Math.max(1, Elementwise.PIECE / Math.max(1, Math.max(aSize, outSize)));
        Workers.forRange(planes, grain, (long) planes * Math.max(aSize, outSize), (from, to) -> {
            double[] as = new double[aSize], os = new double[outSize];
            int[] perWindow = new int[windows];
            for (int p = from; p < to; p++) {
                Storage.read(a, p * aSize, as, aSize);
                Arrays.fill(os, 0.0);
                kernel.run(p, as, os, perWindow);
                Storage.write(os, out, p * outSize, outSize);
            }
        });
        return out;
    }
}

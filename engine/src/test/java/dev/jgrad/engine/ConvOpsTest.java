package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConvOpsTest {

    private static Tensor image(int n, int c, int h, int w, double... values) {
        return Tensor.of(values, n, c, h, w);
    }

    @Test
    void aTwoByTwoKernelOverAThreeByThreeImage() {
        Tensor x = image(1, 1, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Tensor w = image(1, 1, 2, 2, 1, 0, 0, 1);
        Tensor y = x.conv2d(w, Tensor.of(new double[] {10}, 1), 1, 0);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new double[] {16, 18, 22, 24}, y.toArray());
    }

    @Test
    void strideAndPaddingFollowTheSizeFormula() {
        Tensor y = Tensor.ones(1, 1, 3, 3).conv2d(Tensor.ones(1, 1, 3, 3), null, 2, 1);
        // (3 + 2 - 3) / 2 + 1 = 2 positions per axis, each window covering 2 x 2 real pixels
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new double[] {4, 4, 4, 4}, y.toArray());
    }

    @Test
    void eachGroupSeesItsOwnChannels() {
        Tensor x = image(1, 2, 1, 1, 2, 3);
        Tensor w = image(2, 1, 1, 1, 5, 7);
        assertArrayEquals(new double[] {10, 21}, x.conv2d(w, null, new int[] {1, 1}, new int[] {0, 0},
                new int[] {1, 1}, 2).toArray());
    }

    /** The definition, loop by loop. */
    private static double[] naive(Tensor x, Tensor w, int[] s, int[] p, int[] d, int groups) {
        int n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
        int o = w.shape[0], cg = c / groups, og = o / groups, kh = w.shape[2], kw = w.shape[3];
        int oh = (h + 2 * p[0] - d[0] * (kh - 1) - 1) / s[0] + 1, ow = (wd + 2 * p[1] - d[1] * (kw - 1) - 1) / s[1] + 1;
        double[] xv = x.toArray(), wv = w.toArray(), out = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int g = oc / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = 0;
                        for (int ic = 0; ic < cg; ic++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int r = i * s[0] - p[0] + u * d[0], q = j * s[1] - p[1] + v * d[1];
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        sum += xv[((b * c + g * cg + ic) * h + r) * wd + q]
                                                * wv[((oc * cg + ic) * kh + u) * kw + v];
                                    }
                                }
                            }
                        }
                        out[((b * o + oc) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
        return out;
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void matchesTheDefinitionWithStrideDilationGroupsAndNonSquareShapes() {
        Random rng = new Random(4);
        Tensor x = Tensor.randn(rng, 2, 4, 7, 9);
        Tensor w = Tensor.randn(rng, 6, 2, 2, 3);
        int[] s = {2, 1}, p = {1, 2}, d = {2, 1};
        Tensor y = x.conv2d(w, null, s, p, d, 2);
        assertArrayEquals(new int[] {2, 6, 4, 11}, y.shape());
        assertClose(naive(x, w, s, p, d, 2), y.toArray());
    }

    @Test
    void anImageOfManyWindowsMatchesTheDefinition() {
        Random rng = new Random(5);
        // 698 x 698 windows of 3 x 3: over 4M elements of columns in one image's matrix.
        Tensor x = Tensor.randn(rng, 2, 1, 700, 700);
        Tensor w = Tensor.randn(rng, 1, 1, 3, 3);
        assertClose(naive(x, w, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1),
                x.conv2d(w, null, 1, 0).toArray());
    }

    @Test
    void float32StaysFloat32() {
        Tensor x = Tensor.rand(DType.FLOAT32, new Random(1), 1, 2, 4, 4);
        Tensor w = Tensor.rand(DType.FLOAT32, new Random(2), 3, 2, 3, 3);
        Tensor y = x.conv2d(w, Tensor.zeros(DType.FLOAT32, 3), 1, 1);
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(naive(x.to(DType.FLOAT64), w.to(DType.FLOAT64), new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, 1), y.toArray(), 1e-5);
    }


    @Test
    void maxPoolingTakesEachWindowsLargestAndSplitsATieEvenly() {
        Tensor x = image(1, 1, 2, 4, 1, 5, 2, 2, 3, 4, 2, 1).requiresGrad(true);
        Tensor y = x.maxPool2d(2, 2);
        assertArrayEquals(new double[] {5, 2}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 1, 1.0 / 3, 1.0 / 3, 0, 0, 1.0 / 3, 0}, x.grad().toArray(), 1e-15);
    }

    @Test
    void aTieOfZeroAndNegativeZeroSplitsTheGradient() {
        Tensor x = image(1, 1, 1, 2, -0.0, 0.0).requiresGrad(true);
        x.maxPool2d(new int[] {1, 2}, new int[] {1, 2}, new int[] {0, 0}).sum().backward();
        assertArrayEquals(new double[] {0.5, 0.5}, x.grad().toArray());
    }

    @Test
    void aWindowWithNaNPassesNaNToItsPixelsAndNoOtherWindowIsTouched() {
        Tensor x = image(1, 1, 1, 4, 1, Double.NaN, 3, 2).requiresGrad(true);
        Tensor y = x.maxPool2d(new int[] {1, 2}, new int[] {1, 2}, new int[] {0, 0});
        assertArrayEquals(new double[] {Double.NaN, 3}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 1, 0}, x.grad().toArray());
    }

    /**
     * The second derivative through the gradient's routing: d/dg of route(g) is gather, which takes each window's
     * mean over its maxima, ties included.
     */
    @Test
    void theRoutingOfATieIsDifferentiatedByItsTranspose() {
        Tensor x = image(1, 1, 2, 4, 1, 5, 2, 2, 3, 4, 2, 1).requiresGrad(true);
        Tensor g = Tensor.of(new double[] {1, 1}, 1, 1, 1, 2).requiresGrad(true);
        x.maxPool2d(2, 2).backward(g, true);
        Tensor h = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);
        x.grad().mul(h).sum().backward();
        assertArrayEquals(new double[] {2, (3 + 4 + 7) / 3.0}, g.grad().toArray(), 1e-15);
    }

    @Test
    void float32PoolingRoutesAsFloat64Does() {
        Random rng = new Random(9);
        Tensor x64 = Tensor.randn(rng, 3, 2, 7, 6);
        Tensor x32 = x64.to(DType.FLOAT32).to(DType.FLOAT64).requiresGrad(true);
        Tensor f32 = x32.to(DType.FLOAT32).detach().requiresGrad(true);
        Tensor g = Tensor.randn(rng, 3, 2, 4, 4);
        int[] k = {3, 2}, s = {2, 2}, p = {1, 1};
        x32.maxPool2d(k, s, p).backward(g);
        f32.maxPool2d(k, s, p).backward(g.to(DType.FLOAT32));
        assertArrayEquals(x32.grad().toArray(), f32.grad().toArray(), 1e-6);
        assertEquals(DType.FLOAT32, f32.grad().dtype());
    }

    @Test
    void maxPoolingNeverSelectsPadding() {
        Tensor y = Tensor.full(-5, 1, 1, 2, 2).maxPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
        assertArrayEquals(new double[] {-5, -5, -5, -5}, y.toArray());
    }

    @Test
    void overlappingWindowsAddTheirGradients() {
        Tensor x = image(1, 1, 1, 3, 1, 3, 2).requiresGrad(true);
        Tensor y = x.maxPool2d(new int[] {1, 2}, new int[] {1, 1}, new int[] {0, 0});
        assertArrayEquals(new double[] {3, 3}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 2, 0}, x.grad().toArray());
    }

    @Test
    void averagePoolingCountsPaddingAsZeros() {
        Tensor x = Tensor.ones(1, 1, 2, 2).requiresGrad(true);
        Tensor y = x.avgPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
        assertArrayEquals(new double[] {4.0 / 9, 4.0 / 9, 4.0 / 9, 4.0 / 9}, y.toArray(), 1e-15);
        y.sum().backward();
        assertArrayEquals(new double[] {4.0 / 9, 4.0 / 9, 4.0 / 9, 4.0 / 9}, x.grad().toArray(), 1e-15);
        assertArrayEquals(new double[] {2.5, 4.5}, image(1, 1, 2, 4, 1, 2, 3, 4, 3, 4, 5, 6).avgPool2d(2, 2)
                .toArray());
    }

    private static void rejects(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void badInputIsNamed() {
        Tensor x = Tensor.ones(1, 4, 5, 5), w = Tensor.ones(2, 4, 3, 3);
        rejects("conv2d: needs a 4-d input [N, C, H, W], got shape [4, 5, 5]",
                () -> Tensor.ones(4, 5, 5).conv2d(w, null, 1, 0));
        rejects("conv2d: needs a 4-d weight [O, C/groups, kH, kW], got shape [2, 4, 3]",
                () -> x.conv2d(Tensor.ones(2, 4, 3), null, 1, 0));
        rejects("conv2d: input [1, 4, 5, 5] has 4 channels, so a weight for 1 group(s) needs 4 input channels, got"
                + " weight [2, 3, 3, 3]", () -> x.conv2d(Tensor.ones(2, 3, 3, 3), null, 1, 0));
        rejects("conv2d: groups 3 must be positive and divide the input's 4 channels and the weight's 2 output"
                + " channels", () -> x.conv2d(w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 3));
        rejects("conv2d: kernel [3, 3] with dilation [1, 1] spans [3, 3], larger than the padded image [2, 2]",
                () -> Tensor.ones(1, 4, 2, 2).conv2d(w, null, 1, 0));
        rejects("conv2d: stride must be positive, got [0, 0]", () -> x.conv2d(w, null, 0, 0));
        rejects("conv2d: padding must be non-negative, got [-1, -1]", () -> x.conv2d(w, null, 1, -1));
        rejects("conv2d: dilation must be positive, got [1, 0]",
                () -> x.conv2d(w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 0}, 1));
        rejects("conv2d: bias of shape [3] does not match weight [2, 4, 3, 3]: needs [2]",
                () -> x.conv2d(w, Tensor.ones(3), 1, 0));
        rejects("conv2d: weight is null", () -> x.conv2d(null, null, 1, 0));
        rejects("maxPool2d: needs a 4-d input [N, C, H, W], got shape [5, 5]", () -> Tensor.ones(5, 5).maxPool2d(2, 2));
        rejects("maxPool2d: padding [2, 2] must be at most half the kernel [3, 3]",
                () -> x.maxPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}));
        rejects("avgPool2d: kernel must be positive, got [0, 0]", () -> x.avgPool2d(0, 1));
        rejects("avgPool2d: kernel [6, 6] with dilation [1, 1] spans [6, 6], larger than the padded image [5, 5]",
                () -> x.avgPool2d(6, 1));
    }
}

package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Both matmul kernels in single precision against a triple loop in double over the same float operands. A float
 * sum of k products, in any order and with or without fused multiply-adds, is within {@code γ(k) = k u / (1 - k u)}
 * (u = 2^-24) of the exact sum of their absolute values, elementwise. Over the whole result, rounding errors of
 * random sign add up like a random walk: even a plain running sum keeps its relative Frobenius error near
 * {@code u sqrt(k / 2)}, so this allows {@code 2 u sqrt(k)}, where dropping or doubling a single term would show up
 * as about {@code 1 / sqrt(k)}, orders of magnitude more.
 */
class FloatGemmTest {
    private static final float SENTINEL = 1234.5f;
    private static final double UNIT_ROUNDOFF = Math.ulp(1.0f) / 2;

    private final Gemm vector = new VectorGemm();
    private final Gemm ejml = new EjmlGemm();

    /** One product's float operands placed at offsets inside larger arrays, and where its result goes. */
    private static final class Case extends GemmShape {
        final float[] a, b;

        Case(Random rng, boolean ta, boolean tb, int m, int n, int k, int aOff, int bOff, int cOff) {
            super(ta, tb, m, n, k, aOff, bOff, cOff);
            this.a = operand(rng, aOff, m * k);
            this.b = operand(rng, bOff, k * n);
        }

        private static float[] operand(Random rng, int off, int size) {
            float[] x = new float[off + size + 5];
            Arrays.fill(x, Float.NaN);
            for (int i = 0; i < size; i++) {
                x[off + i] = rng.nextFloat() * 2 - 1;
            }
            return x;
        }

        /** An array for the result, filled with the sentinel. */
        float[] blank() {
            float[] c = new float[cOff + m * n + 5];
            Arrays.fill(c, SENTINEL);
            return c;
        }

        float[] run(Gemm g) {
            float[] c = blank();
            g.multiply(ta, tb, m, n, k, a, aOff, b, bOff, c, cOff);
            return c;
        }

        /** The blocked product cut for {@code threads} threads, and run by that many. */
        float[] runCutFor(int threads) throws InterruptedException {
            float[] c = blank();
            VectorGemm.Blocked p = new VectorSgemm.Product(ta, tb, m, n, k, a, aOff, b, bOff, c, cOff, threads);
            GemmShape.runOn(p, threads);
            return c;
        }

        /** {@code op(a) · op(b)} in double, row-major, and beside it the same sum over the terms' absolute values. */
        double[][] exact() {
            // The rows of op(a) and the columns of op(b), each made contiguous, so that the sums run along memory.
            double[] rows = new double[m * k], cols = new double[n * k];
            for (int p = 0; p < k; p++) {
                for (int i = 0; i < m; i++) {
                    rows[i * k + p] = ta ? a[aOff + p * m + i] : a[aOff + i * k + p];
                }
                for (int j = 0; j < n; j++) {
                    cols[j * k + p] = tb ? b[bOff + j * k + p] : b[bOff + p * n + j];
                }
            }
            double[] product = new double[m * n], magnitude = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        double term = rows[i * k + p] * cols[j * k + p];
                        s += term;
                        abs += Math.abs(term);
                    }
                    product[i * n + j] = s;
                    magnitude[i * n + j] = abs;
                }
            }
            return new double[][] {product, magnitude};
        }
    }

    /**
     * The result region within float rounding of the exact product, and every slot around it untouched. The exact
     * product is the triple loop in double: each term of floats is exact in double, and so, to far below float
     * precision, is their sum.
     */
    private static void assertCloseToExact(Case c, double[][] exact, float[] actual, String what) {
        double gamma = c.k * UNIT_ROUNDOFF / (1 - c.k * UNIT_ROUNDOFF);
        double errors = 0, norm = 0;
        for (int i = 0; i < c.m * c.n; i++) {
            double error = Math.abs(actual[c.cOff + i] - exact[0][i]);
            if (error > gamma * exact[1][i]) {
                fail(what + " on " + c + " at [" + i / c.n + ", " + i % c.n + "]: " + actual[c.cOff + i] + " is "
                        + error + " from " + exact[0][i] + ", past the bound " + gamma * exact[1][i]);
            }
            errors += error * error;
            norm += exact[0][i] * exact[0][i];
        }
        double relative = norm == 0 ? Math.sqrt(errors) : Math.sqrt(errors / norm);
        assertTrue(relative <= 2 * UNIT_ROUNDOFF * Math.sqrt(c.k),
                what + " on " + c + ": relative Frobenius error " + relative);
        for (int i = 0; i < actual.length; i++) {
            if ((i < c.cOff || i >= c.cOff + c.m * c.n) && actual[i] != SENTINEL) {
                fail(what + " on " + c + " wrote " + actual[i] + " outside the result at " + i);
            }
        }
    }

    private void assertBothKernelsClose(Case c) {
        double[][] exact = c.exact();
        assertCloseToExact(c, exact, c.run(vector), "Vector API kernel");
        assertCloseToExact(c, exact, c.run(ejml), "EJML");
    }

    /** Every transpose flag on each shape, with the operands at the offsets of a batch's third slice. */
    private void assertEveryFlagClose(long seed, int[][] shapes) {
        Random rng = new Random(seed);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    assertBothKernelsClose(new Case(rng, ta, tb, m, n, k, 2 * m * k, 2 * k * n, 2 * m * n));
                    assertBothKernelsClose(new Case(rng, ta, tb, m, n, k, 0, 0, 0));
                }
            }
        }
    }

    @Test
    void bothKernelsAreWithinFloatRoundingOnTinyAndOddShapes() {
        // The plain loop (under 4096 multiply-adds), then the packed path with every tile and block edge missed.
        assertEveryFlagClose(31, new int[][] {{1, 1, 1}, {7, 13, 5}, {3, 17, 129}, {33, 65, 17}});
    }

    @Test
    void bothKernelsAreWithinFloatRoundingAtTheShapesOfADenseLayer() {
        // A 784-256 layer on a batch of 128: Y = X·W is (128 x 784)(784 x 256), dW = Xᵀ·dY is (784 x 128)(128 x 256)
        // and dX = dY·Wᵀ is (128 x 256)(256 x 784). Threads, and a depth past one packed block.
        assertEveryFlagClose(32, new int[][] {{128, 256, 784}, {784, 256, 128}, {128, 784, 256}});
    }

    @Test
    void bothKernelsAreWithinFloatRoundingOnMatrixVectorShapes() {
        // One or two rows or columns, with depths that leave a remainder after whole vectors.
        assertEveryFlagClose(33, new int[][] {{1, 300, 1001}, {2, 129, 37}, {129, 2, 37}, {300, 1, 1001}});
    }

    @Test
    void productsPastEveryBlockSizeAreWithinFloatRounding() {
        // Rows past one chunk; columns past one packed block of B; depth past several packed blocks.
        Random rng = new Random(34);
        for (int[] s : new int[][] {{300, 40, 90}, {9, 2100, 600}, {45, 61, 2100}}) {
            assertBothKernelsClose(new Case(rng, false, true, s[0], s[1], s[2], 1, 2, 3));
            assertBothKernelsClose(new Case(rng, true, false, s[0], s[1], s[2], 3, 2, 1));
        }
    }

    @Test
    void anEmptyInnerDimensionGivesZerosAndAnEmptyResultWritesNothing() {
        Random rng = new Random(35);
        for (Gemm g : List.of(vector, ejml)) {
            Case empty = new Case(rng, true, false, 3, 4, 0, 2, 2, 2);
            float[] zeros = empty.run(g);
            for (int i = 0; i < zeros.length; i++) {
                boolean inResult = i >= 2 && i < 2 + 12;
                assertEquals(inResult ? 0f : SENTINEL, zeros[i], g.describe() + " at " + i);
            }
            for (float v : new Case(rng, false, true, 0, 5, 3, 0, 0, 0).run(g)) {
                assertEquals(SENTINEL, v, g.describe());
            }
        }
    }

    @Test
    void aProductIsBitForBitTheSameCutForOneThreadOrForTwo() throws Exception {
        Case c = new Case(new Random(36), false, true, 200, 150, 300, 5, 6, 7);
        assertTrue((long) c.m * c.n * c.k >= Gemm.THREAD_THRESHOLD);
        float[] one = c.runCutFor(1), two = c.runCutFor(2);
        assertArrayEquals(one, two);
        assertCloseToExact(c, c.exact(), two, "two threads");
    }

    @Test
    void concurrentCallersGetTheSameBitsAsOneCallerAlone() throws Exception {
        Case c = new Case(new Random(37), true, false, 190, 170, 310, 0, 0, 0);
        float[] alone = c.run(vector);
        // Four callers at once: at most one gets the helper threads, the others compute on their own thread.
        for (float[] result : GemmShape.callConcurrently(Collections.<Callable<float[]>>nCopies(4, () -> c.run(vector)))) {
            assertArrayEquals(alone, result);
        }
    }
}

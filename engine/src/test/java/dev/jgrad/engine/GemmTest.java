package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Both matmul kernels against a plain triple loop and against each other, to a relative error of 1e-12, on shapes
 * that miss every tile and block size, with all four transpose flags and operands deep inside larger arrays.
 */
class GemmTest {
    private static final int[] ODD = {1, 3, 7, 17, 129};
    private static final double TOLERANCE = 1e-12;
    /** Fills every array slot a kernel must neither read as data nor write: any leak shows up as NaN or this. */
    private static final double SENTINEL = 1234.5;

    private final Gemm vector = new VectorGemm();
    private final Gemm ejml = new EjmlGemm();

    /** One product's operands placed at offsets inside larger arrays, and where its result goes. */
    private static final class Case extends GemmShape {
        final double[] a, b;

        Case(Random rng, boolean ta, boolean tb, int m, int n, int k, int aOff, int bOff, int cOff) {
            super(ta, tb, m, n, k, aOff, bOff, cOff);
            this.a = operand(rng, aOff, m * k);
            this.b = operand(rng, bOff, k * n);
        }

        private static double[] operand(Random rng, int off, int size) {
            double[] x = new double[off + size + 5];
            Arrays.fill(x, Double.NaN);
            for (int i = 0; i < size; i++) {
                x[off + i] = rng.nextDouble() * 2 - 1;
            }
            return x;
        }

        /** An array for the result, filled with the sentinel. */
        double[] blank() {
            double[] c = new double[cOff + m * n + 5];
            Arrays.fill(c, SENTINEL);
            return c;
        }

        double[] run(Gemm g) {
            double[] c = blank();
            g.multiply(ta, tb, m, n, k, a, aOff, b, bOff, c, cOff);
            return c;
        }

        /** The blocked product cut for {@code threads} threads, and run by that many. */
        double[] runCutFor(int threads) throws InterruptedException {
            double[] c = blank();
            VectorGemm.Blocked p = new VectorDgemm.Product(ta, tb, m, n, k, a, aOff, b, bOff, c, cOff, threads);
            GemmShape.runOn(p, threads);
            return c;
        }

        /** op(a) · op(b) by definition, in the same array layout as a kernel's result. */
        double[] reference() {
            double[] c = blank();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double x = ta ? a[aOff + p * m + i] : a[aOff + i * k + p];
                        double y = tb ? b[bOff + j * k + p] : b[bOff + p * n + j];
                        s += x * y;
                    }
                    c[cOff + i * n + j] = s;
                }
            }
            return c;
        }
    }

    /** Max-norm relative error over the result region, and the slots around it untouched. */
    private static void assertClose(double[] expected, double[] actual, Case c, String what) {
        double worst = 0, scale = 0;
        for (int i = 0; i < c.m * c.n; i++) {
            worst = Math.max(worst, Math.abs(expected[c.cOff + i] - actual[c.cOff + i]));
            scale = Math.max(scale, Math.abs(expected[c.cOff + i]));
        }
        double error = scale == 0 ? worst : worst / scale;
        assertTrue(error <= TOLERANCE, what + " on " + c + ": relative error " + error);
        for (int i = 0; i < actual.length; i++) {
            if (i < c.cOff || i >= c.cOff + c.m * c.n) {
                assertEquals(SENTINEL, actual[i], what + " on " + c + " wrote outside the result at " + i);
            }
        }
    }

    private void assertKernelsMatch(Case c) {
        double[] expected = c.reference(), fast = c.run(vector), portable = c.run(ejml);
        assertClose(expected, fast, c, "Vector API kernel vs triple loop");
        assertClose(expected, portable, c, "EJML vs triple loop");
        assertClose(portable, fast, c, "Vector API kernel vs EJML");
    }

    @Test
    void bothKernelsMatchTheTripleLoopOnOddShapesWithEveryTransposeFlag() {
        Random rng = new Random(11);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int m : ODD) {
                    for (int n : ODD) {
                        for (int k : ODD) {
                            assertKernelsMatch(new Case(rng, ta, tb, m, n, k, 0, 0, 0));
                        }
                    }
                }
            }
        }
    }

    @Test
    void batchSlicesAtNonzeroOffsetsAreReadAndWrittenInPlace() {
        Random rng = new Random(12);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                assertKernelsMatch(new Case(rng, ta, tb, 17, 7, 3, 3 * 17 * 3, 2 * 3 * 7, 5));
                assertKernelsMatch(new Case(rng, ta, tb, 33, 29, 31, 33 * 31, 4 * 31 * 29, 2 * 33 * 29));
            }
        }
    }

    /** Every transpose flag on each shape, with the operands and result at the given offsets. */
    private void assertEveryFlagMatches(long seed, int[][] shapes, int aOff, int bOff, int cOff) {
        Random rng = new Random(seed);
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    assertKernelsMatch(new Case(rng, ta, tb, s[0], s[1], s[2], aOff, bOff, cOff));
                }
            }
        }
    }

    @Test
    void productsLargeEnoughForThreadsAndSeveralBlocksMatch() {
        // Split by rows; by columns; depth past one packed block; rows past one block; columns past one block.
        assertEveryFlagMatches(13,
                new int[][] {{257, 131, 263}, {130, 517, 100}, {45, 61, 1100}, {300, 40, 90}, {9, 2100, 60}}, 1, 2, 3);
    }

    @Test
    void matrixVectorShapesMatch() {
        // One or two rows or columns, with depths that leave a remainder after whole vectors.
        assertEveryFlagMatches(17,
                new int[][] {{1, 300, 1001}, {2, 129, 37}, {129, 2, 37}, {300, 1, 1001}, {2, 2, 515}, {1, 1, 4099}},
                3, 2, 1);
    }

    @Test
    void anEmptyInnerDimensionGivesZeros() {
        Random rng = new Random(14);
        for (Gemm g : List.of(vector, ejml)) {
            for (boolean ta : new boolean[] {false, true}) {
                Case c = new Case(rng, ta, !ta, 3, 4, 0, 2, 2, 2);
                double[] out = c.run(g);
                assertClose(new double[out.length], out, c, g.describe());
                assertEquals(0.0, out[c.cOff + 11], g.describe());
            }
        }
    }

    @Test
    void anEmptyResultWritesNothing() {
        Random rng = new Random(15);
        for (Gemm g : List.of(vector, ejml)) {
            for (Case c : List.of(new Case(rng, false, false, 0, 5, 3, 0, 0, 0),
                    new Case(rng, true, true, 5, 0, 3, 0, 0, 0))) {
                double[] out = c.run(g);
                for (double v : out) {
                    assertEquals(SENTINEL, v, g.describe() + " on " + c);
                }
            }
        }
    }

    @Test
    void aProductIsBitForBitTheSameWhetherItRunsOnOneThreadOrSeveral() throws Exception {
        Case c = new Case(new Random(18), false, true, 200, 150, 300, 0, 0, 0);
        double[] alone = c.run(vector);
        // Four callers at once: at most one gets the helper threads, the others compute on their own thread.
        for (double[] result : GemmShape.callConcurrently(Collections.<Callable<double[]>>nCopies(4, () -> c.run(vector)))) {
            assertArrayEquals(alone, result);
        }
    }

    @Test
    void aProductIsBitForBitTheSameCutForOneThreadOrForTwo() throws Exception {
        Case c = new Case(new Random(19), true, false, 200, 150, 300, 5, 6, 7);
        assertTrue((long) c.m * c.n * c.k >= Gemm.THREAD_THRESHOLD);
        double[] one = c.runCutFor(1), two = c.runCutFor(2);
        assertArrayEquals(one, two);
        assertClose(c.reference(), two, c, "two threads");
    }

    @Test
    void concurrentCallersEachGetTheirOwnProduct() throws Exception {
        Random rng = new Random(16);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cases.add(new Case(rng, i % 2 == 0, i % 3 == 0, 150 + i, 120 - i, 140 + 3 * i, i, 2 * i, 3 * i));
        }
        List<Callable<double[]>> calls = new ArrayList<>();
        for (Case c : cases) {
            calls.add(() -> c.run(vector));
        }
        List<double[]> results = GemmShape.callConcurrently(calls);
        for (int i = 0; i < cases.size(); i++) {
            assertClose(cases.get(i).reference(), results.get(i), cases.get(i), "concurrent Vector API");
        }
    }
}

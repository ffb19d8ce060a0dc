package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scalar kernel that serves the first products gives the Vector API kernel's bits exactly, at both precisions,
 * on shapes that miss every tile and block size, with every transpose flag and operands inside larger arrays; and
 * {@link WarmingGemm} moves from one to the other as it should.
 */
class WarmingGemmTest {
    /** m, n, k: edges of every tile, depths around and past one block of 256, thin-ish and threaded products. */
    private static final int[][] SHAPES = {
        {3, 3, 456}, {4, 4, 256}, {5, 7, 300}, {17, 23, 255}, {17, 23, 256}, {17, 23, 257}, {24, 48, 512},
        {25, 49, 513}, {40, 40, 300}, {61, 33, 1100}, {129, 65, 17}, {3, 1000, 20}, {1000, 3, 20}, {97, 101, 130},
        {200, 150, 300}, {130, 517, 100},
    };

    /**
     * {@code op(a)} or {@code op(b)} as {@code rows x cols} values: uniform in [-1, 1) with a sprinkling of both
     * zeros, except that row {@code tinyRow} or column {@code tinyCol} is all tiny values of sign {@code tinySign},
     * small enough that their products round to zero. A row of tiny positives times a column of tiny negatives then
     * sums to {@code -0.0}, which a kernel that adds a block to {@code +0.0} would turn into {@code +0.0}.
     */
    private static double[][] values(Random rng, int rows, int cols, int tinyRow, int tinyCol, double tiny) {
        double[][] v = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double u = rng.nextDouble();
                v[i][j] = i == tinyRow || j == tinyCol ? tiny * (1 + u)
                        : u < 0.03 ? -0.0 : u < 0.06 ? 0.0 : rng.nextDouble() * 2 - 1;
            }
        }
        return v;
    }

    /** The values laid out row-major at {@code off}, transposed if {@code trans}, inside NaN. */
    private static double[] layout(double[][] v, boolean trans, int off) {
        int rows = v.length, cols = v[0].length;
        double[] x = new double[off + rows * cols + 3];
        Arrays.fill(x, Double.NaN);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + (trans ? j * rows + i : i * cols + j)] = v[i][j];
            }
        }
        return x;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static long[] bits(double[] x) {
        long[] b = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Double.doubleToRawLongBits(x[i]);
        }
        return b;
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToRawIntBits(x[i]);
        }
        return b;
    }

    /** One product's operands in both precisions, and result arrays filled with a sentinel. */
    private static final class Case extends GemmShape {
        final double[] a, b;
        final float[] af, bf;

        Case(Random rng, boolean ta, boolean tb, int m, int n, int k, int off) {
            super(ta, tb, m, n, k, off, 2 * off, 3 * off);
            // float's tiny squared, 1e-60, is below its smallest subnormal as double's 1e-400 is below its own.
            a = layout(values(rng, m, k, 0, -1, 1e-200), ta, aOff);
            b = layout(values(rng, k, n, -1, n - 1, -1e-200), tb, bOff);
            af = toFloats(layout(values(new Random(rng.nextLong()), m, k, 0, -1, 1e-30), ta, aOff));
            bf = toFloats(layout(values(new Random(rng.nextLong()), k, n, -1, n - 1, -1e-30), tb, bOff));
        }

        double[] doubles(Gemm g) {
            double[] c = new double[cOff + m * n + 3];
            Arrays.fill(c, 1234.5);
            g.multiply(ta, tb, m, n, k, a, aOff, b, bOff, c, cOff);
            return c;
        }

        float[] floats(Gemm g) {
            float[] c = new float[cOff + m * n + 3];
            Arrays.fill(c, 1234.5f);
            g.multiply(ta, tb, m, n, k, af, aOff, bf, bOff, c, cOff);
            return c;
        }

        /** The element that sums a row of tiny positives against a column of tiny negatives. */
        int negativeZero() {
            return cOff + n - 1;
        }
    }

    /** A kernel that serves every product from {@link ScalarGemm}, whatever its shape. */
    private static final Gemm SCALAR = new Gemm() {
        @Override
        public void multiply(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
            ScalarGemm.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        }

        @Override
        public void multiply(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
            ScalarGemm.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        }

        @Override
        public String describe() {
            return "scalar";
        }
    };

    @Test
    void theScalarKernelGivesTheVectorKernelsBitsOnEveryShapeFlagAndOffset() {
        Gemm vector = new VectorGemm();
        Random rng = new Random(31);
        int shape = 0;
        for (int[] s : SHAPES) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Case c = new Case(rng, ta, tb, s[0], s[1], s[2], shape++ % 2 == 0 ? 0 : 5);
                    assertTrue(ScalarGemm.blocked(c.m, c.n, c.k), c.toString());
                    double[] d = c.doubles(vector);
                    float[] f = c.floats(vector);
                    assertArrayEquals(bits(d), bits(c.doubles(SCALAR)), "FLOAT64 " + c);
                    assertArrayEquals(bits(f), bits(c.floats(SCALAR)), "FLOAT32 " + c);
                    // The operands do reach the case where a block's sum is a negative zero, in an edge tile or not.
                    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d[c.negativeZero()]),
                            c.toString());
                    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(f[c.negativeZero()]),
                            c.toString());
                }
            }
        }
    }

    @Test
    void productsStayOnTheScalarKernelUntilTheSwitchAndGiveTheSameBitsOnEitherSide() {
        Gemm vector = new VectorGemm();
        WarmingGemm g = new WarmingGemm(false);
        Case c = new Case(new Random(32), true, false, 45, 61, 300, 3);
        double[] d = c.doubles(vector);
        float[] f = c.floats(vector);
        assertArrayEquals(bits(d), bits(c.doubles(g)));
        assertArrayEquals(bits(f), bits(c.floats(g)));
        assertFalse(g.doubles.ready());
        assertFalse(g.floats.ready());
        assertFalse(g.doubles.started(), "a warm-up thread started though none was wanted");
        g.doubles.finish();
        assertTrue(g.doubles.ready());
        assertFalse(g.floats.ready(), "each precision switches on its own");
        assertArrayEquals(bits(d), bits(c.doubles(g)));
        g.floats.finish();
        assertArrayEquals(bits(f), bits(c.floats(g)));
    }

    @Test
    void theFirstBlockedProductOfAPrecisionStartsItsWarmUpWhichEndsOnTheVectorKernel() throws InterruptedException {
        WarmingGemm g = new WarmingGemm();
        Random rng = new Random(33);
        // Too small to pack, and thin: the vector kernel serves these at once, and no warm-up starts.
        new Case(rng, false, false, 15, 15, 15, 0).doubles(g);
        new Case(rng, false, false, 2, 300, 300, 0).doubles(g);
        new Case(rng, false, false, 300, 1, 300, 0).floats(g);
        assertFalse(g.doubles.started());
        assertFalse(g.floats.started());
        Case c = new Case(rng, false, true, 40, 50, 260, 1);
        double[] first = c.doubles(g);
        assertTrue(g.doubles.started());
        assertFalse(g.floats.started(), "a FLOAT64 product started the FLOAT32 warm-up");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!g.doubles.ready() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(g.doubles.ready(), "the FLOAT64 warm-up did not end within two minutes");
        assertFalse(g.floats.ready());
        assertArrayEquals(bits(first), bits(c.doubles(g)));
        assertArrayEquals(bits(first), bits(c.doubles(new VectorGemm())));
    }
}

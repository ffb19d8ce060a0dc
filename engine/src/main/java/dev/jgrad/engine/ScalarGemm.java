package dev.jgrad.engine;

import java.util.Arrays;

/**
 * A plain-Java matmul kernel that computes every element of the result with exactly the floating-point operations
 * of {@link VectorGemm}'s blocked path, in the same order, so that the two give the same bits. It serves the first
 * products of a program, while the Vector API kernel still runs interpreted (every vector an object on the heap) and
 * is hundreds of times slower: plain scalar code is compiled within milliseconds.
 *
 * <p>The blocked path sums element {@code (i, j)} in depth blocks of {@code KC}: within a block, one fused
 * multiply-add per step of {@code k}, in increasing order, into an accumulator that starts at {@code +0.0}; the
 * first block's sum is stored into c and each later one added to it ({@code c + block}, which IEEE addition makes the
 * same as {@code block + c}). Tile shapes, packing, threads and how the work is cut change none of this, so this
 * kernel keeps {@code KC} and is free to take a tile of its own: {@code 4 x 4} scalar accumulators, enough
 * independent fused multiply-adds to keep the FMA units busy without spilling registers. Rows and columns that pad an
 * edge tile are computed and dropped, each accumulator being independent of the others. Here c starts at
 * {@code -0.0} and every block is added to it: {@code -0.0} is the identity of IEEE addition, signed zeros included,
 * and one way of writing c instead of two keeps out of the compiled code a branch that changes its mind after the
 * first block.
 *
 * <p>Only the blocked path is matched: products too small to pack, or with at most {@link VectorGemm#THIN} rows or
 * columns, stay on {@link VectorGemm}, whose dot products end in a lane reduction that the Vector API does not
 * promise to sum in any particular order.
 */
final class ScalarGemm {
    /** Rows and columns of a tile. */
    private static final int MR = 4, NR = 4;
    /** The least work worth a thread of its own: about 1.5 ms at this kernel's speed. */
    static final long BAND_WORK = 8 * Gemm.THREAD_THRESHOLD;

    private ScalarGemm() {
    }

    /** Whether {@link VectorGemm} runs an {@code m x n x k} product on its blocked path, the one matched here. */
    static boolean blocked(int m, int n, int k) {
        return Math.min(m, n) > VectorGemm.THIN && (long) m * n * k >= VectorGemm.PACK_THRESHOLD;
    }

    /** A blocked-path product over doubles, bit for bit as {@link VectorDgemm} computes it. */
    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        share(m, (long) m * n * k, (i0, i1) -> rows(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, i0, i1));
    }

    /** Rows {@code i0} to {@code i1} of such a product. */
    private static void rows(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int i0, int i1) {
        int depth = Math.min(VectorDgemm.KC, k), rowPanels = (i1 - i0 + MR - 1) / MR;
        double[] ap = new double[rowPanels * MR * depth], bp = new double[NR * depth], tile = new double[MR * NR];
        Arrays.fill(c, cOff + i0 * n, cOff + i1 * n, -0.0);
        for (int p0 = 0; p0 < k; p0 += VectorDgemm.KC) {
            int kc = Math.min(VectorDgemm.KC, k - p0);
            // op(a)[i, p] in panels of MR rows, stored step by step: ap[(panel * kc + p) * MR + row].
            for (int i = i0; i < i1; i++) {
                int dst = (i - i0) / MR * MR * kc + (i - i0) % MR;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * MR] = transA ? a[aOff + (p0 + p) * m + i] : a[aOff + i * k + p0 + p];
                }
            }
            for (int j = 0; j < n; j += NR) {
                int cols = Math.min(NR, n - j);
                for (int p = 0; p < kc; p++) {
                    for (int col = 0; col < cols; col++) {
                        bp[p * NR + col] = transB ? b[bOff + (j + col) * k + p0 + p] : b[bOff + (p0 + p) * n + j + col];
                    }
                }
                for (int i = i0; i < i1; i += MR) {
                    kernel(ap, (i - i0) * kc, bp, kc, tile);
                    int rows = Math.min(MR, i1 - i);
                    for (int r = 0; r < rows; r++) {
                        int ci = cOff + (i + r) * n + j;
                        for (int col = 0; col < cols; col++) {
                            c[ci + col] += tile[r * NR + col];
                        }
                    }
                }
            }
        }
    }

    /** The same over floats, bit for bit as {@link VectorSgemm} computes it. */
    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        share(m, (long) m * n * k, (i0, i1) -> rows(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, i0, i1));
    }

    /** Rows {@code i0} to {@code i1} of such a product. */
    private static void rows(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int i0, int i1) {
        int depth = Math.min(VectorSgemm.KC, k), rowPanels = (i1 - i0 + MR - 1) / MR;
        float[] ap = new float[rowPanels * MR * depth], bp = new float[NR * depth], tile = new float[MR * NR];
        Arrays.fill(c, cOff + i0 * n, cOff + i1 * n, -0f);
        for (int p0 = 0; p0 < k; p0 += VectorSgemm.KC) {
            int kc = Math.min(VectorSgemm.KC, k - p0);
            for (int i = i0; i < i1; i++) {
                int dst = (i - i0) / MR * MR * kc + (i - i0) % MR;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * MR] = transA ? a[aOff + (p0 + p) * m + i] : a[aOff + i * k + p0 + p];
                }
            }
            for (int j = 0; j < n; j += NR) {
                int cols = Math.min(NR, n - j);
                for (int p = 0; p < kc; p++) {
                    for (int col = 0; col < cols; col++) {
                        bp[p * NR + col] = transB ? b[bOff + (j + col) * k + p0 + p] : b[bOff + (p0 + p) * n + j + col];
                    }
                }
                for (int i = i0; i < i1; i += MR) {
                    kernel(ap, (i - i0) * kc, bp, kc, tile);
                    int rows = Math.min(MR, i1 - i);
                    for (int r = 0; r < rows; r++) {
                        int ci = cOff + (i + r) * n + j;
                        for (int col = 0; col < cols; col++) {
                            c[ci + col] += tile[r * NR + col];
                        }
                    }
                }
            }
        }
    }

    /** Computes rows {@code i0} to {@code i1} of a product. */
    @FunctionalInterface
    private interface Rows {
        void run(int i0, int i1);
    }

    /**
     * Runs rows 0 to {@code m} of a product of {@code work} multiply-adds, cut into bands of whole tiles, one per core
     * and each at least {@link #BAND_WORK} multiply-adds, on the engine's helper threads ({@link Workers}). How the
     * rows are cut changes no element's sum.
     */
    private static void share(int m, long work, Rows rows) {
        int panels = (m + MR - 1) / MR;
        int bands = (int) Math.max(1, Math.min(Workers.THREADS, work / BAND_WORK));
        Workers.forRange(panels, (panels + bands - 1) / bands, work,
                (p0, p1) -> rows.run(p0 * MR, Math.min(m, p1 * MR)));
    }

    /**
     * One tile, {@code kc} steps deep, into {@code out}: a method of its own, with no branch but its loop, so that it
     * is compiled after a few calls and its accumulators stay in registers.
     */
    private static void kernel(double[] ap, int ai, double[] bp, int kc, double[] out) {
        double c00 = 0.0, c01 = 0.0, c02 = 0.0, c03 = 0.0, c10 = 0.0, c11 = 0.0, c12 = 0.0, c13 = 0.0;
        double c20 = 0.0, c21 = 0.0, c22 = 0.0, c23 = 0.0, c30 = 0.0, c31 = 0.0, c32 = 0.0, c33 = 0.0;
        for (int p = 0, bi = 0; p < kc; p++, ai += MR, bi += NR) {
            double b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            double a0 = ap[ai];
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            double a1 = ap[ai + 1];
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            double a2 = ap[ai + 2];
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            double a3 = ap[ai + 3];
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        out[0] = c00;
        out[1] = c01;
        out[2] = c02;
        out[3] = c03;
        out[4] = c10;
        out[5] = c11;
        out[6] = c12;
        out[7] = c13;
        out[8] = c20;
        out[9] = c21;
        out[10] = c22;
        out[11] = c23;
        out[12] = c30;
        out[13] = c31;
        out[14] = c32;
        out[15] = c33;
    }

    /** The same over floats. */
    private static void kernel(float[] ap, int ai, float[] bp, int kc, float[] out) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int p = 0, bi = 0; p < kc; p++, ai += MR, bi += NR) {
            float b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            float a0 = ap[ai];
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            float a1 = ap[ai + 1];
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            float a2 = ap[ai + 2];
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            float a3 = ap[ai + 3];
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        out[0] = c00;
        out[1] = c01;
        out[2] = c02;
        out[3] = c03;
        out[4] = c10;
        out[5] = c11;
        out[6] = c12;
        out[7] = c13;
        out[8] = c20;
        out[9] = c21;
        out[10] = c22;
        out[11] = c23;
        out[12] = c30;
        out[13] = c31;
        out[14] = c32;
        out[15] = c33;
    }
}

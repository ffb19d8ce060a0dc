package dev.jgrad.engine;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double-precision half of {@link VectorGemm}: its packing, micro-kernels and small-product paths over
 * {@code double[]}. The threads and the cutting into tickets are {@link VectorGemm}'s.
 */
final class VectorDgemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * Whether the wide micro-kernel fits the vector registers: 512-bit vectors mean AVX-512, which has 32 registers;
     * narrower ones are taken to mean AVX2's 16, where the wide kernel's 28 live vectors would spill.
     */
    private static final boolean WIDE = S.vectorBitSize() >= 512;
    /** Rows of a tile. */
    static final int MR = WIDE ? 8 : 6;
    /** Columns of a tile. */
    static final int NR = (WIDE ? 3 : 2) * L;
    /**
     * Depth of a packed block: a tile's A panel (16 KiB with AVX-512) stays in the level-1 cache and its B panel
     * (48 KiB) close by, while the result tile is read and written once per block. 512 measured no faster.
     */
    static final int KC = 256;
    /** Most rows of A packed at once: MC x KC doubles stay in the level-2 cache while the B panels pass over them. */
    static final int MC = 128;
    /**
     * Most doubles of packed B at once (4 MiB): B is packed in blocks of whole columns, all of k deep, shared by
     * every thread that works on the product, and this bounds the block and the buffer that holds it.
     */
    static final int B_BUDGET = 1 << 19;

    /** Packing buffers, per thread so that concurrent products never share them and repeated ones never allocate. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private VectorDgemm() {
    }

    /** {@link Gemm#multiply(boolean, boolean, int, int, int, double[], int, double[], int, double[], int)}. */
    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            Arrays.fill(c, cOff, cOff + m * n, 0.0);
            return;
        }
        long work = (long) m * n * k;
        if (work < VectorGemm.PACK_THRESHOLD) {
            naive(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        } else if (Math.min(m, n) <= VectorGemm.THIN) {
            // A tile of MR x NR would be mostly padding, and packing the other operand would cost more than the
            // whole product: such a product is bound by memory, and one pass of dot products or axpys is best.
            if (m <= n) {
                fewRows(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
            } else {
                fewColumns(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
            }
        } else {
            VectorGemm.schedule(work, threads -> new Product(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff,
                    threads));
        }
    }

    /** Tiny products: the triple loop, with the transposes folded into strides. */
    private static void naive(boolean transA, boolean transB, int m, int n, int k,
                              double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        int aRow = transA ? 1 : k, aCol = transA ? m : 1;
        int bRow = transB ? 1 : n, bCol = transB ? k : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                int ai = aOff + i * aRow, bi = bOff + j * bCol;
                for (int p = 0; p < k; p++) {
                    s += a[ai] * b[bi];
                    ai += aCol;
                    bi += bRow;
                }
                c[cOff + i * n + j] = s;
            }
        }
    }

    /**
     * {@code c = op(a) · op(b)} for a few rows: each row of {@code op(a)}, made contiguous, either sweeps the rows
     * of b in axpys ({@code b} as stored) or takes dot products with them ({@code b} transposed).
     */
    private static void fewRows(boolean transA, boolean transB, int m, int n, int k,
                                double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        double[] row = new double[k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                row[p] = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
            }
            int ci = cOff + i * n;
            if (transB) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = dot(row, 0, b, bOff + j * k, k);
                }
            } else {
                Arrays.fill(c, ci, ci + n, 0.0);
                for (int p = 0; p < k; p++) {
                    axpy(row[p], b, bOff + p * n, c, ci, n);
                }
            }
        }
    }

    /**
     * {@code c = op(a) · op(b)} for a few columns, the mirror image of {@link #fewRows}: each column of
     * {@code op(b)}, made contiguous, takes dot products with the rows of a ({@code a} as stored) or sweeps them in
     * axpys ({@code a} transposed).
     */
    private static void fewColumns(boolean transA, boolean transB, int m, int n, int k,
                                   double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        double[] col = new double[k], out = new double[m];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                col[p] = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
            }
            if (transA) {
                Arrays.fill(out, 0.0);
                for (int p = 0; p < k; p++) {
                    axpy(col[p], a, aOff + p * m, out, 0, m);
                }
            } else {
                for (int i = 0; i < m; i++) {
                    out[i] = dot(a, aOff + i * k, col, 0, k);
                }
            }
            for (int i = 0; i < m; i++) {
                c[cOff + i * n + j] = out[i];
            }
        }
    }

    /** {@code x[xi ..] · y[yi ..]} over {@code len} elements, in two vector accumulators to hide the FMA latency. */
    private static double dot(double[] x, int xi, double[] y, int yi, int len) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
        int p = 0;
        for (; p <= len - 2 * L; p += 2 * L) {
            s0 = DoubleVector.fromArray(S, x, xi + p).fma(DoubleVector.fromArray(S, y, yi + p), s0);
            s1 = DoubleVector.fromArray(S, x, xi + p + L).fma(DoubleVector.fromArray(S, y, yi + p + L), s1);
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; p < len; p++) {
            s += x[xi + p] * y[yi + p];
        }
        return s;
    }

    /** {@code y[yi ..] += alpha * x[xi ..]} over {@code len} elements. */
    private static void axpy(double alpha, double[] x, int xi, double[] y, int yi, int len) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int p = 0;
        for (; p <= len - L; p += L) {
            va.fma(DoubleVector.fromArray(S, x, xi + p), DoubleVector.fromArray(S, y, yi + p)).intoArray(y, yi + p);
        }
        for (; p < len; p++) {
            y[yi + p] += alpha * x[xi + p];
        }
    }

    /** A blocked product over doubles: packs and computes the tickets {@link VectorGemm.Blocked} hands out. */
    static final class Product extends VectorGemm.Blocked {
        final boolean transA, transB;
        final int aOff, bOff, cOff;
        final double[] a, b, c;
        /** The caller's packing buffer for B, written by every thread while packing and read by all afterwards. */
        private final double[] bp;

        Product(boolean transA, boolean transB, int m, int n, int k,
                double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int threads) {
            super(m, n, k, threads, MR, NR, MC, B_BUDGET);
            this.transA = transA;
            this.transB = transB;
            this.a = a;
            this.aOff = aOff;
            this.b = b;
            this.bOff = bOff;
            this.c = c;
            this.cOff = cOff;
            bp = BUFFERS.get().b(k * blockPanels * NR);
        }

        /**
         * Packs panel {@code jr} of column block {@code q}: NR columns of {@code op(b)}, all of k deep, in depth
         * blocks of KC stored row by row, so the micro-kernel loads one step of k as whole vectors. Columns past n
         * are zeros.
         */
        @Override
        void packB(int q, int jr) {
            int j0 = (q * blockPanels + jr) * NR, cols = Math.min(NR, n - j0), width = panelsIn(q) * NR;
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0), base = p0 * width + jr * NR * kc;
                if (cols < NR) {
                    Arrays.fill(bp, base, base + NR * kc, 0.0);
                }
                if (transB) {
                    // op(b)[p, j] = b[j * k + p]: each column of the panel is a contiguous run of b.
                    for (int col = 0; col < cols; col++) {
                        int src = bOff + (j0 + col) * k + p0, dst = base + col;
                        for (int p = 0; p < kc; p++) {
                            bp[dst + p * NR] = b[src + p];
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, bOff + (p0 + p) * n + j0, bp, base + p * NR, cols);
                    }
                }
            }
        }

        /** Computes chunk {@code g} of column block {@code q}: its rows of {@code op(a)} times its panels of B. */
        @Override
        void compute(int q, int g) {
            Buffers own = BUFFERS.get();
            int width = panelsIn(q) * NR, jr0 = firstPanel(q, g), jr1 = endPanel(q, g);
            int i0 = firstRow(q, g), i1 = Math.min(m, i0 + rowsPerChunk), rowPanels = ceilDiv(i1 - i0, MR);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                double[] ap = own.a(rowPanels * MR * kc);
                packA(ap, i0, i1 - i0, p0, kc);
                for (int jr = jr0; jr < jr1; jr++) {
                    int j = (q * blockPanels + jr) * NR, cols = Math.min(NR, n - j), bi = p0 * width + jr * NR * kc;
                    for (int ir = 0; ir < rowPanels; ir++) {
                        int i = i0 + ir * MR, rows = Math.min(MR, i1 - i);
                        if (WIDE) {
                            kernel8x3(ap, ir * MR * kc, bp, bi, kc, own.tile);
                        } else {
                            kernel6x2(ap, ir * MR * kc, bp, bi, kc, own.tile);
                        }
                        flush(own.tile, c, cOff + i * n + j, n, p0 > 0, rows, cols);
                    }
                }
            }
        }

        /**
         * Copies {@code op(a)[i0 .. i0+mc, p0 .. p0+kc]} into panels of MR rows, each stored column by column, so
         * the micro-kernel reads its MR values for one step of k from consecutive addresses. The last panel is
         * padded with zeros.
         */
        private void packA(double[] ap, int i0, int mc, int p0, int kc) {
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir), base = ir * kc;
                if (rows < MR) {
                    Arrays.fill(ap, base, base + MR * kc, 0.0);
                }
                if (transA) {
                    // op(a)[i, p] = a[p * m + i]: the MR values of one step are already adjacent.
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(a, aOff + (p0 + p) * m + i0 + ir, ap, base + p * MR, rows);
                    }
                } else {
                    for (int r = 0; r < rows; r++) {
                        int src = aOff + (i0 + ir + r) * k + p0, dst = base + r;
                        for (int p = 0; p < kc; p++) {
                            ap[dst + p * MR] = a[src + p];
                        }
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel for 32 vector registers: 8 rows by 3 vectors, 24 accumulators. It has no branches besides
     * its loop and writes to a scratch tile rather than into c, because C2 keeps the accumulators in registers
     * reliably only in such a plain method: an edge-tile path merged into it once made it three times slower after
     * a recompilation.
     */
    private static void kernel8x3(double[] ap, int ai, double[] bp, int bi, int kc, double[] out) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S), c42 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S), c52 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S), c62 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S), c72 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            DoubleVector a4 = DoubleVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            DoubleVector a5 = DoubleVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
            DoubleVector a6 = DoubleVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            c62 = a6.fma(b2, c62);
            DoubleVector a7 = DoubleVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
            c72 = a7.fma(b2, c72);
            ai += 8;
            bi += 3 * L;
        }
        c00.intoArray(out, 0);
        c01.intoArray(out, L);
        c02.intoArray(out, 2 * L);
        c10.intoArray(out, 3 * L);
        c11.intoArray(out, 4 * L);
        c12.intoArray(out, 5 * L);
        c20.intoArray(out, 6 * L);
        c21.intoArray(out, 7 * L);
        c22.intoArray(out, 8 * L);
        c30.intoArray(out, 9 * L);
        c31.intoArray(out, 10 * L);
        c32.intoArray(out, 11 * L);
        c40.intoArray(out, 12 * L);
        c41.intoArray(out, 13 * L);
        c42.intoArray(out, 14 * L);
        c50.intoArray(out, 15 * L);
        c51.intoArray(out, 16 * L);
        c52.intoArray(out, 17 * L);
        c60.intoArray(out, 18 * L);
        c61.intoArray(out, 19 * L);
        c62.intoArray(out, 20 * L);
        c70.intoArray(out, 21 * L);
        c71.intoArray(out, 22 * L);
        c72.intoArray(out, 23 * L);
    }

    /** The micro-kernel for 16 vector registers (AVX2): 6 rows by 2 vectors, 12 accumulators; as above. */
    private static void kernel6x2(double[] ap, int ai, double[] bp, int bi, int kc, double[] out) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            ai += 6;
            bi += 2 * L;
        }
        c00.intoArray(out, 0);
        c01.intoArray(out, L);
        c10.intoArray(out, 2 * L);
        c11.intoArray(out, 3 * L);
        c20.intoArray(out, 4 * L);
        c21.intoArray(out, 5 * L);
        c30.intoArray(out, 6 * L);
        c31.intoArray(out, 7 * L);
        c40.intoArray(out, 8 * L);
        c41.intoArray(out, 9 * L);
        c50.intoArray(out, 10 * L);
        c51.intoArray(out, 11 * L);
    }

    /**
     * Adds the scratch tile into c ({@code add}) or overwrites c with it, keeping to the rows and columns of c. An edge
     * tile is copied as it is, as a full one is, rather than added to zero, which would turn a sum of {@code -0.0}
     * into {@code +0.0}: so every element of c is the same whatever the tile shape, and {@link ScalarGemm} can match
     * it.
     */
    private static void flush(double[] tile, double[] c, int ci, int ldc, boolean add, int rows, int cols) {
        if (cols == NR) {
            for (int r = 0; r < rows; r++, ci += ldc) {
                for (int v = 0; v < NR; v += L) {
                    DoubleVector t = DoubleVector.fromArray(S, tile, r * NR + v);
                    (add ? t.add(DoubleVector.fromArray(S, c, ci + v)) : t).intoArray(c, ci + v);
                }
            }
        } else {
            for (int r = 0; r < rows; r++, ci += ldc) {
                for (int col = 0; col < cols; col++) {
                    c[ci + col] = add ? c[ci + col] + tile[r * NR + col] : tile[r * NR + col];
                }
            }
        }
    }

    /** Per-thread packing space, grown on demand and then reused. */
    private static final class Buffers {
        private double[] a = new double[0];
        private double[] b = new double[0];
        final double[] tile = new double[MR * NR];

        double[] a(int size) {
            if (a.length < size) {
                a = new double[size];
            }
            return a;
        }

        double[] b(int size) {
            if (b.length < size) {
                b = new double[size];
            }
            return b;
        }
    }
}

package dev.jgrad.engine;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast matmul kernel, on the JDK Vector API: the GotoBLAS/BLIS layout written in Java. Operands are copied in
 * cache-sized blocks into packed panels (which is also where transposes are absorbed, so all four flag
 * combinations run the same inner loop), and a register-blocked micro-kernel computes an {@code MR x NR} tile of
 * the result with fused multiply-adds, {@code k} innermost, its accumulators never leaving registers. Large
 * products are split into bands of rows or columns over a small pool of daemon threads.
 *
 * <p>Loaded only reflectively, by {@link Kernels}, after checking that {@code jdk.incubator.vector} is in the boot
 * layer: this class links against that module, so naming it directly would break the library on a JVM started
 * without the module.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of a tile: with NR below, 12 accumulators plus 3 operand vectors fit the 16 registers of AVX2. */
    static final int MR = 4;
    /** Columns of a tile: three vectors. */
    static final int NR = 3 * L;
    /** Depth of a packed block: an NR-wide panel of B of this depth stays in the level-1 cache. */
    static final int KC = 256;
    /** Rows of A packed at once: MC x KC doubles stay in the level-2 cache while every B panel passes over them. */
    static final int MC = 128;
    /** Columns of B packed at once, which bounds each thread's packing buffer (KC x NC doubles). */
    static final int NC = 2048;
    /** Below this many multiply-adds, packing costs more than it saves: a plain loop is faster. */
    static final long PACK_THRESHOLD = 16L * 16 * 16;
    /** Below this many multiply-adds, handing work to another thread costs more than it saves. */
    static final long THREAD_THRESHOLD = 96L * 96 * 96;

    private static final int THREADS = Runtime.getRuntime().availableProcessors();

    /** Packing buffers, per thread so that concurrent products never share them and repeated ones never allocate. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Created on first use, so single-threaded programs never start a thread. */
    private static final class Pool {
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(THREADS - 1, r -> {
            Thread t = new Thread(r, "jgrad-matmul");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            Arrays.fill(c, cOff, cOff + m * n, 0.0);
            return;
        }
        long work = (long) m * n * k;
        if (work < PACK_THRESHOLD) {
            naive(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
            return;
        }
        Product p = new Product(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        int rowPanels = (m + MR - 1) / MR, colPanels = (n + NR - 1) / NR;
        int parts = work < THREAD_THRESHOLD ? 1 : Math.min(THREADS, Math.max(rowPanels, colPanels));
        if (parts == 1) {
            p.run(0, m, 0, n);
            return;
        }
        // Bands of whole tiles, along whichever side has more of them, so each thread owns a disjoint part of c.
        boolean byRows = rowPanels >= colPanels;
        int panels = byRows ? rowPanels : colPanels, unit = byRows ? MR : NR, extent = byRows ? m : n;
        Future<?>[] others = new Future<?>[parts - 1];
        int from = 0;
        for (int t = 0; t < parts; t++) {
            int to = Math.min(extent, (int) ((long) panels * (t + 1) / parts) * unit);
            int f = from;
            Runnable band = byRows ? () -> p.run(f, to, 0, n) : () -> p.run(0, m, f, to);
            if (t < parts - 1) {
                others[t] = Pool.EXECUTOR.submit(band);
            } else {
                band.run();
            }
            from = to;
        }
        for (Future<?> f : others) {
            await(f);
        }
    }

    private static void await(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    // The band writes into the caller's array: returning before it is done would hand out garbage.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException) {
                        throw (RuntimeException) cause;
                    }
                    throw (Error) cause;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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

    /** One product's operands, so a band of it can run on any thread. */
    private static final class Product {
        final boolean transA, transB;
        final int m, n, k, aOff, bOff, cOff;
        final double[] a, b, c;

        Product(boolean transA, boolean transB, int m, int n, int k,
                double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.b = b;
            this.bOff = bOff;
            this.c = c;
            this.cOff = cOff;
        }

        /** Computes rows {@code [i0, i1)} x columns {@code [j0, j1)} of c. */
        void run(int i0, int i1, int j0, int j1) {
            Buffers buf = BUFFERS.get();
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                int colPanels = (nc + NR - 1) / NR;
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    double[] bp = buf.b(colPanels * NR * kc);
                    packB(bp, pc, kc, jc, nc);
                    for (int ic = i0; ic < i1; ic += MC) {
                        int mc = Math.min(MC, i1 - ic);
                        int rowPanels = (mc + MR - 1) / MR;
                        double[] ap = buf.a(rowPanels * MR * kc);
                        packA(ap, ic, mc, pc, kc);
                        for (int jr = 0; jr < colPanels; jr++) {
                            int j = jc + jr * NR, cols = Math.min(NR, jc + nc - j);
                            for (int ir = 0; ir < rowPanels; ir++) {
                                int i = ic + ir * MR, rows = Math.min(MR, ic + mc - i);
                                tile(ap, ir * MR * kc, bp, jr * NR * kc, kc, c, cOff + i * n + j, n, pc > 0,
                                        rows, cols, buf.tile);
                            }
                        }
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

        /**
         * Copies {@code op(b)[p0 .. p0+kc, j0 .. j0+nc]} into panels of NR columns, each stored row by row, so the
         * micro-kernel loads one step of k as whole vectors. The last panel is padded with zeros.
         */
        private void packB(double[] bp, int p0, int kc, int j0, int nc) {
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr), base = jr * kc;
                if (cols < NR) {
                    Arrays.fill(bp, base, base + NR * kc, 0.0);
                }
                if (transB) {
                    // op(b)[p, j] = b[j * k + p]: each column of the panel is a contiguous run of b.
                    for (int col = 0; col < cols; col++) {
                        int src = bOff + (j0 + jr + col) * k + p0, dst = base + col;
                        for (int p = 0; p < kc; p++) {
                            bp[dst + p * NR] = b[src + p];
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, bOff + (p0 + p) * n + j0 + jr, bp, base + p * NR, cols);
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel: an MR x NR tile of c from an A panel and a B panel of depth kc, either overwriting c (first
     * block of k) or adding to it. A partial tile at the right or bottom edge goes through {@code spill}.
     */
    private static void tile(double[] ap, int ai, double[] bp, int bi, int kc, double[] c, int ci, int ldc,
                             boolean add, int rows, int cols, double[] spill) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector av = DoubleVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            av = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            av = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c22 = av.fma(b2, c22);
            av = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            c32 = av.fma(b2, c32);
            ai += MR;
            bi += NR;
        }
        boolean full = rows == MR && cols == NR;
        double[] out = full ? c : spill;
        int o = full ? ci : 0, ld = full ? ldc : NR;
        boolean acc = full && add;
        store(c00, out, o, acc);
        store(c01, out, o + L, acc);
        store(c02, out, o + 2 * L, acc);
        o += ld;
        store(c10, out, o, acc);
        store(c11, out, o + L, acc);
        store(c12, out, o + 2 * L, acc);
        o += ld;
        store(c20, out, o, acc);
        store(c21, out, o + L, acc);
        store(c22, out, o + 2 * L, acc);
        o += ld;
        store(c30, out, o, acc);
        store(c31, out, o + L, acc);
        store(c32, out, o + 2 * L, acc);
        if (!full) {
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < cols; col++) {
                    int at = ci + r * ldc + col;
                    c[at] = (add ? c[at] : 0.0) + spill[r * NR + col];
                }
            }
        }
    }

    private static void store(DoubleVector v, double[] out, int at, boolean add) {
        (add ? v.add(DoubleVector.fromArray(S, out, at)) : v).intoArray(out, at);
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

    @Override
    public String describe() {
        return "Vector API (" + L + " doubles per vector, " + THREADS + (THREADS == 1 ? " thread" : " threads")
                + " from " + THREAD_THRESHOLD + " multiply-adds)";
    }
}

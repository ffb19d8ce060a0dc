package dev.jgrad.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast matmul kernel, on the JDK Vector API: the GotoBLAS/BLIS layout written in Java. Operands are copied in
 * cache-sized blocks into packed panels (which is also where transposes are absorbed, so all four flag
 * combinations run the same inner loop), and a register-blocked micro-kernel computes an {@code MR x NR} tile of
 * the result with fused multiply-adds, {@code k} innermost, its accumulators never leaving registers. Large
 * products are shared with a small pool of daemon threads: all of them pack B together, then claim chunks of the
 * result. Products with one or two rows or columns skip all that and run as dot products or axpys. Every element
 * of the result is summed in the same order whichever thread computes it and however the work was cut, so a product
 * is reproducible bit for bit.
 *
 * <p>Loaded only reflectively, by {@link Kernels}, after checking that {@code jdk.incubator.vector} is in the boot
 * layer: this class links against that module, so naming it directly would break the library on a JVM started
 * without the module.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
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
    /** Pieces of work per thread, so that a thread that starts late or is preempted holds up only a small one. */
    static final int CHUNKS_PER_THREAD = 4;
    /** Below this many multiply-adds, packing costs more than the product itself: a plain loop is faster. */
    static final long PACK_THRESHOLD = 16L * 16 * 16;
    /** A product with at most this many rows or columns is a matrix-vector product in all but name. */
    static final int THIN = 2;

    private static final int THREADS = Runtime.getRuntime().availableProcessors();

    /** Packing buffers, per thread so that concurrent products never share them and repeated ones never allocate. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Started on first use, so single-threaded programs never start a thread. */
    private static final class Pool {
        static final Worker[] WORKERS = new Worker[THREADS - 1];
        /** Held by the one product using the workers; a product that finds them taken runs on its own thread. */
        static final AtomicBoolean BUSY = new AtomicBoolean();
        /** Threaded products in a row in which the caller spent over a quarter of its time waiting for helpers. */
        private static int stalls;
        /** Until this {@link System#nanoTime()}, products run on their caller's thread alone. */
        static volatile long pausedUntil = System.nanoTime();

        /**
         * Pauses the helpers for a while after a few products in which the caller mostly waited for them: on a
         * machine whose other cores are taken (by other processes, or by a CPU quota), a helper is preempted in
         * the middle of its chunk and the product ends up slower than on one thread. Called by the holder of BUSY.
         */
        static void judge(long waited, long took) {
            stalls = waited * 4 > took ? stalls + 1 : 0;
            if (stalls == 3) {
                stalls = 0;
                pausedUntil = System.nanoTime() + 100_000_000;
            }
        }

        static {
            for (int i = 0; i < WORKERS.length; i++) {
                WORKERS[i] = new Worker();
                WORKERS[i].start();
            }
        }
    }

    /**
     * A helper thread that, after a job, keeps polling for the next one for a while before it parks. Waking a
     * parked thread takes tens to hundreds of microseconds, as long as a whole product of a training step; the
     * products of a step follow one another closely, so a worker that is still polling picks up the next at once.
     */
    private static final class Worker extends Thread {
        /**
         * How long an idle worker keeps polling before it parks: long enough to bridge the elementwise ops between
         * the products of a training step, short enough not to burn much of a CPU quota while nothing comes.
         */
        private static final long SPIN_NANOS = 200_000;
        private final AtomicReference<Runnable> job = new AtomicReference<>();
        private volatile boolean parked;

        Worker() {
            super("jgrad-matmul");
            setDaemon(true);
        }

        void offer(Runnable r) {
            job.set(r);
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        /** Takes back a job the worker never started, so that it does not keep the product's arrays reachable. */
        void withdraw(Runnable r) {
            job.compareAndSet(r, null);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Runnable r = job.getAndSet(null);
                if (r != null) {
                    r.run();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    // Not Thread.yield(): on a virtual machine a yield can cost the core for a millisecond.
                    Thread.onSpinWait();
                } else {
                    // Announce, then look once more: offer() sets the job before it reads the flag, so one of the
                    // two always sees the other and no wake-up is lost.
                    parked = true;
                    if (job.get() == null) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
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
        if (Math.min(m, n) <= THIN) {
            // A tile of MR x NR would be mostly padding, and packing the other operand would cost more than the
            // whole product: such a product is bound by memory, and one pass of dot products or axpys is best.
            if (m <= n) {
                fewRows(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
            } else {
                fewColumns(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
            }
            return;
        }
        boolean threads = THREADS > 1 && work >= THREAD_THRESHOLD && System.nanoTime() - Pool.pausedUntil > 0
                && Pool.BUSY.compareAndSet(false, true);
        if (!threads) {
            new Product(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, 1).run();
            return;
        }
        try {
            Product p = new Product(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, THREADS);
            for (Worker w : Pool.WORKERS) {
                w.offer(p);
            }
            long start = System.nanoTime();
            long waited = p.work() + p.awaitAll();
            for (Worker w : Pool.WORKERS) {
                w.withdraw(p);
            }
            Pool.judge(waited, System.nanoTime() - start);
        } finally {
            Pool.BUSY.set(false);
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

    /**
     * One product, cut into tickets that any thread may claim, in phases: for each block of columns, first the
     * panels of B to pack (into one buffer that all threads read), then the chunks of c to compute. A ticket starts
     * only once every ticket of the phases before it has finished. Tickets are claimed in order and each waits only
     * on earlier ones, so nobody ever waits on a ticket that no thread is working on; and the caller claims tickets
     * like any helper, so a helper that is slow to wake or preempted costs only the tickets it has not taken.
     */
    private static final class Product implements Runnable {
        final boolean transA, transB;
        final int m, n, k, aOff, bOff, cOff;
        final double[] a, b, c;
        /** The caller's packing buffer for B, written by every thread while packing and read by all afterwards. */
        private final double[] bp;
        private final int colPanels, blockPanels, chunksWanted, rowsPerChunk, rowChunks;
        /** Tickets up to the end of each phase: phase 2q packs column block q of B, phase 2q+1 computes with it. */
        private final int[] phaseEnds;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Product(boolean transA, boolean transB, int m, int n, int k,
                double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int threads) {
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
            colPanels = (n + NR - 1) / NR;
            blockPanels = (int) Math.max(1, Math.min(colPanels, B_BUDGET / ((long) k * NR)));
            chunksWanted = threads * (threads == 1 ? 1 : CHUNKS_PER_THREAD);
            rowsPerChunk = Math.min(MC, (ceilDiv(m, chunksWanted) + MR - 1) / MR * MR);
            rowChunks = ceilDiv(m, rowsPerChunk);
            int blocks = ceilDiv(colPanels, blockPanels);
            phaseEnds = new int[2 * blocks];
            int end = 0;
            for (int q = 0; q < blocks; q++) {
                end += panelsIn(q);
                phaseEnds[2 * q] = end;
                end += rowChunks * colChunks(q);
                phaseEnds[2 * q + 1] = end;
            }
            bp = BUFFERS.get().b(k * blockPanels * NR);
        }

        private static int ceilDiv(int x, int y) {
            return (x + y - 1) / y;
        }

        private int panelsIn(int block) {
            return Math.min(blockPanels, colPanels - block * blockPanels);
        }

        /** Column pieces per row chunk: one, unless there are too few rows to give every thread enough chunks. */
        private int colChunks(int block) {
            return rowChunks >= chunksWanted ? 1 : Math.min(panelsIn(block), ceilDiv(chunksWanted, rowChunks));
        }

        @Override
        public void run() {
            work();
        }

        /** Claims and works tickets until none is left; returns how long it waited on other threads' tickets. */
        long work() {
            long waited = 0;
            Buffers own = BUFFERS.get();
            int total = phaseEnds[phaseEnds.length - 1];
            for (int t; (t = next.getAndIncrement()) < total; ) {
                int phase = 0;
                while (t >= phaseEnds[phase]) {
                    phase++;
                }
                int start = phase == 0 ? 0 : phaseEnds[phase - 1];
                waited += awaitFinished(start);
                try {
                    if (phase % 2 == 0) {
                        packB(phase / 2, t - start);
                    } else {
                        compute(phase / 2, t - start, own);
                    }
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    finished.incrementAndGet();
                }
            }
            return waited;
        }

        /** Returns how long it waited for every ticket to be done, rethrowing what any of them threw. */
        long awaitAll() {
            long waited = awaitFinished(phaseEnds[phaseEnds.length - 1]);
            Throwable e = failure;
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            } else if (e != null) {
                throw (Error) e;
            }
            return waited;
        }

        /**
         * Waits for the first {@code count} tickets to finish and returns how long that took. Those still running
         * are short, so this spins; past 200 microseconds the thread running them has likely been preempted, and
         * yielding may give it the core back.
         */
        private long awaitFinished(int count) {
            if (finished.get() >= count) {
                return 0;
            }
            long start = System.nanoTime();
            while (finished.get() < count) {
                if (System.nanoTime() - start > 200_000) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            return System.nanoTime() - start;
        }

        /**
         * Packs panel {@code jr} of column block {@code q}: NR columns of {@code op(b)}, all of k deep, in depth
         * blocks of KC stored row by row, so the micro-kernel loads one step of k as whole vectors. Columns past n
         * are zeros.
         */
        private void packB(int q, int jr) {
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
        private void compute(int q, int g, Buffers own) {
            int colChunks = colChunks(q), panels = panelsIn(q), width = panels * NR;
            int i0 = g / colChunks * rowsPerChunk, i1 = Math.min(m, i0 + rowsPerChunk), rowPanels = ceilDiv(i1 - i0, MR);
            int jr0 = panels * (g % colChunks) / colChunks, jr1 = panels * (g % colChunks + 1) / colChunks;
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

    /** Adds the scratch tile into c ({@code add}) or overwrites c with it, keeping to the rows and columns of c. */
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
                    c[ci + col] = (add ? c[ci + col] : 0.0) + tile[r * NR + col];
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

    /** Single precision runs on EJML's float layer until this kernel has a float micro-kernel of its own. */
    private final EjmlGemm floats = new EjmlGemm();

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        floats.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    @Override
    public String describe() {
        return "Vector API (" + L + " doubles per vector, " + THREADS + (THREADS == 1 ? " thread" : " threads")
                + " from " + THREAD_THRESHOLD + " multiply-adds)";
    }
}

package dev.jgrad.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

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
 * <p>This class holds what both precisions share: the helper threads and the cutting of a product into tickets.
 * The packing, the micro-kernels and the small-product paths are written once per element type, in
 * {@link VectorDgemm} and {@link VectorSgemm}, because a Java array of primitives cannot be generic and the
 * micro-kernels differ in shape anyway. Single precision accumulates in float, as BLAS's sgemm does.
 *
 * <p>Loaded only reflectively, by {@link Kernels}, after checking that {@code jdk.incubator.vector} is in the boot
 * layer: this class links against that module, so naming it directly would break the library on a JVM started
 * without the module.
 */
final class VectorGemm implements Gemm {
    /** Pieces of work per thread, so that a thread that starts late or is preempted holds up only a small one. */
    static final int CHUNKS_PER_THREAD = 4;
    /** Below this many multiply-adds, packing costs more than the product itself: a plain loop is faster. */
    static final long PACK_THRESHOLD = 16L * 16 * 16;
    /** A product with at most this many rows or columns is a matrix-vector product in all but name. */
    static final int THIN = 2;

    /** The caller and its helpers: one thread per core the JVM may use. */
    static final int THREADS = Runtime.getRuntime().availableProcessors();

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
        VectorDgemm.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        VectorSgemm.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    /**
     * Runs a blocked product of {@code work} multiply-adds, made by {@code product} for the number of threads it
     * will be shared by: with the helper threads if it is large enough and they are free, else on this thread.
     */
    static void schedule(long work, IntFunction<Blocked> product) {
        boolean threads = THREADS > 1 && work >= THREAD_THRESHOLD && System.nanoTime() - Pool.pausedUntil > 0
                && Pool.BUSY.compareAndSet(false, true);
        if (!threads) {
            product.apply(1).work();
            return;
        }
        try {
            Blocked p = product.apply(THREADS);
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

    /**
     * One product, cut into tickets that any thread may claim, in phases: for each block of columns, first the
     * panels of B to pack (into one buffer that all threads read), then the chunks of c to compute. A ticket starts
     * only once every ticket of the phases before it has finished. Tickets are claimed in order and each waits only
     * on earlier ones, so nobody ever waits on a ticket that no thread is working on; and the caller claims tickets
     * like any helper, so a helper that is slow to wake or preempted costs only the tickets it has not taken.
     *
     * <p>The cut depends only on the shape, the tile and the thread count, never on the element type: subclasses
     * pack and compute the tickets it hands them.
     */
    abstract static class Blocked implements Runnable {
        final int m, n, k;
        final int colPanels, blockPanels, chunksWanted, rowsPerChunk, rowChunks;
        /** Tickets up to the end of each phase: phase 2q packs column block q of B, phase 2q+1 computes with it. */
        private final int[] phaseEnds;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        /**
         * Cuts an {@code m x n x k} product for tiles of {@code mr x nr}, row chunks of at most {@code mc} rows and
         * packed B blocks of at most {@code bBudget} elements.
         */
        Blocked(int m, int n, int k, int threads, int mr, int nr, int mc, int bBudget) {
            this.m = m;
            this.n = n;
            this.k = k;
            colPanels = (n + nr - 1) / nr;
            blockPanels = (int) Math.max(1, Math.min(colPanels, bBudget / ((long) k * nr)));
            chunksWanted = threads * (threads == 1 ? 1 : CHUNKS_PER_THREAD);
            rowsPerChunk = Math.min(mc, (ceilDiv(m, chunksWanted) + mr - 1) / mr * mr);
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
        }

        /** Packs panel {@code jr} of column block {@code q} of B. */
        abstract void packB(int q, int jr);

        /** Computes chunk {@code g} of column block {@code q}, reading the packed block. */
        abstract void compute(int q, int g);

        static int ceilDiv(int x, int y) {
            return (x + y - 1) / y;
        }

        int panelsIn(int block) {
            return Math.min(blockPanels, colPanels - block * blockPanels);
        }

        /** Column pieces per row chunk: one, unless there are too few rows to give every thread enough chunks. */
        int colChunks(int block) {
            return rowChunks >= chunksWanted ? 1 : Math.min(panelsIn(block), ceilDiv(chunksWanted, rowChunks));
        }

        @Override
        public void run() {
            work();
        }

        /** Claims and works tickets until none is left; returns how long it waited on other threads' tickets. */
        long work() {
            long waited = 0;
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
                        compute(phase / 2, t - start);
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

        /** The first row of chunk {@code g} of column block {@code q}. */
        int firstRow(int q, int g) {
            return g / colChunks(q) * rowsPerChunk;
        }

        /** The first of the panels of chunk {@code g} of column block {@code q}, counted within the block. */
        int firstPanel(int q, int g) {
            int colChunks = colChunks(q);
            return panelsIn(q) * (g % colChunks) / colChunks;
        }

        /** One past the last of the panels of chunk {@code g} of column block {@code q}. */
        int endPanel(int q, int g) {
            int colChunks = colChunks(q);
            return panelsIn(q) * (g % colChunks + 1) / colChunks;
        }
    }

    @Override
    public String describe() {
        return "Vector API (" + VectorDgemm.L + " doubles / "
                + VectorSgemm.L + " floats per vector, " + THREADS
                + (THREADS == 1 ? " thread" : " threads") + " from " + THREAD_THRESHOLD + " multiply-adds)";
    }
}

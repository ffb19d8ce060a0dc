package dev.jgrad.engine;

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
 * <p>This class holds what both precisions share: the cutting of a product into tickets for the engine's helper
 * threads ({@link Workers}).
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
        Workers.run(work >= THREAD_THRESHOLD, product);
    }

    /**
     * One product, cut into tickets that any thread may claim, in phases: for each block of columns, first the
     * panels of B to pack (into one buffer that all threads read), then the chunks of c to compute. A ticket starts
     * only once every ticket of the phases before it has finished, so a ticket waits only on earlier ones, as
     * {@link Workers.Tickets} requires.
     *
     * <p>The cut depends only on the shape, the tile and the thread count, never on the element type: subclasses
     * pack and compute the tickets it hands them.
     */
    abstract static class Blocked extends Workers.Tickets {
        final int m, n, k;
        final int colPanels, blockPanels, chunksWanted, rowsPerChunk, rowChunks;
        /** Tickets up to the end of each phase: phase 2q packs column block q of B, phase 2q+1 computes with it. */
        private final int[] phaseEnds;

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
        int tickets() {
            return phaseEnds[phaseEnds.length - 1];
        }

        @Override
        long work(int t) {
            int phase = 0;
            while (t >= phaseEnds[phase]) {
                phase++;
            }
            int start = phase == 0 ? 0 : phaseEnds[phase - 1];
            long waited = awaitFinished(start);
            if (phase % 2 == 0) {
                packB(phase / 2, t - start);
            } else {
                compute(phase / 2, t - start);
            }
            return waited;
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
                + VectorSgemm.L + " floats per vector, " + Workers.THREADS
                + (Workers.THREADS == 1 ? " thread" : " threads") + " from " + THREAD_THRESHOLD + " multiply-adds)";
    }
}

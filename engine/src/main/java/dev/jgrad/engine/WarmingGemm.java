package dev.jgrad.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Vector API kernel, with its first products served by {@link ScalarGemm} until it is compiled. The Vector API
 * runs interpreted until C2 has compiled its kernel, and interpreted it allocates an object per vector: a first
 * 512 x 512 product took about a second. So the blocked-path products of each precision ({@link ScalarGemm#blocked})
 * go to {@link ScalarGemm}, on the caller's thread, until that precision's vector kernel is warm. The first of them,
 * once it has returned, starts a daemon thread that runs {@link VectorGemm} on a small product over and over, each
 * time next to {@link ScalarGemm} on the same one; once the vector kernel has been the faster of the two in
 * {@value Warmup#WINS} rounds running, every later product goes to it. Starting the thread after the first product
 * rather than before keeps it, and the compilations it sets off, from competing with that product for the cores,
 * and means a program with a single product never starts it. Every other product goes straight to
 * {@link VectorGemm}: its small and thin paths cost little even interpreted, and past {@link #EARLY_LIMIT} it
 * compiles during the product.
 *
 * <p>Both kernels compute each element with the same operations in the same order, so a product gives the same bits
 * whichever served it, and when the switch happens changes no result.
 *
 * <p>Loaded only reflectively, by {@link Kernels}, for the reason given at {@link VectorGemm}.
 */
final class WarmingGemm implements Gemm {
    /**
     * Above this many multiply-adds a product goes to the vector kernel even cold: it compiles during the product
     * and then outruns the scalar kernel. Measured from a cold start, the vector kernel spent 1.2 to 1.3 s of CPU on
     * a first product of 1024 or 1536 cubed, the scalar kernel on one thread 0.27 s and 0.7 to 0.8 s (about 4.5
     * billion multiply-adds a second once compiled); this bound, about 1290 cubed, keeps the scalar kernel well
     * inside the products it wins.
     */
    static final long EARLY_LIMIT = 1L << 31;

    private final VectorGemm vector = new VectorGemm();
    /** The warm-up of the double-precision kernel, and of the single-precision one: each starts on its first use. */
    final Warmup doubles, floats;

    WarmingGemm() {
        this(true);
    }

    /** Without {@code warmUp}, no warm-up thread ever starts: products stay on {@link ScalarGemm} until told. */
    WarmingGemm(boolean warmUp) {
        doubles = new Warmup("jgrad-warmup-float64", warmUp, doubleRound());
        floats = new Warmup("jgrad-warmup-float32", warmUp, floatRound());
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        if (doubles.ready() || !ScalarGemm.blocked(m, n, k)) {
            vector.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
            return;
        }
        if ((long) m * n * k > EARLY_LIMIT) {
            vector.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        } else {
            ScalarGemm.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        }
        doubles.start();
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (floats.ready() || !ScalarGemm.blocked(m, n, k)) {
            vector.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
            return;
        }
        if ((long) m * n * k > EARLY_LIMIT) {
            vector.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        } else {
            ScalarGemm.multiply(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        }
        floats.start();
    }

    @Override
    public String describe() {
        return vector.describe() + ", served by a scalar kernel with the same sums until C2 has compiled it";
    }

    /**
     * The warm-up product: edge tiles in both dimensions at either precision, and shallow. HotSpot compiles a method
     * once it has been called often enough, or once its loops have run long enough; interpreted, every step of the
     * micro-kernel's loop costs dozens of heap-allocated vectors, so many short calls reach the first bound with a
     * third of the interpreted work that long ones need to reach the second.
     */
    private static final int WM = 24, WN = 40, WK = 16;

    /** One round of the double-precision warm-up: the product by the vector kernel or by the scalar one. */
    private Round doubleRound() {
        double[] a = new double[WM * WK], b = new double[WK * WN], c = new double[WM * WN];
        Arrays.fill(a, 0.5);
        Arrays.fill(b, 0.25);
        return onVector -> {
            if (onVector) {
                vector.multiply(false, false, WM, WN, WK, a, 0, b, 0, c, 0);
            } else {
                ScalarGemm.multiply(false, false, WM, WN, WK, a, 0, b, 0, c, 0);
            }
        };
    }

    /** The same in single precision. */
    private Round floatRound() {
        float[] a = new float[WM * WK], b = new float[WK * WN], c = new float[WM * WN];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        return onVector -> {
            if (onVector) {
                vector.multiply(false, false, WM, WN, WK, a, 0, b, 0, c, 0);
            } else {
                ScalarGemm.multiply(false, false, WM, WN, WK, a, 0, b, 0, c, 0);
            }
        };
    }

    /** Runs the warm-up product once, on the vector kernel or on the scalar one. */
    @FunctionalInterface
    interface Round {
        void run(boolean onVector);
    }

    /** When one precision's products move to the vector kernel. */
    static final class Warmup {
        /** Rounds in a row the vector kernel must win: one win could be the scalar kernel's thread preempted. */
        static final int WINS = 3;
        /**
         * Rounds after which the vector kernel is taken anyway, so that the thread ends: compiled, a round takes
         * well under a millisecond; interpreted, tens.
         */
        static final int MAX_ROUNDS = 2000;

        private final String name;
        private final boolean warmUp;
        private final Round round;
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile boolean ready;

        Warmup(String name, boolean warmUp, Round round) {
            this.name = name;
            this.warmUp = warmUp;
            this.round = round;
        }

        /** Whether products go to the vector kernel. */
        boolean ready() {
            return ready;
        }

        /** Whether the warm-up thread has been started. */
        boolean started() {
            return started.get();
        }

        /** Starts the warm-up thread, the first time only. */
        void start() {
            if (warmUp && !started.get() && started.compareAndSet(false, true)) {
                Thread t = new Thread(this::warm, name);
                t.setDaemon(true);
                t.start();
            }
        }

        /** Sends every later product to the vector kernel. */
        void finish() {
            ready = true;
        }

        private void warm() {
            for (int rounds = 0, wins = 0; rounds < MAX_ROUNDS && wins < WINS; rounds++) {
                wins = nanos(true) < nanos(false) ? wins + 1 : 0;
            }
            finish();
        }

        private long nanos(boolean onVector) {
            long start = System.nanoTime();
            round.run(onVector);
            return System.nanoTime() - start;
        }
    }
}

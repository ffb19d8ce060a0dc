package dev.jgrad.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The engine's helper threads, one per core beyond the caller's, shared by the matmul kernel and the elementwise,
 * broadcast and reduction loops (and whatever else in the engine has a loop worth splitting). A job is cut into
 * {@link Tickets} that the caller and the helpers claim in order; the caller works like any helper, so a helper that
 * is slow to wake or preempted costs only the tickets it has not taken. One job at a time holds the helpers: a job
 * that finds them taken (by a product, or by another thread's loop) runs on its caller alone, as does every job
 * while the helpers are paused after stalls, and every job on a machine with one core.
 *
 * <p>For a data-parallel loop, {@link #forRange(int, int, IntRangeBody)} is the entry point:
 * <pre>{@code
 * // out[i] = a[i] + b[i], shared with the helpers when the arrays are long enough
 * Workers.forRange(n, 4096, (from, to) -> {
 *     for (int i = from; i < to; i++) out[i] = a[i] + b[i];
 * });
 * }</pre>
 * The pieces are always the same, whatever the thread count and whether the helpers join in, so a body that
 * accumulates each piece into its own partial result and combines the partials in piece order gives the same bits
 * on one thread as on many.
 *
 * <p>This class does not link against {@code jdk.incubator.vector}: it works the same with either matmul kernel.
 */
final class Workers {
    /** The caller and its helpers: one thread per core the JVM may use. */
    static final int THREADS = Runtime.getRuntime().availableProcessors();

    /**
     * Below this many elements a loop runs on its caller alone. Handing pieces to a helper and waiting for the last
     * of them costs a few microseconds, a large part of a loop of 32,768 doubles (an activation of 128 x 256), which
     * takes 7 to 15 microseconds alone. From 65,536, the activations of 128 x 512 and the weights of a first layer
     * (784 x 512, updated in place by the optimizer) are shared.
     */
    static final int MIN_ELEMENTS = 1 << 16;

    /** Whether jobs are shared with the helpers: only tests switch this, to compare the two paths. */
    enum Sharing {
        /** As the sizes, the helpers' availability and the stall pauses decide. */
        AUTO,
        /** Every job on its caller alone, as on a machine with one core. */
        NEVER,
        /**
         * Every job with the helpers whenever no other job holds them, whatever its size and even while paused, so
         * that a test exercises the shared path.
         */
        ALWAYS
    }

    /** Read on every job: tests set it around the code they compare. */
    static volatile Sharing sharing = Sharing.AUTO;

    private Workers() {
    }

    /** The work of one piece: the half-open range {@code [from, to)}. */
    @FunctionalInterface
    interface IntRangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in pieces {@code [k * grain, min(n, (k + 1) * grain))}: on the caller and
     * the helpers when {@code n} is at least {@link #MIN_ELEMENTS}, else on the caller alone. Each piece runs exactly
     * once, on some thread, in no particular order; the pieces are the same either way. The first exception a piece
     * throws reaches the caller once every piece has finished or failed.
     */
    static void forRange(int n, int grain, IntRangeBody body) {
        forRange(n, grain, n, body);
    }

    /**
     * {@link #forRange(int, int, IntRangeBody)} for a loop whose {@code n} units (rows, say) take {@code elements}
     * elements together: the size threshold is about elements.
     */
    static void forRange(int n, int grain, long elements, IntRangeBody body) {
        if (grain < 1) {
            throw new IllegalArgumentException("forRange: grain " + grain + " is not positive");
        }
        if (!claim(n > grain && elements >= MIN_ELEMENTS)) {
            for (int from = 0; from < n; from += grain) {
                body.run(from, Math.min(n, from + grain));
            }
            return;
        }
        share(new Range(n, grain, body));
    }

    /**
     * Runs the tickets that {@code job} cuts for a number of threads: shared by the caller and every helper when
     * {@code wanted} and the helpers are free, else cut for one thread and run on the caller alone. Rethrows the
     * first exception a ticket threw, once every ticket has finished or failed.
     */
    static void run(boolean wanted, IntFunction<? extends Tickets> job) {
        if (!claim(wanted)) {
            Tickets alone = job.apply(1);
            alone.work();
            alone.awaitAll();
            return;
        }
        share(job.apply(THREADS));
    }

    /** Takes the helpers for one job, if it is {@code wanted} on them and they are there, free and not paused. */
    private static boolean claim(boolean wanted) {
        Sharing mode = sharing;
        if (THREADS == 1 || mode == Sharing.NEVER) {
            return false;
        }
        if (mode == Sharing.ALWAYS) {
            return Pool.BUSY.compareAndSet(false, true);
        }
        return wanted && System.nanoTime() - Pool.pausedUntil > 0 && Pool.BUSY.compareAndSet(false, true);
    }

    /** Works {@code job} with every helper, then lets go of the helpers, which {@link #claim} took. */
    private static void share(Tickets job) {
        try {
            for (Worker w : Pool.WORKERS) {
                w.offer(job);
            }
            try {
                long start = System.nanoTime();
                long waited = job.work() + job.awaitAll();
                Pool.judge(waited, System.nanoTime() - start);
                Pool.sharedJobs++;
            } finally {
                for (Worker w : Pool.WORKERS) {
                    w.withdraw(job);
                }
            }
        } finally {
            Pool.BUSY.set(false);
        }
    }

    /** How many jobs have been shared with the helpers so far, so that a test can tell that its job was. */
    static long sharedJobs() {
        return THREADS > 1 ? Pool.sharedJobs : 0;
    }

    /**
     * A job cut into {@link #tickets()} tickets that any thread may claim. Tickets are claimed in order; one that
     * must wait for earlier ones waits with {@link #awaitFinished(int)}, and since it waits only on earlier tickets,
     * nobody ever waits on a ticket that no thread is working on.
     */
    abstract static class Tickets implements Runnable {
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        /** How many tickets the job has. */
        abstract int tickets();

        /** Works ticket {@code t}; returns how long it waited on other threads' tickets, in nanoseconds. */
        abstract long work(int t);

        @Override
        public void run() {
            work();
        }

        /** Claims and works tickets until none is left; returns how long it waited on other threads' tickets. */
        long work() {
            long waited = 0;
            int total = tickets();
            for (int t; (t = next.getAndIncrement()) < total; ) {
                try {
                    waited += work(t);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    finished.incrementAndGet();
                }
            }
            return waited;
        }

        /** Returns how long it waited for every ticket to be done, rethrowing what the first to fail threw. */
        long awaitAll() {
            long waited = awaitFinished(tickets());
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
        long awaitFinished(int count) {
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
    }

    /** The pieces of a {@link #forRange} loop, one ticket each. */
    private static final class Range extends Tickets {
        private final int n, grain, pieces;
        private final IntRangeBody body;

        Range(int n, int grain, IntRangeBody body) {
            this.n = n;
            this.grain = grain;
            this.body = body;
            pieces = (int) ((n + (long) grain - 1) / grain);
        }

        @Override
        int tickets() {
            return pieces;
        }

        @Override
        long work(int t) {
            int from = t * grain;
            body.run(from, Math.min(n, from + grain));
            return 0;
        }
    }

    /** Started on first use, so single-threaded programs never start a thread. */
    private static final class Pool {
        static final Worker[] WORKERS = new Worker[THREADS - 1];
        /** Held by the one job using the workers; a job that finds them taken runs on its own thread. */
        static final AtomicBoolean BUSY = new AtomicBoolean();
        /** Shared jobs in a row in which the caller spent over a quarter of its time waiting for helpers. */
        private static int stalls;
        /** Jobs shared so far; written only by the holder of BUSY. */
        static long sharedJobs;
        /** Until this {@link System#nanoTime()}, jobs run on their caller's thread alone. */
        static volatile long pausedUntil = System.nanoTime();

        /**
         * Pauses the helpers for a while after a few jobs in which the caller mostly waited for them: on a machine
         * whose other cores are taken (by other processes, or by a CPU quota), a helper is preempted in the middle
         * of its ticket and the job ends up slower than on one thread. Called by the holder of BUSY.
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
     * jobs of a step follow one another closely, so a worker that is still polling picks up the next at once.
     */
    private static final class Worker extends Thread {
        /**
         * How long an idle worker keeps polling before it parks: long enough to bridge the gaps between the jobs of
         * a training step, short enough not to burn much of a CPU quota while nothing comes.
         */
        private static final long SPIN_NANOS = 200_000;
        private final AtomicReference<Runnable> job = new AtomicReference<>();
        private volatile boolean parked;

        Worker() {
            super("jgrad-worker");
            setDaemon(true);
        }

        void offer(Runnable r) {
            job.set(r);
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        /** Takes back a job the worker never started, so that it does not keep the job's arrays reachable. */
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
}

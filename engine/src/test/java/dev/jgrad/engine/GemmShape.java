package dev.jgrad.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The shape of one test product, {@code op(a) · op(b)} with the operands and result at offsets inside larger arrays,
 * shared by the double and float kernel tests, which differ only in the arrays they fill.
 */
abstract class GemmShape {
    final boolean ta, tb;
    final int m, n, k, aOff, bOff, cOff;

    GemmShape(boolean ta, boolean tb, int m, int n, int k, int aOff, int bOff, int cOff) {
        this.ta = ta;
        this.tb = tb;
        this.m = m;
        this.n = n;
        this.k = k;
        this.aOff = aOff;
        this.bOff = bOff;
        this.cOff = cOff;
    }

    /** Runs a blocked product, already cut for {@code threads} threads, on that many threads. */
    static void runOn(VectorGemm.Blocked p, int threads) throws InterruptedException {
        Thread[] helpers = new Thread[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Thread(p);
            helpers[i].start();
        }
        p.work();
        p.awaitAll();
        for (Thread h : helpers) {
            h.join();
        }
    }

    /** The calls' results, in order, with up to four of them running at once on their own threads. */
    static <T> List<T> callConcurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> f : callers.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            callers.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return (ta ? "op(a)=aT " : "") + (tb ? "op(b)=bT " : "") + m + "x" + k + " . " + k + "x" + n
                + " offsets " + aOff + "/" + bOff + "/" + cOff;
    }
}

package dev.jgrad.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Arrays the backward pass has finished with, kept for its next arrays of the same type and length, so that a
 * training step reuses the memory of the step before instead of allocating (and the collector reclaiming) every
 * gradient anew. A step's gradients have the same sizes every step, so after the first one nearly every gradient
 * the pass computes lands in an array the previous step used, warm in the cache.
 *
 * <p>Only arrays that provably nobody else holds come back here (see {@link Autograd} and
 * {@link Tensor#zeroGrad()}): a gradient the pass made and has consumed, or a leaf's gradient that was never handed
 * out by {@link Tensor#grad()}. An array is never in the pool twice; {@link #give} checks that, because a double
 * return would hand one array to two tensors.
 *
 * <p>Small arrays are left to the allocator, which hands them out from the thread's buffer for almost nothing. The
 * pool keeps at most {@link #LIMIT_BYTES} (64 MiB, or an eighth of the heap if that is less) and drops what does not
 * fit, so it never holds more than a few steps' worth of gradients.
 */
final class ArrayPool {
    /** Arrays shorter than this are not pooled: allocating them is cheaper than the lookup. */
    static final int MIN_LENGTH = 1024;
    static final long LIMIT_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

    /** Free arrays by {@link #key}: length and element type. */
    private static final Map<Long, ArrayDeque<Object>> FREE = new HashMap<>();
    private static long bytes;

    private ArrayPool() {
    }

    /** A free {@code double[]} of this length, its contents left over from its last use, or null if none is free. */
    static double[] doubles(int length) {
        return (double[]) take(key(length, false));
    }

    /** A free {@code float[]} of this length, its contents left over from its last use, or null if none is free. */
    static float[] floats(int length) {
        return (float[]) take(key(length, true));
    }

    private static synchronized Object take(long key) {
        ArrayDeque<Object> free = FREE.get(key);
        Object array = free == null ? null : free.pollLast();
        if (array != null) {
            bytes -= bytes(array);
        }
        return array;
    }

    /**
     * Takes back {@code array} (a {@code double[]} or {@code float[]}) for reuse; nothing may read or write it
     * afterwards. Short arrays, and arrays beyond the pool's limit, are left to the collector.
     *
     * @throws IllegalStateException if the array is in the pool already
     */
    static synchronized void give(Object array) {
        boolean isFloat = array instanceof float[];
        int length = isFloat ? ((float[]) array).length : ((double[]) array).length;
        long size = bytes(array);
        if (length < MIN_LENGTH || bytes + size > LIMIT_BYTES) {
            return;
        }
        ArrayDeque<Object> free = FREE.computeIfAbsent(key(length, isFloat), k -> new ArrayDeque<>());
        for (Object a : free) {
            if (a == array) {
                throw new IllegalStateException("backward: an array of " + length + " elements was returned to the"
                        + " pool twice");
            }
        }
        free.addLast(array);
        bytes += size;
    }

    /** Empties the pool (for tests that need a known state). */
    static synchronized void clear() {
        FREE.clear();
        bytes = 0;
    }

    /** The bytes held now. */
    static synchronized long held() {
        return bytes;
    }

    private static long key(int length, boolean isFloat) {
        return (long) length << 1 | (isFloat ? 1 : 0);
    }

    private static long bytes(Object array) {
        return array instanceof float[] ? 4L * ((float[]) array).length : 8L * ((double[]) array).length;
    }
}

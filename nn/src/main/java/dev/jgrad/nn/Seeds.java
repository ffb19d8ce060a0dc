package dev.jgrad.nn;

import java.util.SplittableRandom;

/**
 * Where the layers made without a generator or seed get theirs when no {@link Model} seeds them: one generator for
 * the whole JVM, itself seeded with a fixed value, as PyTorch's default generator is. A program that makes and uses
 * its layers in the same order therefore draws the same weights at every run.
 */
final class Seeds {
    private Seeds() {
    }

    private static final SplittableRandom DEFAULT = new SplittableRandom(0x6a67726164L);

    /** The next seed of the JVM-wide default stream. */
    static synchronized long next() {
        return DEFAULT.nextLong();
    }
}

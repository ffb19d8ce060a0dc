package dev.jgrad.samples;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The independent random streams a sample run draws from, all derived from its one {@code --seed}, so that a
 * change to one purpose leaves the others' draws alone: widening a hidden layer draws more initial weights and
 * larger dropout masks, but the data and the order of the mini-batches stay the same.
 *
 * <pre>{@code
 * Random shuffle = RandomStream.SHUFFLE.from(seed);   // the same batches whatever the model looks like
 * }</pre>
 *
 * <p>Stream {@code k} (its ordinal) is a {@link Random} seeded with the {@code k+1}-th {@code nextLong()} of
 * {@code new SplittableRandom(seed)}: SplittableRandom mixes each output, so nearby seeds and neighbouring streams
 * give unrelated sequences, which seeds such as {@code seed + k} would not give {@code java.util.Random}. New
 * purposes go at the end, so that existing streams keep their values.
 */
public enum RandomStream {
    /** Generated data: the spiral's noise, the regression's points. */
    DATA,
    /** The models' initial weights. */
    INIT,
    /** Dropout masks. */
    DROPOUT,
    /** The order of the training samples in each epoch's mini-batches. */
    SHUFFLE;

    /** This stream for a run with the given seed, from its first draw. */
    public Random from(long seed) {
        SplittableRandom mixer = new SplittableRandom(seed);
        long streamSeed = mixer.nextLong();
        for (int i = 0; i < ordinal(); i++) {
            streamSeed = mixer.nextLong();
        }
        return new Random(streamSeed);
    }
}

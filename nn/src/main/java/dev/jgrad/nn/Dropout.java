package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Inverted dropout: in training each element is zeroed with probability {@code p} and the kept ones are scaled by
 * {@code 1 / (1 - p)}, so the expected value of every element is unchanged and eval mode is simply the identity.
 * The mask is drawn afresh at each forward from the module's own {@link SplittableRandom}, seeded once, when the
 * module is made, and made in the input's dtype: the same seed drops the same elements in FLOAT32 and FLOAT64.
 * SplittableRandom (SplitMix64) is the generator because it is a final class of the JDK whose 64-bit draw is a few
 * arithmetic instructions that the JIT inlines into the mask loop, two elements a draw: about ten times faster than
 * {@code java.util.Random}, whose every draw is an atomic update. Its statistical quality is ample for masks, and
 * {@code split()} gives independent streams (one per worker, say).
 *
 * <pre>{@code
 * Module drop = new Dropout(0.5, new Random(3));
 * drop.forward(x);          // training: about half the elements are 0, the rest doubled
 * drop.eval().forward(x);   // x itself
 * }</pre>
 */
public final class Dropout extends Module {
    private final double p;
    /** Null for a layer made without a generator or seed, until a model or the first forward seeds it. */
    private SplittableRandom masks;

    /**
     * Drops each element with probability {@code p}; {@code p = 0} keeps everything and {@code p = 1} zeroes
     * everything in training. The masks' generator is seeded with one draw of {@code rng}, now.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or {@code rng} is null
     */
    public Dropout(double p, Random rng) {
        this(p, Checks.notNull("Dropout", "rng", rng).nextLong());
    }

    /**
     * Drops each element with probability {@code p}, with masks drawn from a generator seeded with {@code seed}.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public Dropout(double p, long seed) {
        checkP(p);
        this.p = p;
        this.masks = new SplittableRandom(seed);
    }

    /**
     * Drops each element with probability {@code p}, with masks drawn from a seed a {@link Model} gives it (derived
     * from the model's seed), or, outside a model, from the JVM's default stream of seeds at its first forward.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public Dropout(double p) {
        checkP(p);
        this.p = p;
    }

    private static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p " + p + " is outside [0, 1]");
        }
    }

    @Override
    void seedIfUnset(long seed) {
        if (masks == null) {
            masks = new SplittableRandom(seed);
        }
    }

    @Override
    void reseedDraws(long seed) {
        masks = new SplittableRandom(seed);
    }

    /** The probability of dropping an element. */
    public double p() {
        return p;
    }

    /**
     * The masked and rescaled input in training; the input itself in eval.
     *
     * @throws IllegalArgumentException if {@code input} is null
     */
    @Override
    public Tensor forward(Tensor input) {
        Checks.notNull("Dropout", "input", input);
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0.0);
        }
        if (masks == null) {
            masks = new SplittableRandom(Seeds.next());
        }
        // In the input's dtype, so a FLOAT32 activation stays FLOAT32; the draws are the same in either.
        return input.mul(Tensor.dropoutMask(input.dtype(), masks, p, input.shape()));
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Random;

/**
 * Inverted dropout: in training each element is zeroed with probability {@code p} and the kept ones are scaled by
 * {@code 1 / (1 - p)}, so the expected value of every element is unchanged and eval mode is simply the identity.
 * The mask is drawn from the module's own seeded {@code Random}, afresh at each forward, and made in the input's
 * dtype: the same seed drops the same elements in FLOAT32 and FLOAT64.
 *
 * <pre>{@code
 * Module drop = new Dropout(0.5, new Random(3));
 * drop.forward(x);          // training: about half the elements are 0, the rest doubled
 * drop.eval().forward(x);   // x itself
 * }</pre>
 */
public final class Dropout extends Module {
    private final double p;
    private final Random rng;

    /**
     * Drops each element with probability {@code p}; {@code p = 0} keeps everything and {@code p = 1} zeroes
     * everything in training.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or {@code rng} is null
     */
    public Dropout(double p, Random rng) {
        Checks.notNull("Dropout", "rng", rng);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p " + p + " is outside [0, 1]");
        }
        this.p = p;
        this.rng = rng;
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
        double[] mask = new double[(int) input.size()];
        double keptScale = 1 / (1 - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < p ? 0.0 : keptScale;
        }
        // In the input's dtype, so a FLOAT32 activation stays FLOAT32; the draws are the same in either.
        return input.mul(Tensor.of(mask, input.shape()).to(input.dtype()));
    }
}

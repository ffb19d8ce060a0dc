package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Randomized leaky ReLU: in training each element's negative slope is drawn uniformly from {@code [lower, upper]}
 * (a fresh draw every forward, from a SplittableRandom the module seeds once from the {@code Random} it is given);
 * in eval the slope is the mean, {@code (lower + upper) / 2}.
 *
 * <pre>{@code
 * Module act = new RReLU(1.0 / 8, 1.0 / 3, new Random(7));
 * }</pre>
 */
public final class RReLU extends Module {
    private final double lower;
    private final double upper;
    /** The slopes' generator, seeded once from the {@code Random} given: its draws cost a few instructions each. */
    private SplittableRandom slopes;

    /**
     * Slopes from {@code [lower, upper]}, drawn with {@code rng}.
     *
     * @throws IllegalArgumentException if {@code rng} is null, or unless {@code lower <= upper}, both finite
     */
    public RReLU(double lower, double upper, Random rng) {
        Checks.notNull("RReLU", "rng", rng);
        Activations.checkSlopeRange("RReLU", lower, upper);
        this.lower = lower;
        this.upper = upper;
        this.slopes = new SplittableRandom(rng.nextLong());
    }

    /**
     * The customary range {@code [1/8, 1/3]}.
     *
     * @throws IllegalArgumentException if {@code rng} is null
     */
    public RReLU(Random rng) {
        this(1.0 / 8, 1.0 / 3, rng);
    }

    @Override
    void reseedDraws(long seed) {
        slopes = new SplittableRandom(seed);
    }

    /**
     * Random slopes in training, the mean slope in eval.
     *
     * @throws IllegalArgumentException if {@code input} is null
     */
    @Override
    public Tensor forward(Tensor input) {
        Checks.notNull("RReLU", "input", input);
        return isTraining()
                ? Activations.withSlopes(input, Tensor.rand(input.dtype(), slopes, input.shape()).mul(upper - lower)
                        .add(lower))
                : Activations.leakyRelu(input, (lower + upper) / 2);
    }
}

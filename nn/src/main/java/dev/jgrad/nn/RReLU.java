package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Random;

/**
 * Randomized leaky ReLU: in training each element's negative slope is drawn uniformly from {@code [lower, upper]}
 * (a fresh draw every forward, from the module's own seeded {@code Random}); in eval the slope is the mean,
 * {@code (lower + upper) / 2}.
 *
 * <pre>{@code
 * Module act = new RReLU(1.0 / 8, 1.0 / 3, new Random(7));
 * }</pre>
 */
public final class RReLU extends Module {
    private final double lower;
    private final double upper;
    private final Random rng;

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
        this.rng = rng;
    }

    /**
     * The customary range {@code [1/8, 1/3]}.
     *
     * @throws IllegalArgumentException if {@code rng} is null
     */
    public RReLU(Random rng) {
        this(1.0 / 8, 1.0 / 3, rng);
    }

    /**
     * Random slopes in training, the mean slope in eval.
     *
     * @throws IllegalArgumentException if {@code input} is null
     */
    @Override
    public Tensor forward(Tensor input) {
        Checks.notNull("RReLU", "input", input);
        return isTraining() ? Activations.rrelu(input, lower, upper, rng)
                : Activations.leakyRelu(input, (lower + upper) / 2);
    }
}

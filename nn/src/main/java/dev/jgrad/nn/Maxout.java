package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Random;

/**
 * A maxout unit layer: {@code k} linear pieces per output, and each output is the largest of its pieces,
 * {@code y_j = max_i (x W_ij + b_ij)}. Holds one {@link Dense} (parameters {@code linear.weight} and
 * {@code linear.bias}) from {@code in} to {@code out * k} features, whose consecutive groups of {@code k} are the
 * pieces of one output.
 *
 * <pre>{@code
 * Module layer = new Maxout(10, 4, 3, Init.XAVIER_UNIFORM, rng);   // [batch, 10] -> [batch, 4], 3 pieces each
 * }</pre>
 */
public final class Maxout extends Module {
    private final Dense linear;
    private final int pieces;

    /**
     * A layer from {@code in} to {@code out} features with {@code pieces} linear pieces per output.
     *
     * @throws IllegalArgumentException if a size or {@code pieces} is not positive, or an argument is null
     */
    public Maxout(int in, int out, int pieces, Init init, Random rng) {
        Checks.notNull("Maxout", "init", init);
        Checks.notNull("Maxout", "rng", rng);
        if (pieces <= 0 || out <= 0) {
            throw new IllegalArgumentException("Maxout: outputs and pieces must be positive, got " + out + " outputs of "
                    + pieces + " pieces");
        }
        this.linear = new Dense(in, out * pieces, init, rng);
        this.pieces = pieces;
    }

    /**
     * The largest piece per output.
     *
     * @throws IllegalArgumentException if the input is null or not {@code [batch, in]}
     */
    @Override
    public Tensor forward(Tensor input) {
        return Activations.maxout(linear.forward(Checks.notNull("Maxout", "input", input)), pieces);
    }
}

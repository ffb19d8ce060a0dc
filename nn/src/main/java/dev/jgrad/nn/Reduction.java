package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * How a loss turns its per-sample (or per-element) values into one number.
 *
 * <pre>{@code
 * Tensor total = Losses.meanSquaredError(predictions, targets, Reduction.SUM);
 * }</pre>
 */
public enum Reduction {
    /** The average: the loss does not grow with the batch size, so one learning rate fits any batch. */
    MEAN,
    /** The total. */
    SUM;

    /**
     * {@code losses} reduced to a rank-0 tensor.
     *
     * @throws IllegalArgumentException if {@code losses} is null
     */
    public Tensor reduce(Tensor losses) {
        Checks.notNull("Reduction." + name() + ".reduce", "losses", losses);
        return this == MEAN ? losses.mean() : losses.sum();
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * Parametric ReLU: {@code x} for {@code x > 0}, {@code a x} otherwise, with the slope {@code a} learned (parameter
 * {@code slope}, starting at 0.25). One slope shared by all features, or one per feature of the last axis.
 *
 * <pre>{@code
 * Module act = new PReLU(128);   // 128 learnable slopes for a [batch, 128] input
 * }</pre>
 */
public final class PReLU extends Module {
    private static final double INITIAL_SLOPE = 0.25;

    private final Tensor slope;

    /** One slope shared by every element, shape {@code [1]}. */
    public PReLU() {
        this.slope = Tensor.full(INITIAL_SLOPE, 1).requiresGrad(true);
    }

    /**
     * One slope per feature of the last axis, shape {@code [features]}.
     *
     * @throws IllegalArgumentException if {@code features} is not positive
     */
    public PReLU(int features) {
        if (features <= 0) {
            throw new IllegalArgumentException("PReLU: features must be positive, got " + features);
        }
        this.slope = Tensor.full(INITIAL_SLOPE, features).requiresGrad(true);
    }

    /** The learnable slope: the parameter itself. */
    public Tensor slope() {
        return slope;
    }

    /**
     * See {@link Activations#prelu}.
     *
     * @throws IllegalArgumentException if the input is null, or the slopes are per feature and the input's last axis
     *     differs
     */
    @Override
    public Tensor forward(Tensor input) {
        return Activations.prelu(Checks.notNull("PReLU", "input", input), slope);
    }
}

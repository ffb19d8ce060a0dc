package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Collection;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): each step first shrinks the parameters,
 * {@code p *= 1 - lr * decay}, instead of adding {@code decay * p} to the gradient, so the decay is not rescaled by
 * Adam's per-parameter step sizes.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(model.parameters(), 1e-3, 0.01);
 * }</pre>
 */
public final class AdamW extends Adam {
    /**
     * AdamW with {@code b1 = 0.9}, {@code b2 = 0.999}, {@code eps = 1e-8} and the given weight decay.
     *
     * @throws IllegalArgumentException if the weight decay is negative
     */
    public AdamW(Collection<Tensor> parameters, double learningRate, double weightDecay) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, weightDecay);
    }

    /**
     * AdamW with every setting given.
     *
     * @throws IllegalArgumentException as {@link Adam}, or if the weight decay is negative
     */
    public AdamW(Collection<Tensor> parameters, double learningRate, double beta1, double beta2, double eps,
            double weightDecay) {
        super("AdamW", parameters, learningRate, beta1, beta2, eps, true);
        weightDecay(weightDecay);
    }
}

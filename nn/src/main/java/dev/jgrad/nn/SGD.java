package dev.jgrad.nn;

import dev.jgrad.engine.FusedUpdate;
import dev.jgrad.engine.Tensor;
import java.util.Collection;

/**
 * Stochastic gradient descent, {@code p -= lr * g}, with optional momentum: the step follows
 * {@code v = beta v + (1 - beta) g}, an exponentially weighted average of the gradients, so {@code p -= lr * v}.
 * With Nesterov the step looks ahead, {@code p -= lr * (beta v + (1 - beta) g)} with the updated {@code v}.
 *
 * <p>This average is the {@code (1 - beta)}-scaled form of the momentum buffer in some other libraries
 * ({@code v = beta v + g}): the same learning rate takes {@code 1 / (1 - beta)} times smaller steps here.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(model.parameters(), 0.1, 0.9, true);   // Nesterov momentum 0.9
 * }</pre>
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final Tensor[] velocity;

    /** Plain gradient descent. */
    public SGD(Collection<Tensor> parameters, double learningRate) {
        this(parameters, learningRate, 0, false);
    }

    /**
     * Gradient descent with momentum {@code beta} (0 for none), optionally Nesterov.
     *
     * @throws IllegalArgumentException if {@code momentum} is outside [0, 1), or Nesterov is asked without momentum
     */
    public SGD(Collection<Tensor> parameters, double learningRate, double momentum, boolean nesterov) {
        super("SGD", parameters, learningRate);
        this.momentum = checkRate("momentum", momentum);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("SGD: Nesterov needs a momentum above 0");
        }
        this.nesterov = nesterov;
        this.velocity = new Tensor[parameters.size()];
    }

    @Override
    protected void update(int index, Tensor parameter) {
        if (momentum == 0) {
            FusedUpdate.sgd(parameter, learningRate(), weightDecay());
            return;
        }
        if (velocity[index] == null) {
            velocity[index] = zerosLike(parameter);
        }
        FusedUpdate.sgd(parameter, velocity[index], learningRate(), momentum, nesterov, weightDecay());
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.FusedUpdate;
import dev.jgrad.engine.Tensor;
import java.util.Collection;

/**
 * Adam: momentum and RMSProp together, with bias correction so the first steps are not too small:
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)} at step {@code t}. Its first step moves every
 * parameter by about {@code lr}, in the direction opposite its gradient's sign.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);   // b1 0.9, b2 0.999, eps 1e-8
 * }</pre>
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupled;
    private final Tensor[] first;
    private final Tensor[] second;
    private final int[] steps;

    /** Adam with {@code b1 = 0.9}, {@code b2 = 0.999}, {@code eps = 1e-8}. */
    public Adam(Collection<Tensor> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8);
    }

    /**
     * Adam with the given decay rates of the first and second moments and {@code eps} guarding the division.
     *
     * @throws IllegalArgumentException if a beta is outside [0, 1) or {@code eps} is not positive
     */
    public Adam(Collection<Tensor> parameters, double learningRate, double beta1, double beta2, double eps) {
        this("Adam", parameters, learningRate, beta1, beta2, eps, false);
    }

    /** Adam named {@code name}, whose weight decay shrinks the parameters directly if {@code decoupled}. */
    Adam(String name, Collection<Tensor> parameters, double learningRate, double beta1, double beta2, double eps,
         boolean decoupled) {
        super(name, parameters, learningRate);
        this.decoupled = decoupled;
        this.beta1 = checkRate("beta1", beta1);
        this.beta2 = checkRate("beta2", beta2);
        if (!(eps > 0)) {
            throw new IllegalArgumentException(name + ": eps " + eps + " must be positive");
        }
        this.eps = eps;
        this.first = new Tensor[parameters.size()];
        this.second = new Tensor[parameters.size()];
        this.steps = new int[parameters.size()];
    }

    @Override
    protected final void update(int index, Tensor parameter) {
        if (first[index] == null) {
            first[index] = zerosLike(parameter);
            second[index] = zerosLike(parameter);
        }
        int t = ++steps[index];
        if (decoupled) {
            FusedUpdate.adamW(parameter, first[index], second[index], t, learningRate(), beta1, beta2, eps,
                    weightDecay());
        } else {
            FusedUpdate.adam(parameter, first[index], second[index], t, learningRate(), beta1, beta2, eps,
                    weightDecay());
        }
    }
}

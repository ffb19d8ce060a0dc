package dev.jgrad.nn;

import dev.jgrad.engine.FusedUpdate;
import dev.jgrad.engine.Tensor;
import java.util.Collection;

/**
 * RMSProp: divides each step by a running root mean square of recent gradients,
 * {@code s = rho s + (1 - rho) g^2}, {@code p -= lr * g / (sqrt(s) + eps)}, so every parameter moves at a
 * similar pace whatever the scale of its gradient.
 *
 * <pre>{@code
 * Optimizer opt = new RMSProp(model.parameters(), 1e-3);   // rho 0.9, eps 1e-8
 * }</pre>
 */
public final class RMSProp extends Optimizer {
    private final double rho;
    private final double eps;
    private final Tensor[] meanSquare;

    /** RMSProp with {@code rho = 0.9} and {@code eps = 1e-8}. */
    public RMSProp(Collection<Tensor> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 1e-8);
    }

    /**
     * RMSProp with the given decay {@code rho} of the mean square and {@code eps} guarding the division.
     *
     * @throws IllegalArgumentException if {@code rho} is outside [0, 1) or {@code eps} is not positive
     */
    public RMSProp(Collection<Tensor> parameters, double learningRate, double rho, double eps) {
        super("RMSProp", parameters, learningRate);
        this.rho = checkRate("rho", rho);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("RMSProp: eps " + eps + " must be positive");
        }
        this.eps = eps;
        this.meanSquare = new Tensor[parameters.size()];
    }

    @Override
    protected void update(int index, Tensor parameter) {
        if (meanSquare[index] == null) {
            meanSquare[index] = zerosLike(parameter);
        }
        FusedUpdate.rmsProp(parameter, meanSquare[index], learningRate(), rho, eps, weightDecay());
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.FusedUpdate;
import dev.jgrad.engine.Tensor;
import java.util.Collection;
import java.util.List;

/**
 * Updates parameters from their accumulated gradients. Each {@link #step()} optionally clips the gradients by their
 * global norm, then lets the subclass move every parameter that has a gradient, in place and with recording off,
 * weight decay included; parameters without a gradient are left alone. The built-in optimizers update each
 * parameter in one pass over its values, gradient and state ({@link FusedUpdate}).
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3).clipGradNorm(5.0);
 * for (...) {
 *     opt.zeroGrad();
 *     Losses.crossEntropy(model.forward(x), labels, Reduction.MEAN).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>An optimizer updates the tensors it is given, so make it after {@link Module#to(dev.jgrad.engine.DType)}: one
 * made before throws on its next step. Its state (moving averages, velocities) lives in each parameter's dtype, and
 * every update keeps that dtype.
 *
 * <p>Weight decay adds {@code decay * p} to each gradient (L2 regularisation folded into the update), except in
 * {@link AdamW}, which shrinks the parameter directly.
 */
public abstract class Optimizer {
    private final String name;
    private final List<Tensor> parameters;
    private double learningRate;
    private double weightDecay;
    private double maxGradNorm = Double.POSITIVE_INFINITY;

    /**
     * An optimizer of {@code parameters}, all of which must require grad.
     *
     * @throws IllegalArgumentException if the parameters or one of them is null, there are none, one does not
     *     require grad, or the learning rate is not positive
     */
    protected Optimizer(String name, Collection<Tensor> parameters, double learningRate) {
        this.name = Checks.notNull("Optimizer", "name", name);
        Checks.noNullElements(name, "parameters", "parameter", parameters);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(name + ": no parameters to optimize");
        }
        this.parameters = List.copyOf(parameters);
        for (int i = 0; i < this.parameters.size(); i++) {
            Tensor p = this.parameters.get(i);
            if (!p.requiresGrad() || p.op() != null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " of shape " + Checks.shape(p)
                        + " is not a leaf that requires grad");
            }
        }
        learningRate(learningRate);
    }

    /** The parameters this optimizer updates, in order. */
    public final List<Tensor> parameters() {
        return parameters;
    }

    /** The current learning rate. */
    public final double learningRate() {
        return learningRate;
    }

    /**
     * Changes the learning rate (for a schedule) and returns this optimizer.
     *
     * @throws IllegalArgumentException if it is not positive and finite
     */
    public final Optimizer learningRate(double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException(name + ": learning rate " + rate + " must be positive and finite");
        }
        this.learningRate = rate;
        return this;
    }

    /** The current weight decay. */
    public final double weightDecay() {
        return weightDecay;
    }

    /**
     * Sets the weight decay (0 by default) and returns this optimizer.
     *
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public final Optimizer weightDecay(double decay) {
        if (!(decay >= 0) || !Double.isFinite(decay)) {
            throw new IllegalArgumentException(name + ": weight decay " + decay + " must be >= 0 and finite");
        }
        this.weightDecay = decay;
        return this;
    }

    /**
     * Makes every step first clip the gradients to a global norm of at most {@code maxNorm} (see
     * {@link #clipGradNorm(Collection, double)}) and returns this optimizer.
     *
     * @throws IllegalArgumentException if {@code maxNorm} is not positive
     */
    public final Optimizer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException(name + ": gradient norm limit " + maxNorm + " must be positive");
        }
        this.maxGradNorm = maxNorm;
        return this;
    }

    /** Forgets every parameter's gradient; call before each backward pass. */
    public final void zeroGrad() {
        for (Tensor p : parameters) {
            p.zeroGrad();
        }
    }

    /** Updates every parameter that has a gradient, in place, with recording off. */
    public final void step() {
        if (maxGradNorm < Double.POSITIVE_INFINITY) {
            clipGradNorm(parameters, maxGradNorm);
        }
        try (var off = Tensor.noGrad()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i);
                if (p.hasGrad()) {
                    update(i, p);
                } else {
                    checkNotReplaced(i, p);
                }
            }
        }
    }

    /**
     * A parameter that {@link Module#to} replaced never gets a gradient again, so that is the only case worth the
     * look-up: updating it would silently train nothing.
     */
    private void checkNotReplaced(int index, Tensor parameter) {
        DType dtype = Module.replacedBy(parameter);
        if (dtype != null) {
            throw new IllegalStateException(name + ": parameter " + index + " of shape " + Checks.shape(parameter)
                    + " is no longer the model's: Module.to(" + dtype + ") replaced it; create the optimizer after"
                    + " converting the model");
        }
    }

    /**
     * Moves parameter {@code index}, which has a gradient, in place; called with recording off. The update applies
     * {@link #weightDecay()} itself: added to the gradient, as {@code g + decay * p}, unless the optimizer decays
     * the parameters directly, as {@link AdamW} does. {@link FusedUpdate} does a whole update in one pass; the
     * in-place methods of {@link Tensor} ({@code addInPlace}, {@code mulInPlace}, {@code assign}) serve any other.
     */
    protected abstract void update(int index, Tensor parameter);

    /** A zero tensor of the parameter's shape and dtype, for per-parameter state such as a moving average. */
    protected static Tensor zerosLike(Tensor parameter) {
        return Tensor.zeros(parameter.dtype(), parameter.shape());
    }

    /** Checks that {@code value} is in [0, 1), as decay rates must be. */
    protected final double checkRate(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + ": " + what + " " + value + " is outside [0, 1)");
        }
        return value;
    }

    /**
     * Scales all gradients by one factor so that their global norm {@code sqrt(sum ||g||^2)} is at most
     * {@code maxNorm}, keeping their direction; parameters without a gradient are skipped.
     *
     * @return the global norm before clipping
     * @throws IllegalArgumentException if {@code maxNorm} is not positive, or the parameters or one of them is null
     */
    public static double clipGradNorm(Collection<Tensor> parameters, double maxNorm) {
        Checks.noNullElements("clipGradNorm", "parameters", "parameter", parameters);
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: limit " + maxNorm + " must be positive");
        }
        double sumSquares = 0;
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                for (double v : p.grad().toArray()) {
                    sumSquares += v * v;
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > maxNorm) {
            try (var off = Tensor.noGrad()) {
                for (Tensor p : parameters) {
                    if (p.grad() != null) {
                        p.grad().mulInPlace(maxNorm / norm);
                    }
                }
            }
        }
        return norm;
    }
}

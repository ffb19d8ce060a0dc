package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.function.UnaryOperator;

/**
 * A parameter-free activation as a module, for use in a {@link Sequential}; each factory wraps the function of the
 * same name in {@link Activations}. Activations with state have their own classes: {@link PReLU} (learnable
 * slope), {@link RReLU} (random slope in training) and {@link Maxout} (its linear pieces).
 *
 * <pre>{@code
 * Module net = new Sequential(new Dense(4, 8, rng), Activation.gelu(), new Dense(8, 3, rng), Activation.logSoftmax(-1));
 * }</pre>
 */
public final class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> function;

    /**
     * A module applying {@code function}; {@code name} is what {@link #toString()} shows.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public Activation(String name, UnaryOperator<Tensor> function) {
        this.name = Checks.notNull("Activation", "name", name);
        this.function = Checks.notNull("Activation", "function", function);
    }

    /**
     * Applies the function.
     *
     * @throws IllegalArgumentException if {@code input} is null
     */
    @Override
    public Tensor forward(Tensor input) {
        return function.apply(Checks.notNull(name, "input", input));
    }

    /** The name given at construction, e.g. {@code leakyRelu(0.01)}. */
    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- the engine's own

    /** See {@link Activations#sigmoid}. */
    public static Activation sigmoid() {
        return new Activation("sigmoid", Activations::sigmoid);
    }

    /** See {@link Activations#tanh}. */
    public static Activation tanh() {
        return new Activation("tanh", Activations::tanh);
    }

    /** See {@link Activations#relu}. */
    public static Activation relu() {
        return new Activation("relu", RELU);
    }

    /** The function every {@link #relu()} module holds, by which {@link Sequential} knows it can fuse it. */
    private static final UnaryOperator<Tensor> RELU = Activations::relu;

    /** Whether this module is {@link #relu()}, which a {@link Dense} before it can apply in its own output pass. */
    boolean isRelu() {
        return function == RELU;
    }

    // ---------------------------------------------------------------- ReLU family

    /** Leaky ReLU with slope 0.01; see {@link Activations#leakyRelu(Tensor)}. */
    public static Activation leakyRelu() {
        return leakyRelu(0.01);
    }

    /** See {@link Activations#leakyRelu(Tensor, double)}. */
    public static Activation leakyRelu(double slope) {
        return new Activation("leakyRelu(" + slope + ")", x -> Activations.leakyRelu(x, slope));
    }

    /** See {@link Activations#elu(Tensor, double)}. */
    public static Activation elu(double alpha) {
        return new Activation("elu(" + alpha + ")", x -> Activations.elu(x, alpha));
    }

    // ---------------------------------------------------------------- smooth

    /** See {@link Activations#silu}. */
    public static Activation silu() {
        return new Activation("silu", Activations::silu);
    }

    /** See {@link Activations#swish}. */
    public static Activation swish(double beta) {
        return new Activation("swish(" + beta + ")", x -> Activations.swish(x, beta));
    }

    /** See {@link Activations#softplus}. */
    public static Activation softplus() {
        return new Activation("softplus", Activations::softplus);
    }

    /** See {@link Activations#gelu}. */
    public static Activation gelu() {
        return new Activation("gelu", Activations::gelu);
    }

    // ---------------------------------------------------------------- along an axis

    /** See {@link Activations#softmax}. */
    public static Activation softmax(int axis) {
        return new Activation("softmax(" + axis + ")", x -> Activations.softmax(x, axis));
    }

    /** See {@link Activations#logSoftmax}. */
    public static Activation logSoftmax(int axis) {
        return new Activation("logSoftmax(" + axis + ")", x -> Activations.logSoftmax(x, axis));
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Epilogue;
import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Modules applied one after another, each to the previous one's output. Parameters are named by position:
 * {@code layers.0.weight}, {@code layers.0.bias}, ...
 *
 * <p>A {@link Dense} immediately followed by {@link Activation#relu()} runs as one fused op, the ReLU applied in the
 * layer's own output pass ({@link Tensor#linear(Tensor, Tensor, Epilogue)}): the same values and gradients, with
 * one array and one pass over the activations fewer, forward and backward. The modules stay as they were given.
 *
 * <pre>{@code
 * Module net = new Sequential(
 *         new Dense(2, 16, Init.HE_NORMAL, rng), Activation.relu(),
 *         new Dense(16, 3, Init.XAVIER_UNIFORM, rng));
 * Tensor logits = net.forward(x);   // [batch, 3]
 * }</pre>
 */
public final class Sequential extends Module {
    private final List<Module> layers;
    /** Whether layer i is a Dense whose output the ReLU at i + 1 takes, so that both run as one op. */
    private final boolean[] fusedWithNext;

    /**
     * A chain of the given modules, in order.
     *
     * @throws IllegalArgumentException if the array is null, has no modules, or holds a null
     */
    public Sequential(Module... layers) {
        Checks.notNull("Sequential", "layers", layers);
        Checks.noNullElements("Sequential", "layers", "module", Arrays.asList(layers));
        if (layers.length == 0) {
            throw new IllegalArgumentException("Sequential: needs at least one module");
        }
        this.layers = List.of(layers);
        this.fusedWithNext = new boolean[layers.length];
        for (int i = 0; i + 1 < layers.length; i++) {
            fusedWithNext[i] = layers[i] instanceof Dense d && d.linearOutput()
                    && layers[i + 1] instanceof Activation a && a.isRelu();
        }
    }

    /** The modules, in order (unmodifiable). */
    public List<Module> layers() {
        return layers;
    }

    /**
     * Applies each module in turn.
     *
     * @throws IllegalArgumentException if {@code input} is null
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = Checks.notNull("Sequential", "input", input);
        for (int i = 0; i < fusedWithNext.length; i++) {
            if (fusedWithNext[i]) {
                x = ((Dense) layers.get(i)).forward(x, Epilogue.RELU);
                i++;
            } else {
                x = layers.get(i).forward(x);
            }
        }
        return x;
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Modules applied one after another, each to the previous one's output. Parameters are named by position:
 * {@code layers.0.weight}, {@code layers.0.bias}, ...
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
        for (Module layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }
}

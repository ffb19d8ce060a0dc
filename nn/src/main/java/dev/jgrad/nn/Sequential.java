package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
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
     * @throws IllegalArgumentException if there are no modules or one is null
     */
    public Sequential(Module... layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("Sequential: needs at least one module");
        }
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("Sequential: module " + i + " is null");
            }
        }
        this.layers = List.of(layers);
    }

    /** The modules, in order (unmodifiable). */
    public List<Module> layers() {
        return layers;
    }

    /** Applies each module in turn. */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }
}

package dev.jgrad.engine;

import java.util.function.UnaryOperator;

/**
 * A gradient hook registered on a tensor by {@link Tensor#registerHook(UnaryOperator)}, and the means to remove it.
 *
 * <pre>{@code
 * HookHandle clip = h.registerHook(g -> g.clamp(-1, 1));
 * loss.backward();     // the gradient flowing into h is clipped before it reaches h's inputs
 * clip.remove();       // later passes leave it alone
 * }</pre>
 */
public final class HookHandle {
    private final Tensor tensor;
    final UnaryOperator<Tensor> hook;

    HookHandle(Tensor tensor, UnaryOperator<Tensor> hook) {
        this.tensor = tensor;
        this.hook = hook;
    }

    /**
     * Removes the hook, so that no backward pass that starts afterwards calls it; removing it again does nothing.
     */
    public void remove() {
        tensor.removeHook(this);
    }
}

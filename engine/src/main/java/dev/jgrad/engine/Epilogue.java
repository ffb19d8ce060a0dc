package dev.jgrad.engine;

/**
 * What {@link Tensor#linear(Tensor, Tensor, Epilogue)} applies to {@code x · W + b} in the pass that adds the bias,
 * while each row of the product is still in cache: nothing, or a ReLU.
 *
 * <pre>{@code
 * Tensor h = x.linear(w, b, Epilogue.RELU);        // the values and gradients of x.matmul(w).add(b).relu()
 * Tensor logits = h.linear(w2, b2, Epilogue.IDENTITY);
 * }</pre>
 */
public enum Epilogue {
    /** {@code x · W + b} as it is. */
    IDENTITY,
    /** {@code max(x · W + b, 0)}, with the derivative taken as 0 at 0, as {@link Tensor#relu()}. */
    RELU
}

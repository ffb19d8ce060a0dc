package dev.jgrad.gradcheck;

import dev.jgrad.engine.Tensor;

/**
 * A differentiable function of one or more tensors, as the gradient checker sees it: the same inputs in the same
 * order on every call, one output tensor of any shape.
 *
 * <pre>{@code
 * TensorFunction f = in -> in[0].mul(in[1]).tanh();
 * GradCheck.assertGradients(f, a, b);
 * }</pre>
 *
 * <p>The checker calls it many times (twice per input element for the numerical derivatives), so it must be a pure
 * function of its inputs: no randomness that changes between calls, no state kept across calls.
 */
@FunctionalInterface
public interface TensorFunction {
    /** Computes the output from {@code inputs}. */
    Tensor apply(Tensor... inputs);
}

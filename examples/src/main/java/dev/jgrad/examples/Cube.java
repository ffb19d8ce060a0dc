package dev.jgrad.examples;

import dev.jgrad.engine.Function;
import dev.jgrad.engine.Tensor;

/**
 * {@code x^3} as a custom differentiable op, {@code d/dx = 3x^2}. The backward is written with tensor ops, so
 * second derivatives work too.
 *
 * <pre>{@code
 * Tensor y = Tensor.apply(new Cube(), x);
 * }</pre>
 */
public final class Cube implements Function {
    @Override
    public Tensor forward(Tensor... inputs) {
        return inputs[0].mul(inputs[0]).mul(inputs[0]);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor[] inputs, Tensor output) {
        return new Tensor[] {upstream.mul(inputs[0].mul(inputs[0]).mul(3))};
    }
}

package dev.jgrad.examples;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;

/** A custom op in a graph: {@link Cube} applied with {@code Tensor.apply}, then differentiated like any other op. */
public final class CustomOp {
    private CustomOp() {
    }

    /** {@code x} after {@code sum(cube(x)).backward()}: its {@code grad()} is {@code 3x^2}. */
    static Tensor run() {
        Tensor x = Tensor.of(new double[] {-1, 0.5, 2}, 3).requiresGrad(true);
        Tensor y = Tensor.apply(new Cube(), x);
        y.sum().backward();
        return x;
    }

    /** Prints the input and its gradient. */
    public static void main(String[] args) {
        Tensor x = run();
        System.out.println("x = " + Arrays.toString(x.toArray()) + ", d sum(x^3) / dx = "
                + Arrays.toString(x.grad().toArray()));
    }
}

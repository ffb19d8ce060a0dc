package dev.jgrad.examples.modular;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Dense;
import java.util.Arrays;
import java.util.Random;

/**
 * Runs a dense layer forward and backward from a named module, and fails unless jgrad was loaded as the modules
 * {@code dev.jgrad.engine} and {@code dev.jgrad.nn} and the gradients are the exact ones.
 */
public final class Gradient {
    private Gradient() {
    }

    /** Prints the gradients of {@code sum(x w + b)}: the column sums of {@code x} for {@code w}, the row count for {@code b}. */
    public static void main(String[] args) {
        Dense dense = new Dense(2, 1, new Random(0));
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        dense.forward(x).sum().backward();
        double[] dw = dense.weight().grad().toArray();
        double[] db = dense.bias().grad().toArray();
        String modules = Tensor.class.getModule().getName() + ", " + Dense.class.getModule().getName();
        if (!modules.equals("dev.jgrad.engine, dev.jgrad.nn") || !Arrays.equals(dw, new double[] {4, 6})
                || !Arrays.equals(db, new double[] {2})) {
            throw new IllegalStateException("modular: expected modules dev.jgrad.engine, dev.jgrad.nn and gradients"
                    + " [4.0, 6.0], [2.0], got " + modules + ", " + Arrays.toString(dw) + ", " + Arrays.toString(db));
        }
        System.out.println("modules " + modules + ": d sum / d w = " + Arrays.toString(dw) + ", d sum / d b = "
                + Arrays.toString(db));
    }
}

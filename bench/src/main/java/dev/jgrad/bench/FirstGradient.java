package dev.jgrad.bench;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;

/**
 * The cold-start workload: a program whose whole life is the first gradient, of {@code sum(x * x)} at
 * {@code x = [1, 2, 3]}. {@code bench/run.sh cold-start} times fresh JVMs running it, start to exit.
 */
public final class FirstGradient {
    private FirstGradient() {
    }

    /** Prints {@code [2.0, 4.0, 6.0]}. */
    public static void main(String[] args) {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        x.mul(x).sum().backward();
        System.out.println(Arrays.toString(x.grad().toArray()));
    }
}

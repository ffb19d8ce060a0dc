package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.engine.Tensor;
import org.junit.jupiter.api.Test;

class CustomOpTest {
    @Test
    void cubeComputesTheThirdPower() {
        Tensor y = Tensor.apply(new Cube(), Tensor.of(new double[] {-1, 0.5, 2}, 3));
        assertArrayEquals(new double[] {-1, 0.125, 8}, y.toArray(), 0);
    }

    @Test
    void gradientThroughCubeIsThreeXSquared() {
        Tensor x = CustomOp.run();
        assertArrayEquals(new double[] {3, 0.75, 12}, x.grad().toArray(), 0);
    }
}

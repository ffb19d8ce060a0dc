package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.engine.Tensor;
import org.junit.jupiter.api.Test;

class CalculusTest {
    @Test
    void rosenbrocksDerivativesAtOneTwoAreTheAnalyticOnes() {
        Tensor[] r = Calculus.rosenbrockAtOneTwo();
        assertArrayEquals(new double[] {-400, 200}, r[0].toArray(), 1e-9);
        assertArrayEquals(new double[] {402, -400, -400, 200}, r[1].toArray(), 1e-9);
        // H g = [402 * -400 + -400 * 200, -400 * -400 + 200 * 200]
        assertArrayEquals(new double[] {-240800, 200000}, r[2].toArray(), 1e-6);
    }
}

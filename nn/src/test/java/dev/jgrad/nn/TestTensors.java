package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/** Short ways to write the small tensors the tests spell out value by value. */
final class TestTensors {
    private TestTensors() {
    }

    /** A {@code [rows, cols]} matrix of these values, row by row. */
    static Tensor mat(int rows, int cols, double... v) {
        return Tensor.of(v, rows, cols);
    }

    /** A vector of these values. */
    static Tensor vec(double... v) {
        return Tensor.of(v, v.length);
    }
}

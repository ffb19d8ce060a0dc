package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The elementwise ops of a training step in either dtype, on an MLP hidden layer's activations (a batch of 128 by
 * 256), forward only and outside recording: a same-shape add and multiply, a bias added to every row, relu, and the
 * bias gradient's sum over the batch. Compares FLOAT32 with FLOAT64 op by op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ElementwiseBench {
    /** The dtype of every operand. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor a;
    private Tensor b;
    private Tensor bias;

    /** Random operands of the chosen dtype. */
    @Setup
    public void setup() {
        Random rng = new Random(1);
        a = Tensor.randn(dtype, rng, 128, 256);
        b = Tensor.randn(dtype, rng, 128, 256);
        bias = Tensor.randn(dtype, rng, 256);
    }

    /** {@code a + b}, same shapes. */
    @Benchmark
    public Tensor add() {
        return a.add(b);
    }

    /** {@code a * b}, same shapes. */
    @Benchmark
    public Tensor mul() {
        return a.mul(b);
    }

    /** {@code a + bias}, the bias broadcast over the batch. */
    @Benchmark
    public Tensor addBias() {
        return a.add(bias);
    }

    /** {@code relu(a)}. */
    @Benchmark
    public Tensor relu() {
        return a.relu();
    }

    /** {@code a} summed over the batch, as a bias gradient is. */
    @Benchmark
    public Tensor sumOverBatch() {
        return a.sumTo(256);
    }
}

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
 * The elementwise ops of a training step in either dtype, on an MLP hidden layer's activations (by default a batch of
 * 128 by 256), forward only and outside recording: a same-shape add and multiply, a bias added to every row, relu,
 * and the bias gradient's sum over the batch; and the in-place updates an optimizer makes to a weight of that shape.
 * Compares FLOAT32 with FLOAT64 op by op, and, through {@code -p shape=784x512} (the first layer's weight) and the
 * like, small loops that run on one thread with large ones that the helper threads share.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ElementwiseBench {
    /** The dtype of every operand. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    /** The operands' shape, rows x columns. */
    @Param({"128x256"})
    public String shape;

    private Tensor a;
    private Tensor b;
    private Tensor bias;
    private double scale = 2;

    /** Random operands of the chosen dtype. */
    @Setup
    public void setup() {
        Random rng = new Random(1);
        String[] dims = shape.split("x");
        int rows = Integer.parseInt(dims[0]), cols = Integer.parseInt(dims[1]);
        a = Tensor.randn(dtype, rng, rows, cols);
        b = Tensor.randn(dtype, rng, rows, cols);
        bias = Tensor.randn(dtype, rng, cols);
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
        return a.sumTo(bias.shape());
    }

    /** {@code a += -0.001 * b} in place, as SGD updates a weight from its gradient. */
    @Benchmark
    public Tensor addInPlace() {
        return a.addInPlace(b, -1e-3);
    }

    /** {@code a *= 0.5} and {@code a *= 2} in turn, in place, as weight decay scales a weight (but exactly undone). */
    @Benchmark
    public Tensor mulInPlace() {
        scale = 1 / scale;
        return a.mulInPlace(scale);
    }
}

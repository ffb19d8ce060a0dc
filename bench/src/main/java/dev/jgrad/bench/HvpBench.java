package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Derivatives;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Reduction;
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
 * A Hessian-vector product of a 784-128-10 ReLU MLP's mean softmax cross-entropy on a batch of 64 random inputs and
 * labels, with respect to its four parameter tensors (101,770 numbers), by {@link Derivatives#hvp}, beside the
 * gradient of the same loss by {@link Derivatives#grad}, one forward and one backward pass. Their ratio is what an
 * hvp costs in backward passes; the full Hessian would take one backward pass per parameter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HvpBench {
    static final int BATCH = 64;
    static final int INPUTS = 784;
    static final int HIDDEN = 128;
    static final int CLASSES = 10;

    /** The dtype of the parameters, the vector and the batch. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor[] parameters;
    private Tensor[] vector;
    private Tensor x;
    private int[] labels;
    private Derivatives.Fn loss;

    /** Draws the parameters (He-scaled), the vector the Hessian multiplies, and the batch. */
    @Setup
    public void setup() {
        Random rng = new Random(1);
        parameters = new Tensor[] {
            Tensor.randn(dtype, rng, INPUTS, HIDDEN).mul(Math.sqrt(2.0 / INPUTS)),
            Tensor.zeros(dtype, 1, HIDDEN),
            Tensor.randn(dtype, rng, HIDDEN, CLASSES).mul(Math.sqrt(2.0 / HIDDEN)),
            Tensor.zeros(dtype, 1, CLASSES)};
        vector = new Tensor[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            vector[i] = Tensor.randn(dtype, rng, parameters[i].shape());
        }
        x = Tensor.rand(dtype, rng, BATCH, INPUTS);
        labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        loss = p -> Losses.crossEntropy(x.matmul(p[0]).add(p[1]).relu().matmul(p[2]).add(p[3]), labels,
                Reduction.MEAN);
    }

    /** The gradient with respect to every parameter: forward and one backward pass. */
    @Benchmark
    public Tensor[] gradient() {
        return Derivatives.grad(loss, parameters);
    }

    /** The Hessian times the vector: forward, a backward pass that keeps its graph, and a backward pass of that. */
    @Benchmark
    public Tensor[] product() {
        return Derivatives.hvp(loss, parameters, vector);
    }
}

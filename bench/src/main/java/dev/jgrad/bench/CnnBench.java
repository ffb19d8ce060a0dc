package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Epilogue;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Reduction;
import dev.jgrad.nn.SGD;
import java.util.List;
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
 * One SGD step (learning rate 0.05) of the small CNN of the peers' {@code cnn-djl}, on a batch of 128 random 28x28
 * single-channel images and labels: conv 3x3 (1 -> 32, padding 1), relu, max-pool 2; conv 3x3 (32 -> 64, padding
 * 1), relu, max-pool 2; flatten; dense 3136 -> 128, relu; dense 128 -> 10; softmax cross-entropy. He-normal weights
 * and zero biases, as there, written with the engine's ops on leaf tensors, as the peer writes NDArray ops.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CnnBench {
    /** The dtype of the parameters and the batch. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    static final int BATCH = 128;

    private Tensor conv1, bias1, conv2, bias2, dense1, bias3, dense2, bias4;
    private Optimizer optimizer;
    private Tensor x;
    private int[] labels;

    private Tensor he(Random rng, int fanIn, int... shape) {
        return Tensor.randn(dtype, rng, shape).mul(Math.sqrt(2.0 / fanIn)).detach().requiresGrad(true);
    }

    private Tensor zeros(int n) {
        return Tensor.zeros(dtype, n).requiresGrad(true);
    }

    /** The parameters, their optimizer and the one batch every step trains on. */
    @Setup
    public void setup() {
        Random rng = new Random(1);
        conv1 = he(rng, 9, 32, 1, 3, 3);
        bias1 = zeros(32);
        conv2 = he(rng, 288, 64, 32, 3, 3);
        bias2 = zeros(64);
        dense1 = he(rng, 3136, 3136, 128);
        bias3 = zeros(128);
        dense2 = he(rng, 128, 128, 10);
        bias4 = zeros(10);
        optimizer = new SGD(List.of(conv1, bias1, conv2, bias2, dense1, bias3, dense2, bias4), 0.05);
        x = Tensor.rand(dtype, rng, BATCH, 1, 28, 28);
        labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(10);
        }
    }

    /** One step; returns the loss so that nothing is elided. */
    @Benchmark
    public double step() {
        optimizer.zeroGrad();
        Tensor h = x.conv2d(conv1, bias1, 1, 1).relu().maxPool2d(2, 2);
        h = h.conv2d(conv2, bias2, 1, 1).relu().maxPool2d(2, 2).reshape(BATCH, 3136);
        Tensor logits = h.linear(dense1, bias3, Epilogue.RELU).linear(dense2, bias4);
        Tensor loss = Losses.crossEntropy(logits, labels, Reduction.MEAN);
        loss.backward();
        optimizer.step();
        return loss.item();
    }
}

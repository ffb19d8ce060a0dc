package dev.jgrad.bench;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Dense;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Reduction;
import dev.jgrad.nn.SGD;
import dev.jgrad.nn.Sequential;
import java.util.ArrayList;
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
 * One training step of a ReLU multilayer perceptron from 784 inputs to 10 classes on a batch of 128 random inputs
 * and labels: zero the gradients, forward, softmax cross-entropy, backward, plain SGD with learning rate 0.1. Every
 * layer starts He-normal, as in the libtorch figure it is compared with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MlpBench {
    /** The hidden layer widths, comma-separated: {@code 256} (mlp-small) or {@code 512,512} (mlp-large). */
    @Param({"256", "512,512"})
    public String hidden;

    static final int BATCH = 128;
    static final int INPUTS = 784;
    static final int CLASSES = 10;

    private Module model;
    private Optimizer optimizer;
    private Tensor x;
    private int[] labels;

    /** Builds the network, its optimizer and the one batch every step trains on. */
    @Setup
    public void setup() {
        Random rng = new Random(1);
        List<Module> layers = new ArrayList<>();
        int width = INPUTS;
        for (String h : hidden.split(",")) {
            int next = Integer.parseInt(h);
            layers.add(new Dense(width, next, Init.HE_NORMAL, rng));
            layers.add(Activation.relu());
            width = next;
        }
        layers.add(new Dense(width, CLASSES, Init.HE_NORMAL, rng));
        model = new Sequential(layers.toArray(new Module[0]));
        optimizer = new SGD(model.parameters(), 0.1);
        x = Tensor.rand(rng, BATCH, INPUTS);
        labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
    }

    /** One step; returns the loss so that nothing is elided. */
    @Benchmark
    public double step() {
        optimizer.zeroGrad();
        Tensor loss = Losses.crossEntropy(model.forward(x), labels, Reduction.MEAN);
        loss.backward();
        optimizer.step();
        return loss.item();
    }
}

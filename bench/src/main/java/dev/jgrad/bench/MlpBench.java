package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Reduction;
import dev.jgrad.nn.SGD;
import dev.jgrad.samples.Mlp;
import dev.jgrad.samples.RandomStream;
import java.util.Arrays;
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
 * One training step of the samples' ReLU multilayer perceptron ({@link Mlp}) from 784 inputs to 10 classes on a
 * batch of 128 random inputs and labels: zero the gradients, forward, softmax cross-entropy, backward, plain SGD
 * with learning rate 0.1. The hidden layers start He-normal, as in the libtorch figure it is compared with (the
 * output layer Xavier-uniform, as in the samples; the initial values do not change the work of a step). The model is
 * built in float64, as the samples build it, then converted to the {@code dtype} parameter, and the batch drawn in
 * that dtype.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MlpBench {
    /**
     * The hidden layer widths, comma-separated, set by the {@link Workload} that runs this benchmark (JMH demands a
     * default).
     */
    @Param("256")
    public String hidden;

    /** The dtype of the model and the batch. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    static final int BATCH = 128;
    static final int INPUTS = 784;
    static final int CLASSES = 10;
    static final long SEED = 1;

    private Module model;
    private Optimizer optimizer;
    private Tensor x;
    private int[] labels;

    /** Builds the network, its optimizer and the one batch every step trains on. */
    @Setup
    public void setup() {
        int[] widths = Arrays.stream(hidden.split(",")).mapToInt(Integer::parseInt).toArray();
        model = Mlp.of(INPUTS, widths, CLASSES, Activation.relu(), Init.HE_NORMAL, RandomStream.INIT.from(SEED), 0,
                RandomStream.DROPOUT.from(SEED)).to(dtype);
        optimizer = new SGD(model.parameters(), 0.1);
        Random data = RandomStream.DATA.from(SEED);
        x = Tensor.rand(dtype, data, BATCH, INPUTS);
        labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = data.nextInt(CLASSES);
        }
    }

    /**
     * The floating-point operations of one step's matrix products with these hidden widths: every layer's forward
     * and weight gradient, and every layer's input gradient but the first's (the batch needs none), two per
     * multiply-add.
     */
    static double flops(int... hidden) {
        double total = 0;
        int in = INPUTS;
        for (int layer = 0; layer <= hidden.length; layer++) {
            int out = layer < hidden.length ? hidden[layer] : CLASSES;
            total += 2.0 * BATCH * in * out * (layer == 0 ? 2 : 3);
            in = out;
        }
        return total;
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

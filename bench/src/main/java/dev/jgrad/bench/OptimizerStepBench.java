package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Adam;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Reduction;
import dev.jgrad.samples.Mlp;
import dev.jgrad.samples.RandomStream;
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
 * One Adam step over the fashion-mnist sample's parameters (the 784-256-128-10 MLP's weights and biases, 235,146
 * values) with their gradients set by one backward pass, beside the floor it is measured against: one pass that
 * reads four arrays of that many values (parameter, gradient, both moments) and writes three of them back, which is
 * what any Adam step must move through memory. The gradients stay in place across steps, so each step does the
 * same work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OptimizerStepBench {
    /** The dtype of the model, its gradients and the optimizer's state. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private static final int[] HIDDEN = {256, 128};
    private static final long SEED = 1;

    private Optimizer adam;
    /** The floor's arrays, one group per parameter: value, gradient, first and second moment. */
    private double[][] doubles;
    private float[][] floats;

    /** Builds the network in the dtype, sets every gradient by one backward pass, and copies the floor's arrays. */
    @Setup
    public void setup() {
        Module model = Mlp.of(MlpBench.INPUTS, HIDDEN, MlpBench.CLASSES, Activation.relu(), Init.HE_NORMAL,
                RandomStream.INIT.from(SEED), 0, RandomStream.DROPOUT.from(SEED)).to(dtype);
        Random data = RandomStream.DATA.from(SEED);
        Tensor x = Tensor.rand(dtype, data, MlpBench.BATCH, MlpBench.INPUTS);
        int[] labels = new int[MlpBench.BATCH];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.nextInt(MlpBench.CLASSES);
        }
        Losses.crossEntropy(model.forward(x), labels, Reduction.MEAN).backward();
        List<Tensor> parameters = model.parameters();
        adam = new Adam(parameters, 1e-3);
        doubles = new double[4 * parameters.size()][];
        floats = new float[4 * parameters.size()][];
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (dtype == DType.FLOAT64) {
                doubles[4 * i] = p.toArray();
                doubles[4 * i + 1] = p.grad().toArray();
                doubles[4 * i + 2] = new double[(int) p.size()];
                doubles[4 * i + 3] = new double[(int) p.size()];
            } else {
                floats[4 * i] = p.toFloatArray();
                floats[4 * i + 1] = p.grad().toFloatArray();
                floats[4 * i + 2] = new float[(int) p.size()];
                floats[4 * i + 3] = new float[(int) p.size()];
            }
        }
    }

    /** One Adam step over every parameter. */
    @Benchmark
    public void adam() {
        adam.step();
    }

    /**
     * The floor: every parameter's value, gradient and two moments read once and the value and moments written
     * once, with an addition each so that no pass can be skipped.
     */
    @Benchmark
    public void stream() {
        if (dtype == DType.FLOAT64) {
            for (int k = 0; k < doubles.length; k += 4) {
                double[] p = doubles[k], g = doubles[k + 1], m = doubles[k + 2], v = doubles[k + 3];
                for (int i = 0; i < p.length; i++) {
                    double gi = g[i];
                    p[i] += gi;
                    m[i] += gi;
                    v[i] += gi;
                }
            }
        } else {
            for (int k = 0; k < floats.length; k += 4) {
                float[] p = floats[k], g = floats[k + 1], m = floats[k + 2], v = floats[k + 3];
                for (int i = 0; i < p.length; i++) {
                    float gi = g[i];
                    p[i] += gi;
                    m[i] += gi;
                    v[i] += gi;
                }
            }
        }
    }
}

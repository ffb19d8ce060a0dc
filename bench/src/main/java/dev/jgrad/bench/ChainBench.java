package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-op overhead: a chain of 10,000 elementwise ops on four-element tensors, recorded and then differentiated, so
 * that the arithmetic is negligible and what is measured is the cost of building and walking the graph. The score
 * is forward plus backward time divided by the number of ops, in either dtype.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChainBench {
    /** Ops in the chain, alternating an add and a multiply. */
    public static final int OPS = 10_000;

    /** The dtype of every tensor of the chain. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor start;
    private Tensor cAdd;
    private Tensor cMul;

    /** The constants and the leaf's values, of the chosen dtype. */
    @Setup
    public void setup() {
        start = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, 4).to(dtype);
        cAdd = Tensor.full(dtype, 0.001, 4);
        cMul = Tensor.full(dtype, 0.999, 4);
    }

    /** Builds the chain from a fresh leaf, then {@code sum().backward()}; returns a gradient so nothing is elided. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public double chain() {
        Tensor x = start.detach().requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < OPS; i += 2) {
            y = y.add(cAdd).mul(cMul);
        }
        y.sum().backward();
        return x.grad().get(0);
    }
}

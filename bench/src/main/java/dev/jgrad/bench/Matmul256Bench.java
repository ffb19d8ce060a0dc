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
 * {@code Tensor.matmul} of two 256 x 256 tensors of either dtype, as a user calls it: shape checks, a fresh result,
 * the kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Matmul256Bench {
    /** The side of both square operands. */
    public static final int N = 256;

    /** The dtype of both operands. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor a;
    private Tensor b;

    /** Random operands of the chosen dtype. */
    @Setup
    public void setup() {
        a = Tensor.randn(dtype, new Random(1), N, N);
        b = Tensor.randn(dtype, new Random(2), N, N);
    }

    /** One product. */
    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }
}

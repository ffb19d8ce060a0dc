package dev.jgrad.engine;

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
 * The active matmul kernel on its own, called exactly as {@code matmul} and its backward call it, at the shapes
 * that matter: 512 cubed, and the three products of a 784-256 dense layer on a batch of 128.
 *
 * <p>It sits in the engine's package, though in the benchmark module, to reach the package-private kernel: going
 * through {@code Tensor} would add the allocation of the result to every call and, for the transposed shapes, the
 * graph machinery of a backward pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GemmBench {
    /** A named shape: {@code 512}, or {@code mlp-fwd}, {@code mlp-dw}, {@code mlp-dx}. */
    @Param({"mlp-fwd", "mlp-dw", "mlp-dx", "512"})
    public String shape;

    private boolean transA, transB;
    private int m, n, k;
    private double[] a, b, c;

    /** The multiply-adds of one product, times two: the floating-point operations it performs. */
    public static double flops(String shape) {
        int[] s = dims(shape);
        return 2.0 * s[0] * s[1] * s[2];
    }

    /** {@code m, n, k, transA, transB} of a named shape. */
    private static int[] dims(String shape) {
        switch (shape) {
            case "512":
                return new int[] {512, 512, 512, 0, 0};
            case "mlp-fwd": // Y = X · W: (128 x 784) · (784 x 256)
                return new int[] {128, 256, 784, 0, 0};
            case "mlp-dw": // dW = Xᵀ · dY: (784 x 128) · (128 x 256), X stored as 128 x 784
                return new int[] {784, 256, 128, 1, 0};
            case "mlp-dx": // dX = dY · Wᵀ: (128 x 256) · (256 x 784), W stored as 784 x 256
                return new int[] {128, 784, 256, 0, 1};
            default:
                throw new IllegalArgumentException("gemm: unknown shape " + shape
                        + "; expected 512, mlp-fwd, mlp-dw or mlp-dx");
        }
    }

    /** Random operands in the layout the flags describe. */
    @Setup
    public void setUp() {
        int[] s = dims(shape);
        m = s[0];
        n = s[1];
        k = s[2];
        transA = s[3] == 1;
        transB = s[4] == 1;
        Random rng = new Random(42);
        a = rng.doubles((long) m * k, -1, 1).toArray();
        b = rng.doubles((long) k * n, -1, 1).toArray();
        c = new double[m * n];
    }

    /** One product into a reused result array. */
    @Benchmark
    public double[] gemm() {
        MatmulOps.GEMM.multiply(transA, transB, m, n, k, a, 0, b, 0, c, 0);
        return c;
    }
}

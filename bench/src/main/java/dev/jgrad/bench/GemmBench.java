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
 * The matrix product at the shapes that matter, 512 cubed and the three products of a 784-256 dense layer on a
 * batch of 128, each reached through the public API the way training reaches it: the forward product is
 * {@code a.matmul(b)} on tensors made once, and each transposed product is the backward of a product recorded once
 * (a weight's gradient {@code Xᵀ · dY}, an input's gradient {@code dY · Wᵀ}), run again on every call; every
 * operand is of the {@code dtype} parameter.
 *
 * <p>So a call costs the kernel plus what every product costs a user: a fresh, zeroed result array (1.6 MB for
 * {@code mlp-dw}) and, for the transposed shapes, a backward pass over one node. The array is not free: these
 * figures sit below those of the kernel writing into a reused array, by about a fifth at the MLP shapes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GemmBench {
    /**
     * A product {@code op(A) · op(B)} of {@code m x k} by {@code k x n}, where {@code op} transposes the operand
     * that the flag names, as the backward of {@code matmul} calls it.
     */
    public enum Shape {
        /** 512 x 512 x 512. */
        CUBE_512("512", 512, 512, 512, false, false),
        /** {@code Y = X · W}: (128 x 784) · (784 x 256). */
        MLP_FWD("mlp-fwd", 128, 256, 784, false, false),
        /** {@code dW = Xᵀ · dY}: (784 x 128) · (128 x 256), X stored as 128 x 784. */
        MLP_DW("mlp-dw", 784, 256, 128, true, false),
        /** {@code dX = dY · Wᵀ}: (128 x 256) · (256 x 784), W stored as 784 x 256. */
        MLP_DX("mlp-dx", 128, 784, 256, false, true);

        /** The name of the benchmark's {@code shape} parameter, as in {@code gemm-mlp-fwd}. */
        public final String label;
        final int m, n, k;
        final boolean transA, transB;

        Shape(String label, int m, int n, int k, boolean transA, boolean transB) {
            this.label = label;
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
        }

        /** The multiply-adds of one product, times two: the floating-point operations it performs. */
        public double flops() {
            return 2.0 * m * n * k;
        }

        /** The shape with this label. */
        static Shape of(String label) {
            for (Shape s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("gemm: unknown shape " + label);
        }
    }

    /** A {@link Shape#label}, set by the {@link Workload} that runs this benchmark (JMH demands a default). */
    @Param("512")
    public String shape;

    /** The dtype of every operand. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor a, b;
    /** For a transposed shape: the leaf whose gradient is the product, the recorded output and its upstream. */
    private Tensor leaf, output, upstream;

    /** Random operands; for a transposed shape, the product recorded once whose backward yields it. */
    @Setup
    public void setUp() {
        Shape s = Shape.of(shape);
        Random rng = new Random(42);
        if (s.transA) {
            // y = X · W with X [k, m] and W [m, n]: W's gradient is Xᵀ · dY, m x n over k
            Tensor x = Tensor.randn(dtype, rng, s.k, s.m);
            leaf = Tensor.randn(dtype, rng, s.m, s.n).requiresGrad(true);
            output = x.matmul(leaf);
            upstream = Tensor.randn(dtype, rng, s.k, s.n);
        } else if (s.transB) {
            // y = X · W with X [m, n] and W [n, k]: X's gradient is dY · Wᵀ, m x n over k
            leaf = Tensor.randn(dtype, rng, s.m, s.n).requiresGrad(true);
            output = leaf.matmul(Tensor.randn(dtype, rng, s.n, s.k));
            upstream = Tensor.randn(dtype, rng, s.m, s.k);
        } else {
            a = Tensor.randn(dtype, rng, s.m, s.k);
            b = Tensor.randn(dtype, rng, s.k, s.n);
        }
    }

    /** One product; returns it so that nothing is elided. */
    @Benchmark
    public Tensor gemm() {
        if (leaf == null) {
            return a.matmul(b);
        }
        leaf.zeroGrad();
        output.backward(upstream);
        return leaf.grad();
    }
}

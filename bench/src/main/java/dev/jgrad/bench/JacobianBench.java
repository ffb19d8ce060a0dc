package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Derivatives;
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
 * The full Jacobian of {@code x -> tanh(W·x + b)} from R^n to R^m with a fixed m x n {@code W}, by
 * {@link Derivatives#jacobian(Derivatives.Fn, Tensor[], Derivatives.Mode)} in reverse mode (m vjps, one backward
 * pass per row) and in forward mode (n jvps by the double-vjp construction, one backward pass of the backward graph
 * per column). Three shapes: square, where neither mode has fewer passes and the ratio is the price of a
 * forward-mode column over a reverse-mode row; many inputs to few outputs, where reverse mode needs n/m times fewer
 * passes; few inputs to many outputs, where forward mode does.
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar bench/target/jgrad-bench-all.jar jacobian -p shape=1000x10
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JacobianBench {
    /** The function's inputs, then its outputs: {@code 1000x10} is R^1000 to R^10. */
    @Param({"100x100", "1000x10", "10x1000"})
    public String shape;

    /** How the Jacobian is built. */
    @Param({"REVERSE", "FORWARD"})
    public Derivatives.Mode mode;

    /** The dtype of the point and the function's constants. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor w;
    private Tensor b;
    private Tensor x;

    /** Draws the weights, the bias and the point for the shape. */
    @Setup
    public void setup() {
        String[] sizes = shape.split("x");
        if (sizes.length != 2) {
            throw new IllegalArgumentException("JacobianBench: shape is not inputs x outputs, " + shape);
        }
        int n = Integer.parseInt(sizes[0]);
        int m = Integer.parseInt(sizes[1]);
        Random rng = new Random(1);
        w = Tensor.randn(dtype, rng, m, n).mul(1.0 / Math.sqrt(n));
        b = Tensor.randn(dtype, rng, m, 1);
        x = Tensor.randn(dtype, rng, n, 1);
    }

    /** The m x 1 x n x 1 Jacobian at the point. */
    @Benchmark
    public Tensor jacobian() {
        return Derivatives.jacobian(in -> w.matmul(in[0]).add(b).tanh(), new Tensor[] {x}, mode)[0];
    }
}

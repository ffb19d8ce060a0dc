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
 * The full Jacobian of a square function, {@code x -> tanh(W·x + b)} from R^100 to R^100 with a fixed 100 x 100
 * {@code W}, by {@link Derivatives#jacobian(Derivatives.Fn, Tensor[], Derivatives.Mode)} in reverse mode (100 vjps,
 * one backward pass per row) and in forward mode (100 jvps by the double-vjp construction, one backward pass of the
 * backward graph per column). With as many outputs as inputs neither mode has fewer passes, so the ratio is the
 * price of a forward-mode column over a reverse-mode row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JacobianBench {
    /** Inputs and outputs of the function. */
    static final int N = 100;

    /** How the Jacobian is built. */
    @Param({"REVERSE", "FORWARD"})
    public Derivatives.Mode mode;

    /** The dtype of the point and the function's constants. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor w;
    private Tensor b;
    private Tensor x;

    /** Draws the weights, the bias and the point. */
    @Setup
    public void setup() {
        Random rng = new Random(1);
        w = Tensor.randn(dtype, rng, N, N).mul(1.0 / Math.sqrt(N));
        b = Tensor.randn(dtype, rng, N, 1);
        x = Tensor.randn(dtype, rng, N, 1);
    }

    /** The 100 x 1 x 100 x 1 Jacobian at the point. */
    @Benchmark
    public Tensor jacobian() {
        return Derivatives.jacobian(in -> w.matmul(in[0]).add(b).tanh(), new Tensor[] {x}, mode)[0];
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * How a weight tensor starts, given the layer's fan-in (inputs per unit) and fan-out (outputs): for {@link Dense}
 * the input and output features; for a {@link Conv2d} weight {@code [O, C/groups, kH, kW]}, as PyTorch counts them,
 * {@code C/groups * kH * kW} and {@code O/groups * kH * kW}, so He and Xavier scale by the kernel's size. Every
 * scheme draws from the {@code Random} it is given, so a seed reproduces a network exactly. The named schemes are
 * constants; {@link #uniform} and {@link #normal} take their parameters; any other scheme is a lambda.
 *
 * <p>The schemes draw FLOAT64 tensors. A float32 layer is made and then converted with
 * {@link Module#to(dev.jgrad.engine.DType)}: its weights are the same draws rounded to float, so one seed gives the
 * same network in either dtype, up to that rounding.
 *
 * <pre>{@code
 * Tensor w = Init.HE_NORMAL.sample(new Random(42), 784, 128, 784, 128);   // N(0, 2/784), shape [784, 128]
 * Tensor k = Init.HE_NORMAL.sample(new Random(42), 1 * 3 * 3, 32 * 3 * 3, 32, 1, 3, 3);   // N(0, 2/9), [32, 1, 3, 3]
 * Dense a = new Dense(4, 8, Init.uniform(-0.1, 0.1), rng);
 * Init lecun = (rng, fanIn, fanOut, shape) -> Tensor.randn(rng, shape).mul(Math.sqrt(1.0 / fanIn));
 * Dense b = new Dense(4, 8, lecun, rng);
 * }</pre>
 */
@FunctionalInterface
public interface Init {
    /** All zeros. Every unit then computes the same thing, so use it for biases or tests, not hidden weights. */
    Init ZEROS = (rng, fanIn, fanOut, shape) -> Tensor.zeros(shape);

    /** N(0, 1) scaled by 0.01: the classic small random start, fine for shallow networks. */
    Init SMALL_RANDOM = (rng, fanIn, fanOut, shape) -> gaussian(rng, 0, 0.01, shape);

    /** Glorot uniform: U(-a, a) with {@code a = sqrt(6 / (fanIn + fanOut))}, keeping variance for tanh/sigmoid. */
    Init XAVIER_UNIFORM = (rng, fanIn, fanOut, shape) -> {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        return between(rng, -a, a, shape);
    };

    /** Glorot normal: N(0, 2 / (fanIn + fanOut)). */
    Init XAVIER_NORMAL = (rng, fanIn, fanOut, shape) -> gaussian(rng, 0, Math.sqrt(2.0 / (fanIn + fanOut)), shape);

    /** He/Kaiming normal: N(0, 2 / fanIn), which keeps the variance of ReLU layers. */
    Init HE_NORMAL = (rng, fanIn, fanOut, shape) -> gaussian(rng, 0, Math.sqrt(2.0 / fanIn), shape);

    /** He/Kaiming uniform: U(-a, a) with {@code a = sqrt(6 / fanIn)}, the same variance as {@link #HE_NORMAL}. */
    Init HE_UNIFORM = (rng, fanIn, fanOut, shape) -> {
        double a = Math.sqrt(6.0 / fanIn);
        return between(rng, -a, a, shape);
    };

    /**
     * Draws a tensor of {@code shape} for a layer with these fans: what a custom scheme implements. Callers use
     * {@link #sample}, which checks the arguments and the result.
     */
    Tensor draw(Random rng, int fanIn, int fanOut, int[] shape);

    /**
     * A new tensor of {@code shape} drawn with this scheme.
     *
     * @throws IllegalArgumentException if an argument is null, a fan is not positive, or the scheme returns null or
     *     a tensor of another shape
     */
    default Tensor sample(Random rng, int fanIn, int fanOut, int... shape) {
        Checks.notNull("Init.sample", "rng", rng);
        Checks.notNull("Init.sample", "shape", shape);
        if (fanIn <= 0 || fanOut <= 0) {
            throw new IllegalArgumentException("Init.sample: fan-in " + fanIn + " and fan-out " + fanOut
                    + " must be positive");
        }
        Tensor w = draw(rng, fanIn, fanOut, shape.clone());
        if (w == null || !Arrays.equals(w.shape(), shape)) {
            throw new IllegalArgumentException("Init.sample: the scheme returned " + (w == null ? "null"
                    : "a tensor of shape " + Checks.shape(w)) + " for shape " + Checks.shape(shape));
        }
        return w;
    }

    /**
     * U(lo, hi): every value equally likely between the bounds, whatever the fans.
     *
     * @throws IllegalArgumentException unless {@code lo < hi}, both finite
     */
    static Init uniform(double lo, double hi) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("Init.uniform: bounds [" + lo + ", " + hi
                    + ") need finite lo < hi");
        }
        return (rng, fanIn, fanOut, shape) -> between(rng, lo, hi, shape);
    }

    /**
     * N(mean, std^2), whatever the fans.
     *
     * @throws IllegalArgumentException if {@code mean} is not finite or {@code std} is not positive and finite
     */
    static Init normal(double mean, double std) {
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("Init.normal: mean " + mean + " and std " + std
                    + " need a finite mean and a positive, finite std");
        }
        return (rng, fanIn, fanOut, shape) -> gaussian(rng, mean, std, shape);
    }

    private static Tensor between(Random rng, double lo, double hi, int[] shape) {
        return Tensor.rand(rng, shape).mul(hi - lo).add(lo);
    }

    private static Tensor gaussian(Random rng, double mean, double std, int[] shape) {
        return Tensor.randn(rng, shape).mul(std).add(mean);
    }
}

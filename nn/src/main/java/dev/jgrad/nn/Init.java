package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Random;

/**
 * How a weight tensor starts, given the layer's fan-in (inputs per unit) and fan-out (outputs). Every scheme draws
 * from the {@code Random} it is given, so a seed reproduces a network exactly.
 *
 * <pre>{@code
 * Tensor w = Init.HE_NORMAL.sample(new Random(42), 784, 128, 784, 128);   // N(0, 2/784), shape [784, 128]
 * }</pre>
 */
public enum Init {
    /** All zeros. Every unit then computes the same thing, so use it for biases or tests, not hidden weights. */
    ZEROS {
        @Override
        Tensor draw(Random rng, int fanIn, int fanOut, int[] shape) {
            return Tensor.zeros(shape);
        }
    },
    /** N(0, 1) scaled by 0.01: the classic small random start, fine for shallow networks. */
    SMALL_RANDOM {
        @Override
        Tensor draw(Random rng, int fanIn, int fanOut, int[] shape) {
            return Tensor.randn(rng, shape).mul(0.01);
        }
    },
    /** Glorot uniform: U(-a, a) with {@code a = sqrt(6 / (fanIn + fanOut))}, keeping variance for tanh/sigmoid. */
    XAVIER_UNIFORM {
        @Override
        Tensor draw(Random rng, int fanIn, int fanOut, int[] shape) {
            return uniform(rng, Math.sqrt(6.0 / (fanIn + fanOut)), shape);
        }
    },
    /** Glorot normal: N(0, 2 / (fanIn + fanOut)). */
    XAVIER_NORMAL {
        @Override
        Tensor draw(Random rng, int fanIn, int fanOut, int[] shape) {
            return Tensor.randn(rng, shape).mul(Math.sqrt(2.0 / (fanIn + fanOut)));
        }
    },
    /** He/Kaiming normal: N(0, 2 / fanIn), which keeps the variance of ReLU layers. */
    HE_NORMAL {
        @Override
        Tensor draw(Random rng, int fanIn, int fanOut, int[] shape) {
            return Tensor.randn(rng, shape).mul(Math.sqrt(2.0 / fanIn));
        }
    },
    /** He/Kaiming uniform: U(-a, a) with {@code a = sqrt(6 / fanIn)}, the same variance as {@link #HE_NORMAL}. */
    HE_UNIFORM {
        @Override
        Tensor draw(Random rng, int fanIn, int fanOut, int[] shape) {
            return uniform(rng, Math.sqrt(6.0 / fanIn), shape);
        }
    };

    abstract Tensor draw(Random rng, int fanIn, int fanOut, int[] shape);

    /**
     * A new tensor of {@code shape} drawn with this scheme.
     *
     * @throws IllegalArgumentException if a fan is not positive
     */
    public Tensor sample(Random rng, int fanIn, int fanOut, int... shape) {
        if (fanIn <= 0 || fanOut <= 0) {
            throw new IllegalArgumentException("Init." + name() + ": fan-in " + fanIn + " and fan-out " + fanOut
                    + " must be positive");
        }
        return draw(rng, fanIn, fanOut, shape);
    }

    private static Tensor uniform(Random rng, double bound, int[] shape) {
        return Tensor.rand(rng, shape).mul(2 * bound).sub(bound);
    }
}

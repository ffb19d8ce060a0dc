package dev.jgrad.nn;

import dev.jgrad.engine.Function;
import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Activation functions on tensors, composed from engine ops so that their gradients (and gradients of gradients)
 * come from the ops' own backward passes. Elementwise unless stated; {@link Activation} wraps each as a module.
 *
 * <pre>{@code
 * Tensor h = Activations.leakyRelu(x.matmul(w));      // slope 0.01 for x < 0
 * Tensor p = Activations.softmax(logits, -1);          // rows sum to 1, stable for logits of 1000
 * }</pre>
 *
 * <p>The piecewise-linear family (leaky ReLU, PReLU, RReLU, ELU) is written as {@code relu(x) + f(min(x, 0))}, so it
 * follows the engine's kink conventions: at exactly 0 the gradient of ReLU is 0 and a tie of {@code min} splits.
 *
 * <p>Every function keeps its input's dtype: its constants are made in that dtype, and softplus and GELU's normal
 * distribution function compute in double and round once to it. Only a tensor argument of the other dtype (a
 * FLOAT64 PReLU slope with a FLOAT32 input, say) promotes the result to FLOAT64, as any engine op does.
 *
 * <p>Every function rejects a null argument with an {@code IllegalArgumentException} naming itself and the
 * parameter, e.g. {@code gelu: x is null}.
 */
public final class Activations {
    private Activations() {
    }

    // ---------------------------------------------------------------- the engine's own

    /** {@code 1 / (1 + e^-x)}. */
    public static Tensor sigmoid(Tensor x) {
        return Checks.notNull("sigmoid", "x", x).sigmoid();
    }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return Checks.notNull("tanh", "x", x).tanh();
    }

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) {
        return Checks.notNull("relu", "x", x).relu();
    }

    // ---------------------------------------------------------------- ReLU family

    /** Leaky ReLU with the customary negative slope 0.01. */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01);
    }

    /** {@code x} for {@code x > 0}, {@code slope * x} otherwise. */
    public static Tensor leakyRelu(Tensor x, double slope) {
        return negativeSlope(Checks.notNull("leakyRelu", "x", x), negative -> negative.mul(slope));
    }

    /**
     * Parametric ReLU: {@code x} for {@code x > 0}, {@code slope * x} otherwise, with a learnable {@code slope}
     * (a single value, or one per feature of the last axis) that receives a gradient.
     *
     * @throws IllegalArgumentException if an argument is null or {@code slope} is neither one value nor one per
     *     feature
     */
    public static Tensor prelu(Tensor x, Tensor slope) {
        Checks.notNull("prelu", "x", x);
        Checks.notNull("prelu", "slope", slope);
        int[] s = x.shape();
        boolean perFeature = slope.rank() == 1 && s.length > 0 && slope.shape()[0] == s[s.length - 1];
        if (slope.size() != 1 && !perFeature) {
            throw new IllegalArgumentException("prelu: slope of shape " + Checks.shape(slope)
                    + " is neither one value nor one per feature of input shape " + Checks.shape(s));
        }
        // A single slope is read as a scalar so the output keeps the input's shape, whatever the slope's rank.
        Tensor slopes = perFeature ? slope : slope.reshape();
        return negativeSlope(x, negative -> negative.mul(slopes));
    }

    /**
     * Randomized leaky ReLU as in training: each element's negative slope is drawn uniformly from
     * {@code [lower, upper]} with {@code rng}. At inference use {@code leakyRelu(x, (lower + upper) / 2)}, which
     * {@link RReLU} does in eval mode.
     *
     * @throws IllegalArgumentException if an argument is null, or unless {@code lower <= upper}, both finite
     */
    public static Tensor rrelu(Tensor x, double lower, double upper, Random rng) {
        Checks.notNull("rrelu", "x", x);
        Checks.notNull("rrelu", "rng", rng);
        checkSlopeRange("rrelu", lower, upper);
        return withSlopes(x, Tensor.rand(x.dtype(), rng, x.shape()).mul(upper - lower).add(lower));
    }

    /** RReLU with the negative slopes given, one per element of {@code x}: {@code relu(x) + slopes * min(x, 0)}. */
    static Tensor withSlopes(Tensor x, Tensor slopes) {
        return negativeSlope(x, negative -> negative.mul(slopes));
    }

    /** {@code relu(x) + slope(min(x, 0))}: the ReLU family's shared form. */
    private static Tensor negativeSlope(Tensor x, UnaryOperator<Tensor> slope) {
        return x.relu().add(slope.apply(negativePart(x)));
    }

    /** {@code min(x, 0)}, against a zero of x's own dtype so that a FLOAT32 input stays FLOAT32. */
    private static Tensor negativePart(Tensor x) {
        return x.minimum(Tensor.zeros(x.dtype()));
    }

    /** ELU with {@code alpha = 1}. */
    public static Tensor elu(Tensor x) {
        return elu(x, 1.0);
    }

    /** Exponential linear unit: {@code x} for {@code x > 0}, {@code alpha (e^x - 1)} otherwise. */
    public static Tensor elu(Tensor x, double alpha) {
        Checks.notNull("elu", "x", x);
        return negativeSlope(x, negative -> negative.exp().sub(1.0).mul(alpha));
    }

    // ---------------------------------------------------------------- smooth

    /** SiLU, {@code x * sigmoid(x)}: swish with {@code beta = 1}. */
    public static Tensor silu(Tensor x) {
        return swish(Checks.notNull("silu", "x", x), 1.0);
    }

    /** Swish, {@code x * sigmoid(beta x)}. */
    public static Tensor swish(Tensor x, double beta) {
        Checks.notNull("swish", "x", x);
        return x.mul(x.mul(beta).sigmoid());
    }

    /**
     * {@code log(1 + e^x)}, computed as {@code max(x, 0) + log1p(e^-|x|)} so it neither overflows for large x nor
     * loses the small value for very negative x. Its derivative is the sigmoid.
     */
    public static Tensor softplus(Tensor x) {
        return Tensor.apply(SOFTPLUS, Checks.notNull("softplus", "x", x));
    }

    /** The exact GELU, {@code x * Phi(x)} with {@code Phi} the standard normal distribution function. */
    public static Tensor gelu(Tensor x) {
        Checks.notNull("gelu", "x", x);
        return x.mul(Tensor.apply(NORMAL_CDF, x));
    }

    // ---------------------------------------------------------------- along an axis

    /**
     * {@code e^x / sum(e^x)} along {@code axis}, computed as {@code exp(x - logSumExp(x))} so logits of 1000 do not
     * overflow.
     *
     * @throws IllegalArgumentException if {@code x} is null or {@code axis} is out of range
     */
    public static Tensor softmax(Tensor x, int axis) {
        return logSoftmax("softmax", x, axis).exp();
    }

    /**
     * {@code x - logSumExp(x)} along {@code axis}: the log of the softmax without ever forming it.
     *
     * @throws IllegalArgumentException if {@code x} is null or {@code axis} is out of range
     */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return logSoftmax("logSoftmax", x, axis);
    }

    /** {@link #logSoftmax(Tensor, int)} with its errors naming {@code op}, the function the caller called. */
    private static Tensor logSoftmax(String op, Tensor x, int axis) {
        int rank = Checks.notNull(op, "x", x).rank();
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape "
                    + Checks.shape(x));
        }
        return x.sub(x.logSumExp(axis, true));
    }

    /**
     * Maxout over groups: the last axis, of length {@code pieces * k}, is cut into {@code k} groups of
     * {@code pieces} consecutive values and each group is replaced by its maximum. {@link Maxout} puts a linear
     * layer in front of it.
     *
     * @throws IllegalArgumentException if {@code x} is null or its last axis is not a positive multiple of
     *     {@code pieces}
     */
    public static Tensor maxout(Tensor x, int pieces) {
        int[] shape = Checks.notNull("maxout", "x", x).shape();
        int last = shape.length == 0 ? 0 : shape[shape.length - 1];
        if (pieces <= 0 || last == 0 || last % pieces != 0) {
            throw new IllegalArgumentException("maxout: the last axis of shape " + Checks.shape(shape)
                    + " is not a positive multiple of " + pieces + " pieces");
        }
        int[] grouped = Arrays.copyOf(shape, shape.length + 1);
        grouped[shape.length - 1] = last / pieces;
        grouped[shape.length] = pieces;
        return x.reshape(grouped).max(-1, false);
    }

    static void checkSlopeRange(String op, double lower, double upper) {
        if (!(lower <= upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException(op + ": slope range [" + lower + ", " + upper
                    + "] needs finite lower <= upper");
        }
    }

    // ---------------------------------------------------------------- custom ops and their derivatives

    private static final Function SOFTPLUS = new Function() {
        @Override
        public Tensor forward(Tensor... in) {
            double[] v = in[0].toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(v[i], 0.0) + Math.log1p(Math.exp(-Math.abs(v[i])));
            }
            return Tensor.of(v, in[0].shape()).to(in[0].dtype());
        }

        @Override
        public Tensor[] backward(Tensor upstream, Tensor[] in, Tensor out) {
            return new Tensor[] {upstream.mul(in[0].sigmoid())};
        }

        @Override
        public String name() {
            return "softplus";
        }
    };

    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

    /**
     * Phi(x) = (1 + erf(x / sqrt 2)) / 2; its derivative is the normal density, written with tensor ops. Below 0 it
     * is erfc(-x / sqrt 2) / 2 instead: 1 + erf there cancels to a tiny number and keeps only its absolute precision.
     */
    private static final Function NORMAL_CDF = new Function() {
        @Override
        public Tensor forward(Tensor... in) {
            double[] v = in[0].toArray();
            for (int i = 0; i < v.length; i++) {
                double z = v[i] / Math.sqrt(2.0);
                v[i] = z < 0 ? 0.5 * erfc(-z) : 0.5 * (1.0 + erf(z));
            }
            return Tensor.of(v, in[0].shape()).to(in[0].dtype());
        }

        @Override
        public Tensor[] backward(Tensor upstream, Tensor[] in, Tensor out) {
            return new Tensor[] {upstream.mul(in[0].pow(2).mul(-0.5).exp().mul(INV_SQRT_2PI))};
        }

        @Override
        public String name() {
            return "normalCdf";
        }
    };

    /**
     * The error function to double precision, from the series {@code erf(x) = 2/sqrt(pi) e^(-x^2) sum (2x^2)^n x /
     * (2n+1)!!}, whose terms are all positive (no cancellation). Beyond |x| = 6, erf is 1 to double precision.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 6.0) {
            return Math.signum(x);
        }
        double twoX2 = 2 * ax * ax;
        double term = ax;
        double sum = ax;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= twoX2 / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(2.0 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum, x);
    }

    /**
     * The complementary error function {@code 1 - erf(z)} for {@code z >= 0}, to full relative precision: below 2 as
     * {@code 1 - erf(z)}, which loses at most a factor 1 / erfc(2) = 214 to cancellation; from 2 on by the continued
     * fraction {@code erfc(z) = e^(-z^2) / sqrt(pi) / (z + (1/2) / (z + 1 / (z + (3/2) / (z + ...))))}, evaluated by
     * Lentz's method (under 60 terms at z = 2, fewer beyond).
     */
    static double erfc(double z) {
        if (z < 2) {
            return 1 - erf(z);
        }
        double f = z, c = z, d = 0;
        for (int n = 1; n < 200; n++) {
            d = 1 / (z + n / 2.0 * d);
            c = z + n / 2.0 / c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
    }
}

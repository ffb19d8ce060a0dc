package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * A fully connected layer, {@code y = x W + b}, on a batch of row vectors: input {@code [batch, in]}, output
 * {@code [batch, out]}. The weight {@code W} is {@code [in, out]} and starts as the chosen {@link Init} draws it; the
 * bias {@code b} is {@code [out]} and starts at zero.
 *
 * <pre>{@code
 * Dense layer = new Dense(784, 128, Init.HE_NORMAL, new Random(1));
 * Tensor h = layer.forward(images);   // [batch, 128]
 * }</pre>
 */
public final class Dense extends Module {
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer from {@code in} to {@code out} features with weights drawn by {@code init} from {@code rng}.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public Dense(int in, int out, Init init, Random rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense: sizes must be positive, got " + in + " -> " + out);
        }
        this.weight = init.sample(rng, in, out, in, out).requiresGrad(true);
        this.bias = Tensor.zeros(out).requiresGrad(true);
    }

    /** A layer from {@code in} to {@code out} features with Xavier/Glorot uniform weights drawn from {@code rng}. */
    public Dense(int in, int out, Random rng) {
        this(in, out, Init.XAVIER_UNIFORM, rng);
    }

    /** The weight, {@code [in, out]}: the parameter itself, not a copy. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, {@code [out]}: the parameter itself, not a copy. */
    public Tensor bias() {
        return bias;
    }

    /**
     * {@code x W + b}.
     *
     * @throws IllegalArgumentException if the input is not {@code [batch, in]}
     */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        int in = weight.shape()[0];
        if (s.length != 2 || s[1] != in) {
            throw new IllegalArgumentException("Dense(" + in + " -> " + weight.shape()[1] + "): input of shape "
                    + Arrays.toString(s) + " is not [batch, " + in + "]");
        }
        return x.matmul(weight).add(bias);
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Epilogue;
import dev.jgrad.engine.Tensor;
import java.util.Random;

/**
 * A fully connected layer, {@code y = x W + b}, on a batch of row vectors: input {@code [batch, in]}, output
 * {@code [batch, out]}. The weight {@code W} is {@code [in, out]} and starts as the chosen {@link Init} draws it; the
 * bias {@code b} is {@code [out]} and starts at zero. A layer made by {@link #withoutBias} computes {@code x W}
 * and has the weight as its only parameter (as before a batch norm, whose shift makes a bias redundant).
 *
 * <pre>{@code
 * Dense layer = new Dense(784, 128, Init.HE_NORMAL, new Random(1));
 * Tensor h = layer.forward(images);   // [batch, 128]
 * Dense projection = Dense.withoutBias(128, 32, Init.XAVIER_UNIFORM, new Random(2));
 * Dense single = (Dense) new Dense(784, 128, new Random(1)).to(DType.FLOAT32);   // float32 weight and bias
 * }</pre>
 *
 * <p>The parameters start as FLOAT64 (see {@link Init}); {@link Module#to} converts them. A FLOAT32 input to a
 * FLOAT64 layer gives a FLOAT64 output, as the engine promotes mixed dtypes.
 */
public final class Dense extends Module {
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer from {@code in} to {@code out} features with weights drawn by {@code init} from {@code rng}.
     *
     * @throws IllegalArgumentException if a size is not positive or an argument is null
     */
    public Dense(int in, int out, Init init, Random rng) {
        this(in, out, init, rng, true);
    }

    private Dense(int in, int out, Init init, Random rng, boolean withBias) {
        Checks.notNull("Dense", "init", init);
        Checks.notNull("Dense", "rng", rng);
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense: sizes must be positive, got " + in + " -> " + out);
        }
        this.weight = init.sample(rng, in, out, in, out).requiresGrad(true);
        this.bias = withBias ? Tensor.zeros(out).requiresGrad(true) : null;
    }

    /**
     * A layer computing {@code x W} with no bias, its weight drawn by {@code init} from {@code rng}: its only
     * parameter is {@code weight}.
     *
     * @throws IllegalArgumentException if a size is not positive or an argument is null
     */
    public static Dense withoutBias(int in, int out, Init init, Random rng) {
        return new Dense(in, out, init, rng, false);
    }

    /**
     * A layer from {@code in} to {@code out} features with Xavier/Glorot uniform weights drawn from {@code rng}.
     *
     * @throws IllegalArgumentException if a size is not positive or {@code rng} is null
     */
    public Dense(int in, int out, Random rng) {
        this(in, out, Init.XAVIER_UNIFORM, rng);
    }

    /** The weight, {@code [in, out]}: the parameter itself, not a copy. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, {@code [out]}: the parameter itself, not a copy; null for a layer made {@link #withoutBias}. */
    public Tensor bias() {
        return bias;
    }

    /**
     * {@code x W + b}, or {@code x W} without a bias, as the engine's one fused op
     * {@link Tensor#linear(Tensor, Tensor)}.
     *
     * @throws IllegalArgumentException if the input is null or not {@code [batch, in]}
     */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Epilogue.IDENTITY);
    }

    /**
     * {@code epilogue(x W + b)} as the engine's one fused op ({@link Tensor#linear(Tensor, Tensor, Epilogue)}):
     * what {@link Sequential} calls for this layer followed by {@link Activation#relu()}.
     */
    Tensor forward(Tensor x, Epilogue epilogue) {
        int in = weight.shape()[0];
        Checks.batchOf("Dense(" + in + " -> " + weight.shape()[1] + ")", x, in);
        return x.linear(weight, bias, epilogue);
    }
}

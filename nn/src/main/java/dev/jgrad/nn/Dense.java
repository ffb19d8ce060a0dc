package dev.jgrad.nn;

import dev.jgrad.engine.Epilogue;
import dev.jgrad.engine.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * A fully connected layer, {@code y = activation(x W + b)}, on a batch of row vectors: input {@code [batch, in]},
 * output {@code [batch, out]}. The weight {@code W} is {@code [in, out]} and starts as the chosen {@link Init} draws
 * it, Glorot (Xavier) uniform unless another is given, as in Keras; the bias {@code b} is {@code [out]} and starts at
 * zero. A layer made by {@link #withoutBias} computes {@code x W} and has the weight as its only parameter (as before
 * a batch norm, whose shift makes a bias redundant).
 *
 * <pre>{@code
 * Dense hidden = new Dense(153, Activation.sigmoid());   // the input width comes from the first input
 * hidden.build(4);                                       // or is fixed now: weight [4, 153]
 * Dense layer = new Dense(784, 128, Init.HE_NORMAL, new Random(1));
 * Tensor h = layer.forward(images);   // [batch, 128]
 * Dense projection = Dense.withoutBias(128, 32, Init.XAVIER_UNIFORM, new Random(2));
 * Dense single = (Dense) new Dense(784, 128, new Random(1)).to(DType.FLOAT32);   // float32 weight and bias
 * }</pre>
 *
 * <p>A layer made with only its units ({@link #Dense(int)}, {@link #Dense(int, Activation)}) has no parameters until
 * it knows its input width: {@link #build(int...)} gives it, or the first {@link #forward} takes it from the input,
 * as Keras does; {@link Module#parameters()} throws until then, and {@link Checkpoint#load} builds it from the saved
 * shapes. Its weights are drawn from a seed that a {@link Model} gives it (so one seed reproduces the model), or else
 * from the JVM's default stream of seeds, fixed as PyTorch's default generator is.
 *
 * <p>The parameters start as FLOAT64 (see {@link Init}); {@link Module#to} converts them. A FLOAT32 input to a
 * FLOAT64 layer gives a FLOAT64 output, as the engine promotes mixed dtypes.
 */
public final class Dense extends Module {
    private final int units;
    private final Init init;
    private final boolean withBias;
    /**
     * Applied to {@code x W + b}, or null for none; a ReLU runs inside the linear op's own output pass. Transient,
     * so that it is part of the layer rather than a child of its own (it has no parameters or mode to find).
     */
    private final transient Activation activation;
    /** The seed of the weights of a layer that builds later; null until a model or the default stream gives it. */
    private Long seed;
    private Tensor weight;
    private Tensor bias;

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
        this.units = out;
        this.init = init;
        this.withBias = withBias;
        this.activation = null;
        make(in, rng);
    }

    /**
     * A layer of {@code units} outputs, Glorot uniform weights and a zero bias, with no activation, whose input
     * width comes from its first input or from {@link #build(int...)}.
     *
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public Dense(int units) {
        this(units, null, "Dense");
    }

    /**
     * A layer of {@code units} outputs computing {@code activation(x W + b)}, with Glorot uniform weights and a zero
     * bias, whose input width comes from its first input or from {@link #build(int...)}.
     *
     * @throws IllegalArgumentException if {@code units} is not positive or {@code activation} is null
     */
    public Dense(int units, Activation activation) {
        this(units, Checks.notNull("Dense", "activation", activation), "Dense");
    }

    private Dense(int units, Activation activation, String op) {
        if (units <= 0) {
            throw new IllegalArgumentException(op + ": units must be positive, got " + units);
        }
        this.units = units;
        this.init = Init.XAVIER_UNIFORM;
        this.withBias = true;
        this.activation = activation;
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

    private void make(int in, Random rng) {
        this.weight = init.sample(rng, in, units, in, units).requiresGrad(true);
        this.bias = withBias ? Tensor.zeros(units).requiresGrad(true) : null;
    }

    /**
     * Fixes the input width and draws the weights, as Keras's {@code build}: {@code inputShape} is one sample's
     * shape, {@code [in]}, without the batch axis. Building a built layer for its own width changes nothing.
     * Returns this layer.
     *
     * @throws IllegalArgumentException if {@code inputShape} is null or not {@code [in]} with {@code in > 0}
     * @throws IllegalStateException if the layer is already built for another input width
     */
    public Dense build(int... inputShape) {
        Checks.notNull("Dense.build", "inputShape", inputShape);
        if (inputShape.length != 1 || inputShape[0] <= 0) {
            throw new IllegalArgumentException("Dense.build: input shape " + Arrays.toString(inputShape)
                    + " is not one sample's [features] with features > 0");
        }
        buildFor("Dense.build", inputShape[0]);
        return this;
    }

    private void buildFor(String op, int in) {
        if (weight == null) {
            if (seed == null) {
                seed = Seeds.next();
            }
            make(in, new Random(seed));
        } else if (weight.shape()[0] != in) {
            throw new IllegalStateException(op + ": " + this + " is already built for an input width of "
                    + weight.shape()[0] + ", not " + in);
        }
    }

    /** Whether the layer has its parameters: always for the explicit constructors, after the first input otherwise. */
    public boolean isBuilt() {
        return weight != null;
    }

    @Override
    boolean built() {
        return isBuilt();
    }

    @Override
    void seedIfUnset(long seed) {
        if (this.seed == null && weight == null) {
            this.seed = seed;
        }
    }

    @Override
    void buildFrom(String prefix, Map<String, Tensor> saved, Path file) {
        Tensor w = saved.get(prefix + "weight");
        if (w == null) {
            throw new CheckpointException("checkpoint " + file + ": parameter '" + prefix + "weight' of the model is"
                    + " missing from the file (it has " + saved.keySet() + ")", null);
        }
        int[] s = w.shape();
        if (s.length != 2 || s[1] != units || s[0] <= 0) {
            throw new CheckpointException("checkpoint " + file + ": parameter '" + prefix + "weight' has shape "
                    + Arrays.toString(s) + " in the file but [in, " + units + "] in the unbuilt model", null);
        }
        // Zeros, not a draw: the checkpoint's values replace them, and the layer's seed stays unused.
        weight = Tensor.zeros(s[0], units).requiresGrad(true);
        bias = withBias ? Tensor.zeros(units).requiresGrad(true) : null;
    }

    @Override
    void unbuild() {
        weight = null;
        bias = null;
    }

    /** The number of outputs per sample. */
    public int units() {
        return units;
    }

    /**
     * The weight, {@code [in, out]}: the parameter itself, not a copy.
     *
     * @throws IllegalStateException if the layer is not built yet
     */
    public Tensor weight() {
        requireBuiltLayer("Dense.weight");
        return weight;
    }

    /**
     * The bias, {@code [out]}: the parameter itself, not a copy; null for a layer made {@link #withoutBias}.
     *
     * @throws IllegalStateException if the layer is not built yet
     */
    public Tensor bias() {
        requireBuiltLayer("Dense.bias");
        return bias;
    }

    private void requireBuiltLayer(String op) {
        if (weight == null) {
            throw new IllegalStateException(op + ": " + this + " is not built yet: call build(inputShape) or run"
                    + " one forward pass first");
        }
    }

    /**
     * {@code activation(x W + b)}, or {@code x W} without a bias or activation, as the engine's one fused op
     * {@link Tensor#linear(Tensor, Tensor)}. An unbuilt layer first builds itself for the input's width.
     *
     * @throws IllegalArgumentException if the input is null or not {@code [batch, in]}
     */
    @Override
    public Tensor forward(Tensor x) {
        if (activation == null || activation.isRelu()) {
            return forward(x, activation == null ? Epilogue.IDENTITY : Epilogue.RELU);
        }
        return activation.forward(forward(x, Epilogue.IDENTITY));
    }

    /** Whether this layer's output is {@code x W + b} alone, to which {@link Sequential} may fuse a following ReLU. */
    boolean linearOutput() {
        return activation == null;
    }

    /**
     * {@code epilogue(x W + b)} as the engine's one fused op ({@link Tensor#linear(Tensor, Tensor, Epilogue)}):
     * what {@link Sequential} calls for this layer followed by {@link Activation#relu()}.
     */
    Tensor forward(Tensor x, Epilogue epilogue) {
        if (weight == null) {
            Checks.notNull(toString(), "input", x);
            if (x.rank() != 2 || x.shape()[1] == 0) {
                throw new IllegalArgumentException(this + ": input of shape " + Checks.shape(x)
                        + " is not [batch, in] with in > 0");
            }
            buildFor(toString(), x.shape()[1]);
        }
        int in = weight.shape()[0];
        Checks.batchOf(toString(), x, in);
        return x.linear(weight, bias, epilogue);
    }

    /** {@code Dense(in -> out)}, with {@code ?} for the width of a layer not built yet, and its activation if any. */
    @Override
    public String toString() {
        return "Dense(" + (weight == null ? "?" : String.valueOf(weight.shape()[0])) + " -> " + units
                + (activation == null ? "" : ", " + activation) + ")";
    }
}

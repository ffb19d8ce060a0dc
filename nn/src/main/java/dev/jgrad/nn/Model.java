package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A network with Keras's workflow on top: {@link #compile}, {@link #fit}, {@link #evaluate}, {@link #predict} and
 * {@link #summary}, over a {@link Trainer} it makes itself. It wraps any {@link Module}; {@link #sequential} wraps a
 * {@link Sequential} of the given layers, as Keras's {@code Sequential([...])} is a model.
 *
 * <pre>{@code
 * Model model = Model.sequential(new Dense(153, Activation.sigmoid()), new Dense(21, Activation.sigmoid()));
 * model.compile(Loss.binaryCrossEntropy());
 * model.fit(x, y, 100);
 * Tensor yNew = model.predict(xNew);
 * }</pre>
 *
 * <p>A wrapper rather than methods on {@code Sequential}, because the workflow holds state a layer should not
 * (the loss, the optimizer and its moments, the shuffling stream, the input shape) and because it serves any module,
 * a hand-written one too, as Keras's {@code Model} does; the module stays a plain module, saved with
 * {@link Checkpoint} under the same names as before ({@code Checkpoint.save(model.module(), path)}). The wrapper is
 * not itself a module, so a module's own unbatched {@link Module#predict} and this batched one never meet.
 *
 * <p>Defaults, Keras's where the user gives none: {@link #compile(Loss)} uses RMSprop at learning rate 0.001 (rho
 * 0.9, epsilon 1e-7), as Keras's {@code compile(optimizer="rmsprop")}; {@code fit} trains in batches of 32,
 * shuffled every epoch, with progress on standard output ({@link FitOptions#defaults()}); {@code evaluate} and
 * {@code predict} run in batches of {@value Trainer#EVALUATION_BATCH}, as {@link Trainer} evaluates, which without
 * a graph to keep only changes the speed.
 *
 * <p>One seed ({@link #seed(long)}, 0 unless set) makes a run reproducible: the layers that were made without a
 * generator or seed ({@code new Dense(units)}, {@code new Dropout(p)}) draw their weights and masks from seeds
 * derived from it, and the shuffling uses a stream derived from it too. The seeds are handed out when the model is
 * first built or used, in the order of the module's layers; a layer made with its own {@code Random} keeps it. Two
 * models with the same seed and layers start identical, so give an ensemble different seeds.
 *
 * <p>A model whose layers infer their input widths builds at {@link #build}, or at its first {@code fit},
 * {@code evaluate} or {@code predict}, from the shape of one sample of {@code x}; the optimizer is made then, from the
 * {@link OptimizerFactory} given to {@code compile}, and kept across {@code fit} calls until the next compile.
 */
public final class Model {
    private final Module module;
    private long seed;
    /** The stream fit shuffles with; null until the seeds are handed out. */
    private Random shuffle;
    /** One sample's shape, without the batch axis; null until known. */
    private int[] inputShape;
    private Loss loss;
    private OptimizerFactory optimizerFactory;
    private List<Metric> metrics = List.of();
    /** Made at the first use after compile, when the parameters exist. */
    private Trainer trainer;
    private Optimizer optimizer;

    /**
     * A model of {@code module}.
     *
     * @throws IllegalArgumentException if {@code module} is null
     */
    public Model(Module module) {
        this.module = Checks.notNull("Model", "module", module);
    }

    /**
     * A model of a {@link Sequential} of {@code layers}, in order.
     *
     * @throws IllegalArgumentException as {@link Sequential#Sequential(Module...)} does
     */
    public static Model sequential(Module... layers) {
        return new Model(new Sequential(layers));
    }

    /** The module this model trains: the same object, not a copy. */
    public Module module() {
        return module;
    }

    /**
     * Sets the seed of the layers' initial weights, their dropout masks and the shuffling (0 unless set), and
     * returns this model.
     *
     * @throws IllegalStateException if the model has already been built or used, when the seeds were handed out
     */
    public Model seed(long seed) {
        if (shuffle != null) {
            throw new IllegalStateException("Model.seed: the layers already drew from seed " + this.seed
                    + "; set the seed before build, fit, evaluate or predict");
        }
        this.seed = seed;
        return this;
    }

    /** The seed the model's random draws derive from. */
    public long seed() {
        return seed;
    }

    /**
     * Builds every layer for inputs of one sample's {@code inputShape} (without the batch axis: {@code build(4)} for
     * rows of 4 features, {@code build(1, 28, 28)} for one-channel images), as Keras's {@code build}, by one forward
     * pass of a zero sample in eval mode; returns this model. A model whose layers are all built only records the
     * shape, for {@link #summary}.
     *
     * @throws IllegalArgumentException if {@code inputShape} is null or holds a size that is not positive, or as the
     *     layers' forward does for that shape
     * @throws IllegalStateException if the model was already built for another input shape
     */
    public Model build(int... inputShape) {
        Checks.notNull("Model.build", "inputShape", inputShape);
        for (int d : inputShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("Model.build: input shape " + Arrays.toString(inputShape)
                        + " has a size that is not positive");
            }
        }
        if (this.inputShape != null && !Arrays.equals(this.inputShape, inputShape)) {
            throw new IllegalStateException("Model.build: the model is already built for inputs of shape "
                    + Arrays.toString(this.inputShape) + ", not " + Arrays.toString(inputShape));
        }
        ensureBuilt(inputShape.clone());
        return this;
    }

    /** Whether every layer has its parameters (after {@link #build}, a first use, or a checkpoint load). */
    public boolean isBuilt() {
        for (Module m : module.namedModules().values()) {
            if (!m.built()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets the loss to minimise with RMSprop at Keras's defaults (learning rate 0.001, rho 0.9, epsilon 1e-7, see
     * {@link OptimizerFactory#rmsprop()}); returns this model.
     *
     * @throws IllegalArgumentException if {@code loss} is null
     */
    public Model compile(Loss loss) {
        return compile(loss, OptimizerFactory.rmsprop());
    }

    /**
     * Sets the loss to minimise, the optimizer to minimise it with, made from {@code optimizer} once the parameters
     * exist, and the {@code metrics} that {@link #evaluate} reports beside the loss: with none given, the one that
     * fits the loss ({@link Loss#defaultMetric()}: accuracy for classification, the mean absolute error for the
     * squared error), as Keras users list {@code metrics=["accuracy"]}. Returns this model. Compiling again starts a
     * fresh optimizer (its moments forgotten), as in Keras; the weights are kept.
     *
     * @throws IllegalArgumentException if an argument or a metric is null
     */
    public Model compile(Loss loss, OptimizerFactory optimizer, Metric... metrics) {
        this.loss = Checks.notNull("Model.compile", "loss", loss);
        this.optimizerFactory = Checks.notNull("Model.compile", "optimizer", optimizer);
        Checks.notNull("Model.compile", "metrics", metrics);
        this.metrics = metrics.length > 0
                ? List.copyOf(Checks.noNullElements("Model.compile", "metrics", "metric", Arrays.asList(metrics)))
                : loss.defaultMetric().map(List::of).orElse(List.of());
        this.trainer = null;
        this.optimizer = null;
        return this;
    }

    /**
     * The optimizer {@code fit} updates the parameters with (to read or change its learning rate, say).
     *
     * @throws IllegalStateException if the model is not compiled, or not built yet (the optimizer is made then)
     */
    public Optimizer optimizer() {
        requireCompiled("Model.optimizer");
        if (!isBuilt()) {
            throw new IllegalStateException("Model.optimizer: the optimizer is made when the model is built; call"
                    + " build(inputShape) or fit first");
        }
        trainer();
        return optimizer;
    }

    // ---------------------------------------------------------------- fit

    /**
     * Trains on features {@code x} {@code [n, ...]} and class {@code labels} {@code [n]} for {@code epochs} epochs
     * with {@link FitOptions#defaults()}; see {@link #fit(Tensor, int[], int, FitOptions)}.
     *
     * @throws IllegalArgumentException as that method does
     * @throws IllegalStateException as that method does
     */
    public History fit(Tensor x, int[] labels, int epochs) {
        return fit(x, labels, epochs, FitOptions.defaults());
    }

    /**
     * Trains on features {@code x} {@code [n, ...]} and targets {@code y} {@code [n, ...]} (regression values, or
     * 0/1 and one-hot targets) for {@code epochs} epochs with {@link FitOptions#defaults()}; see
     * {@link #fit(Tensor, Tensor, int, FitOptions)}.
     *
     * @throws IllegalArgumentException as that method does
     * @throws IllegalStateException as that method does
     */
    public History fit(Tensor x, Tensor y, int epochs) {
        return fit(x, y, epochs, FitOptions.defaults());
    }

    /**
     * Trains on features {@code x} {@code [n, ...]} and class {@code labels} {@code [n]} (for
     * {@link Loss#sparseCategoricalCrossEntropy}, say) for {@code epochs} epochs as {@code options} say, building
     * the model first if it is not built; returns what each epoch measured. The model is left in training mode.
     *
     * @throws IllegalArgumentException if an argument is null, {@code epochs} is not positive, {@code x} and
     *     {@code labels} have different numbers of samples or none, a label is negative, the validation split leaves
     *     no sample to validate on, or as {@link Trainer#fit(Dataset, Dataset, int, int, Random)} does
     * @throws IllegalStateException if the model is not compiled, or as {@code Trainer.fit} does
     */
    public History fit(Tensor x, int[] labels, int epochs, FitOptions options) {
        Checks.notNull("Model.fit", "x", x);
        Checks.notNull("Model.fit", "labels", labels);
        Checks.notNull("Model.fit", "options", options);
        return fit(dataset("Model.fit", x, labels), epochs, options);
    }

    /**
     * Trains on features {@code x} {@code [n, ...]} and targets {@code y} {@code [n, ...]} for {@code epochs}
     * epochs as {@code options} say; see {@link #fit(Tensor, int[], int, FitOptions)}.
     *
     * @throws IllegalArgumentException as that method does
     * @throws IllegalStateException as that method does
     */
    public History fit(Tensor x, Tensor y, int epochs, FitOptions options) {
        Checks.notNull("Model.fit", "x", x);
        Checks.notNull("Model.fit", "y", y);
        Checks.notNull("Model.fit", "options", options);
        return fit(dataset("Model.fit", x, y), epochs, options);
    }

    private History fit(Dataset all, int epochs, FitOptions options) {
        requireCompiled("Model.fit");
        if (epochs <= 0) {
            throw new IllegalArgumentException("Model.fit: epochs " + epochs + " must be positive");
        }
        Dataset train = all;
        Dataset validation = options.validationData();
        if (options.validationSplit() > 0) {
            int n = all.size();
            // Floored a hair above, so that 0.57 of 100 samples is 57, not the 56 of 56.99999999999999.
            int held = (int) Math.floor(n * options.validationSplit() + 1e-9);
            if (held == 0) {
                throw new IllegalArgumentException("Model.fit: a validation split of " + options.validationSplit()
                        + " of " + n + " samples leaves no sample to validate on");
            }
            train = all.subset(range(0, n - held));
            validation = all.subset(range(n - held, n));
        }
        Trainer t = trainer("Model.fit", all.features());
        t.progress(options.verbose() ? System.out : null);
        t.callbacks(options.callbacks().toArray(new Callback[0]));
        return t.fit(train, validation, epochs, options.batchSize(), options.shuffle() ? shuffle : Dataset.IN_ORDER);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    // ---------------------------------------------------------------- evaluate and predict

    /**
     * The mean loss and the compiled metrics over features {@code x} and class {@code labels}, in eval mode without
     * recording: {@code "loss"} first, then each metric under its name, e.g. {@code {loss=0.31, accuracy=0.89}}.
     *
     * @throws IllegalArgumentException if an argument is null, or {@code x} and {@code labels} have different
     *     numbers of samples or none, or a label is negative
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Double> evaluate(Tensor x, int[] labels) {
        Checks.notNull("Model.evaluate", "x", x);
        Checks.notNull("Model.evaluate", "labels", labels);
        return evaluate(dataset("Model.evaluate", x, labels));
    }

    /**
     * The mean loss and the compiled metrics over features {@code x} and targets {@code y}, in eval mode without
     * recording, as {@link #evaluate(Tensor, int[])}.
     *
     * @throws IllegalArgumentException if an argument is null, or {@code x} and {@code y} have different numbers of
     *     samples or none
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        Checks.notNull("Model.evaluate", "x", x);
        Checks.notNull("Model.evaluate", "y", y);
        return evaluate(dataset("Model.evaluate", x, y));
    }

    private Map<String, Double> evaluate(Dataset data) {
        requireCompiled("Model.evaluate");
        return trainer("Model.evaluate", data.features()).evaluate(data, Trainer.EVALUATION_BATCH,
                metrics.toArray(new Metric[0]));
    }

    /**
     * The model's outputs for features {@code x} {@code [n, ...]}, computed in batches in eval mode without
     * recording, building the model first if it is not built; no compile is needed.
     *
     * @throws IllegalArgumentException if {@code x} is null or has no samples, or as the module's forward does
     */
    public Tensor predict(Tensor x) {
        Checks.notNull("Model.predict", "x", x);
        ensureBuilt(sampleShape("Model.predict", x));
        return Trainer.predict("Model.predict", module, x, Trainer.EVALUATION_BATCH);
    }

    // ---------------------------------------------------------------- summary

    /**
     * A table of the layers as Keras's {@code model.summary()} prints it: each layer's name (its name in the
     * checkpoint) and type, its output shape ({@code None} standing for the batch) and its parameter count
     * (parameters and buffers), then the totals, trainable (the parameters) and non-trainable (the buffers, such as a
     * batch norm's running statistics). The layers are a {@link Sequential}'s, or the module's children, or the
     * module itself; output shapes are known for a {@code Sequential} and a module without children, and shown as
     * {@code ?} otherwise.
     *
     * <pre>{@code
     * System.out.print(Model.sequential(new Dense(4, Activation.relu()), new Dense(1)).build(2).summary());
     * }</pre>
     *
     * @throws IllegalStateException if the model is not built, or its input shape is unknown (the first layer is not
     *     a {@link Dense}, and neither {@code build} nor a first use gave it)
     */
    public String summary() {
        if (!isBuilt()) {
            throw new IllegalStateException("Model.summary: the model is not built yet, so its layers have no"
                    + " parameters or output shapes; call build(inputShape) or fit/predict first");
        }
        int[] input = inputShape != null ? inputShape : knownInput();
        List<String[]> rows = new ArrayList<>();
        Map<String, Module> layers = module.children();
        if (layers.isEmpty()) {
            rows.add(row(name(module), module, shape(module.predict(sample(input)))));
        } else {
            Tensor x = module instanceof Sequential ? sample(input) : null;
            for (Map.Entry<String, Module> e : layers.entrySet()) {
                x = x == null ? null : e.getValue().predict(x);
                rows.add(row(e.getKey(), e.getValue(), x == null ? "?" : shape(x)));
            }
        }
        long trainable = count(module.namedParameters());
        long frozen = count(module.namedBuffers());
        int nameWidth = 28;
        for (String[] r : rows) {
            nameWidth = Math.max(nameWidth, r[0].length() + 1);
        }
        int width = nameWidth + 37;
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(name(module)).append("\"\n");
        out.append("_".repeat(width)).append('\n');
        line(out, nameWidth, "Layer (type)", "Output Shape", "Param #");
        out.append("=".repeat(width)).append('\n');
        for (String[] r : rows) {
            line(out, nameWidth, r[0], r[1], r[2]);
        }
        out.append("=".repeat(width)).append('\n');
        out.append("Total params: ").append(grouped(trainable + frozen)).append('\n');
        out.append("Trainable params: ").append(grouped(trainable)).append('\n');
        out.append("Non-trainable params: ").append(grouped(frozen)).append('\n');
        out.append("_".repeat(width)).append('\n');
        return out.toString();
    }

    /** The input width a first {@link Dense} was made with, when nothing else told the model its input shape. */
    private int[] knownInput() {
        Module first = module instanceof Sequential s ? s.layers().get(0) : module;
        if (first instanceof Dense d) {
            return new int[] {d.weight().shape()[0]};
        }
        throw new IllegalStateException("Model.summary: the input shape is unknown; call build(inputShape) first");
    }

    private static String[] row(String name, Module layer, String shape) {
        long params = count(layer.namedParameters()) + count(layer.namedBuffers());
        return new String[] {name + " (" + layer.getClass().getSimpleName() + ")", shape, grouped(params)};
    }

    private static void line(StringBuilder out, int nameWidth, String name, String shape, String params) {
        String text = " " + pad(name, nameWidth) + pad(shape, 26) + params;
        out.append(text.stripTrailing()).append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private static String name(Module m) {
        String simple = m.getClass().getSimpleName();
        return simple.isEmpty() ? "model" : Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    private static long count(Map<String, Tensor> tensors) {
        long total = 0;
        for (Tensor t : tensors.values()) {
            total += t.size();
        }
        return total;
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code (None, 4)}, as Keras prints an output shape with the batch axis unknown. */
    private static String shape(Tensor t) {
        StringBuilder s = new StringBuilder("(None");
        for (int i = 1; i < t.rank(); i++) {
            s.append(", ").append(t.shape()[i]);
        }
        return s.append(t.rank() == 1 ? ",)" : ")").toString();
    }

    private static Tensor sample(int[] shape) {
        int[] batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        return Tensor.zeros(batch);
    }

    // ---------------------------------------------------------------- building

    /** Hands out the seeds (once), records the input shape (once) and builds the layers for it if they are not. */
    private void ensureBuilt(int[] sampleShape) {
        if (shuffle == null) {
            SplittableRandom seeds = new SplittableRandom(seed);
            shuffle = new Random(seeds.nextLong());
            for (Module m : module.namedModules().values()) {
                m.seedIfUnset(seeds.nextLong());
            }
        }
        if (inputShape == null) {
            inputShape = sampleShape;
        }
        if (!isBuilt()) {
            module.predict(sample(sampleShape));
        }
    }

    /** The trainer, made with the optimizer once the model is built for {@code x}'s samples. */
    private Trainer trainer(String op, Tensor x) {
        ensureBuilt(sampleShape(op, x));
        return trainer();
    }

    /** The trainer of the compiled and built model, made with its optimizer at the first call after compile. */
    private Trainer trainer() {
        if (trainer == null) {
            Optimizer made = optimizerFactory.create(module.parameters());
            if (made == null) {
                throw new IllegalStateException("Model: the optimizer factory given to compile returned null");
            }
            optimizer = made;
            trainer = new Trainer(module, loss, made);
        }
        return trainer;
    }

    private void requireCompiled(String op) {
        if (loss == null) {
            throw new IllegalStateException(op + ": the model is not compiled; call compile(loss) or"
                    + " compile(loss, optimizer) first");
        }
    }

    /** One sample's shape: {@code x}'s without its first axis. */
    private static int[] sampleShape(String op, Tensor x) {
        if (x.rank() == 0 || x.shape()[0] == 0) {
            throw new IllegalArgumentException(op + ": x of shape " + Checks.shape(x)
                    + " has no samples along its first axis");
        }
        return Arrays.copyOfRange(x.shape(), 1, x.rank());
    }

    /** Features and class labels as a dataset, with errors naming {@code op}. */
    static Dataset dataset(String op, Tensor x, int[] labels) {
        sampleShape(op, x);
        if (labels.length != x.shape()[0]) {
            throw new IllegalArgumentException(op + ": x has " + x.shape()[0] + " samples (shape " + Checks.shape(x)
                    + ") but there are " + labels.length + " labels");
        }
        return Dataset.classification(x, labels);
    }

    /** Features and targets as a dataset, with errors naming {@code op}. */
    static Dataset dataset(String op, Tensor x, Tensor y) {
        sampleShape(op, x);
        if (y.rank() == 0 || y.shape()[0] != x.shape()[0]) {
            throw new IllegalArgumentException(op + ": x has " + x.shape()[0] + " samples (shape " + Checks.shape(x)
                    + ") but y has shape " + Checks.shape(y));
        }
        return new Dataset(x, y);
    }
}

package dev.jgrad.spark;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Evaluation;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a jgrad model data-parallel on an Apache Spark cluster, as {@link dev.jgrad.nn.Trainer} does on one machine:
 * the same {@link Loss}, an optimizer, epochs, a global batch size, a seed and the same progress output, returning a
 * {@link History}. The training data is a Spark {@code Dataset<Row>} whose feature column is {@code array<double>},
 * {@code array<float>} or a Spark ML {@code Vector} and whose label column holds class labels or target values (see
 * {@link Sample} for how a target is read), or a {@code JavaRDD<Sample>}.
 *
 * <pre>{@code
 * SparkTrainer trainer = new SparkTrainer(
 *         () -> new Sequential(new Dense(784, 128, new Random(1)), Activation.relu(), new Dense(128, 10, new Random(2))),
 *         Loss::crossEntropy, OptimizerRecipe.adam(1e-3))
 *         .columns("features", "label").seed(7);
 * History history = trainer.fit(train, test, 5, 256);     // Dataset<Row>s
 * Evaluation result = trainer.evaluate(test);
 * Dataset<Row> scored = trainer.predict(test, "scores");  // adds an array<double> column of the model's outputs
 * Module trained = trainer.model();
 * }</pre>
 *
 * <p><b>What travels.</b> Executors get the {@link Factory factories} of the model and the loss, the
 * {@link OptimizerRecipe}, and the parameters and buffers as one flat {@code double[]} broadcast; they send back
 * primitive arrays. No {@code Tensor} or {@code Module} is ever serialised. Each partition's samples are read once into
 * arrays of the model's dtype, checked against the model (feature width, target width, class labels in range, finite
 * values), and cached for the whole run; a problem is reported, naming the column, the row and the partition, before
 * any training step.
 *
 * <p><b>Synchronous SGD (the default).</b> An epoch has {@code ceil(n / batchSize)} steps. Each step the driver
 * broadcasts the parameters; each partition computes the gradient of the loss summed over its share of the global
 * batch (its even share of a permutation of its rows drawn from a seed per epoch and partition, with dropout masks
 * drawn from a seed per epoch, step and partition); {@code treeAggregate} sums the gradients in a fixed tree of
 * partitions (see below); the driver divides by the batch's size, and its optimizer takes the step, so the optimizer's
 * state never leaves the driver; then the broadcast is destroyed. A step is therefore the single-machine step on the
 * union of the shares, within rounding. A batch whose loss is not finite throws {@link IllegalStateException}, as
 * {@code Trainer}'s default {@code TerminateOnNaN} does.
 *
 * <p><b>Parameter averaging.</b> {@link #parameterAveraging(int) parameterAveraging(k)} lets each partition take
 * {@code k} local steps on its own shares with its own optimizer (made afresh each round from the recipe), after
 * which the driver averages the parameters reached, weighted by the samples each partition saw: one round trip per
 * {@code k} steps instead of one per step, as Deeplearning4j's parameter averaging.
 *
 * <p><b>Determinism.</b> Sums over partitions are added in a fixed balanced tree of partition indices, not in the
 * order partitions report, so the same data, partitioning and seed give the same parameters bit for bit, however the
 * tasks are scheduled and whether or not some are rerun after an executor fails.
 *
 * <p><b>Buffers.</b> Batch statistics (a {@code BatchNorm}'s) are those of each partition's share, as in PyTorch's
 * data-parallel training without synchronised batch norm; after each step the driver's running statistics become the
 * share-weighted mean of the partitions' (exactly the global running mean; the variance leaves out the spread
 * between partitions' means).
 */
public final class SparkTrainer {
    private static final String FIT = "SparkTrainer.fit";

    private final Factory<Module> modelFactory;
    private final Factory<Loss> lossFactory;
    private final OptimizerRecipe optimizerRecipe;
    private final Module model;
    private Optimizer optimizer;
    private String featureColumn = "features";
    private String labelColumn = "label";
    private int[] inputShape;
    private long seed;
    private int localSteps;
    /** The epochs earlier fits trained: the next fit's epochs draw the shuffles and masks of the epochs after them. */
    private int epochsTrained;
    /** This trainer's name on the executors, which keep the replicas they made for it under it. */
    private final String id = UUID.randomUUID().toString();
    private PrintStream out = System.out;
    private boolean terminal = System.console() != null;

    /**
     * A trainer of the model {@code model} makes (the driver makes its copy now; the one {@link #model()} returns),
     * minimising the loss {@code loss} makes with the optimizer {@code optimizer} makes.
     *
     * @throws IllegalArgumentException if an argument is null or the model factory returns null
     */
    public SparkTrainer(Factory<Module> model, Factory<Loss> loss, OptimizerRecipe optimizer) {
        this.modelFactory = notNull("SparkTrainer", "model", model);
        this.lossFactory = notNull("SparkTrainer", "loss", loss);
        this.optimizerRecipe = notNull("SparkTrainer", "optimizer", optimizer);
        this.model = notNull("SparkTrainer", "the model factory's model", model.get());
    }

    /** What the tasks of a job on data of {@code layout} need. */
    private Job job(Layout layout) {
        return new Job(modelFactory, lossFactory, optimizerRecipe, layout, seed, id);
    }

    private static <T> T notNull(String op, String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + what + " is null");
        }
        return value;
    }

    /** The driver's model: the one trained, with the parameters of the last step. */
    public Module model() {
        return model;
    }

    /**
     * Reads the features from column {@code features} and the labels or targets from column {@code label} (Spark
     * ML's names, {@code "features"} and {@code "label"}, unless set); returns this trainer.
     *
     * @throws IllegalArgumentException if a name is null
     */
    public SparkTrainer columns(String features, String label) {
        this.featureColumn = notNull("SparkTrainer.columns", "features", features);
        this.labelColumn = notNull("SparkTrainer.columns", "label", label);
        return this;
    }

    /**
     * Reshapes each sample's flat features to {@code shape} (for instance {@code 1, 28, 28} for a convolutional
     * network) before the model sees them; unless set, a sample is the flat vector the first row holds. Returns this
     * trainer.
     *
     * @throws IllegalArgumentException if {@code shape} is null, empty or has a dimension that is not positive
     */
    public SparkTrainer inputShape(int... shape) {
        notNull("SparkTrainer.inputShape", "shape", shape);
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("SparkTrainer.inputShape: shape " + Arrays.toString(shape)
                    + " must have at least one dimension, each positive");
        }
        this.inputShape = shape.clone();
        return this;
    }

    /**
     * Seeds the shuffling and the model's random draws (0 unless set); the same seed, data and partitioning give the
     * same training bit for bit. Returns this trainer.
     */
    public SparkTrainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Trains by parameter averaging: each partition takes {@code localSteps} steps of its own between averages
     * (1 averages after every step); returns this trainer. {@link #synchronous()} goes back to the default.
     *
     * @throws IllegalArgumentException if {@code localSteps} is not positive
     */
    public SparkTrainer parameterAveraging(int localSteps) {
        if (localSteps <= 0) {
            throw new IllegalArgumentException("SparkTrainer.parameterAveraging: " + localSteps
                    + " local steps must be positive");
        }
        this.localSteps = localSteps;
        return this;
    }

    /** Trains by synchronous SGD, one global step at a time, the default; returns this trainer. */
    public SparkTrainer synchronous() {
        this.localSteps = 0;
        return this;
    }

    /**
     * Sends progress to {@code out} (null for none), as {@code Trainer.progress} does: a redrawn bar if {@code out} is
     * {@code System.out} on a console, plain lines otherwise. Returns this trainer.
     */
    public SparkTrainer progress(PrintStream out) {
        return progress(out, out == System.out && System.console() != null);
    }

    /** Sends progress to {@code out} (null for none), as a redrawn bar if {@code terminal}; returns this trainer. */
    public SparkTrainer progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        return this;
    }

    // ---------------------------------------------------------------- training

    /**
     * Trains without validation; see {@link #fit(Dataset, Dataset, int, int)}.
     *
     * @throws IllegalArgumentException as that method does
     * @throws IllegalStateException as that method does
     */
    public History fit(Dataset<Row> train, int epochs, int batchSize) {
        return fit(train, null, epochs, batchSize);
    }

    /**
     * Trains for {@code epochs} passes over {@code train} in global batches of {@code batchSize} samples, evaluating
     * on {@code validation} (may be null) after each epoch; returns the per-epoch history. The data is read, checked
     * and cached for the call, as {@link #prepare(Dataset)} does, and released after it. Calling it again goes on from
     * where the last call stopped, with the same optimizer and the next epochs' shuffles: two calls of one epoch each
     * train as one call of two epochs. The history's epochs are numbered from 1 in each call, as {@code Trainer}'s.
     *
     * @throws IllegalArgumentException if {@code train} is null, {@code epochs} or {@code batchSize} is not positive,
     *     a column is missing or of the wrong type, a data set has no samples, or a row does not fit the model (the
     *     message names the column, the row and what was expected)
     * @throws IllegalStateException if the loss becomes NaN or infinite
     */
    public History fit(Dataset<Row> train, Dataset<Row> validation, int epochs, int batchSize) {
        notNull(FIT, "train", train);
        checkRun(epochs, batchSize);
        try (Samples t = prepare(FIT, train); Samples v = validation == null ? null : prepare(FIT, validation)) {
            return fit(t, v, epochs, batchSize);
        }
    }

    /**
     * Trains on an RDD of samples, as {@link #fit(Dataset, Dataset, int, int)} does; the messages call the columns
     * {@code features} and {@code target}.
     *
     * @throws IllegalArgumentException as that method does
     * @throws IllegalStateException as that method does
     */
    public History fit(JavaRDD<Sample> train, int epochs, int batchSize) {
        notNull(FIT, "train", train);
        checkRun(epochs, batchSize);
        try (Samples t = prepare(FIT, train)) {
            return fit(t, null, epochs, batchSize);
        }
    }

    /**
     * Trains on samples this trainer {@linkplain #prepare(Dataset) prepared}, as
     * {@link #fit(Dataset, Dataset, int, int)} does, without reading them again.
     *
     * @throws IllegalArgumentException if {@code train} is null, {@code epochs} or {@code batchSize} is not positive,
     *     or the samples were prepared by another trainer
     * @throws IllegalStateException if the loss becomes NaN or infinite
     */
    public History fit(Samples train, Samples validation, int epochs, int batchSize) {
        notNull(FIT, "train", train);
        checkRun(epochs, batchSize);
        mine(FIT, train);
        if (validation != null) {
            mine(FIT, validation);
        }
        return train(train.layout, train.blocks, train.size(), validation, epochs, batchSize);
    }

    private void mine(String op, Samples samples) {
        if (samples.owner != this) {
            throw new IllegalArgumentException(op + ": these samples were prepared by another trainer, for its model;"
                    + " prepare them with this one");
        }
    }

    /**
     * {@code data} read into the model's dtype, checked against the model and cached on the executors, for
     * {@link #fit(Samples, Samples, int, int)} and {@link #evaluate(Samples)} to use as often as they like; the caller
     * closes it.
     *
     * @throws IllegalArgumentException if {@code data} is null or has no samples, a column is missing or of the wrong
     *     type, or a row does not fit the model (the message names the column, the row and what was expected)
     */
    public Samples prepare(Dataset<Row> data) {
        String op = "SparkTrainer.prepare";
        return prepare(op, notNull(op, "data", data));
    }

    /**
     * An RDD of samples, read, checked and cached as {@link #prepare(Dataset)} does.
     *
     * @throws IllegalArgumentException as that method does
     */
    public Samples prepare(JavaRDD<Sample> data) {
        String op = "SparkTrainer.prepare";
        return prepare(op, notNull(op, "data", data));
    }

    private Samples prepare(String op, Dataset<Row> data) {
        Layout layout = layout(op, data);
        return cached(layout, blocks(data, layout, true));
    }

    private Samples prepare(String op, JavaRDD<Sample> data) {
        Layout layout = layout(op, data);
        return cached(layout, blocks(data, layout));
    }

    /** The blocks cached, after a job that reads them all and throws the first problem, in partition order. */
    private Samples cached(Layout layout, JavaRDD<Block> blocks) {
        blocks.persist(StorageLevel.MEMORY_ONLY());
        try {
            return new Samples(this, layout, blocks, checkedSize(layout, blocks));
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
    }

    private static void checkRun(int epochs, int batchSize) {
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException(FIT + ": epochs " + epochs + " and batch size " + batchSize
                    + " must be positive");
        }
    }

    private History train(Layout layout, JavaRDD<Block> blocks, long n, Samples validation, int epochs,
            int batchSize) {
        if (optimizer == null) {
            optimizer = optimizerRecipe.create(model.parameters());
        }
        Job job = job(layout);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
        int partitions = blocks.getNumPartitions();
        int steps = (int) Math.min(Integer.MAX_VALUE, (n + batchSize - 1) / batchSize);
        int stride = localSteps == 0 ? 1 : localSteps;
        Progress progress = new Progress(out, terminal, epochs, epochs * n);
        List<History.Epoch> history = new ArrayList<>();
        long done = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long started = System.nanoTime();
            model.train();
            double lossSum = 0;
            double rightSum = 0;
            long seen = 0;
            for (int step = 0; step < steps; step += stride) {
                Broadcast<Packed> state = jsc.broadcast(Replica.state(model));
                Contribution total;
                try {
                    total = localSteps == 0
                            ? sum(partitions, gradients(blocks, job, state, epochsTrained + epoch, step, steps))
                            : sum(partitions, averages(blocks, job, state, epochsTrained + epoch, step,
                                    Math.min(steps, step + stride), steps));
                } finally {
                    state.destroy();
                }
                if (!Double.isFinite(total.loss)) {
                    throw new IllegalStateException(FIT + ": the loss became " + total.loss / total.count
                            + " at epoch " + epoch + ", step " + (step + 1) + "; lower the learning rate or clip"
                            + " gradients");
                }
                apply(total);
                lossSum += total.loss;
                rightSum += total.right;
                seen += total.count;
                done += total.count;
                progress.batch(epoch, (int) Math.min(Integer.MAX_VALUE, seen), (int) Math.min(Integer.MAX_VALUE, n),
                        done, lossSum / seen, rightSum / seen);
            }
            Evaluation val = validation == null ? null : evaluate(job, validation.blocks);
            History.Epoch e = new History.Epoch(epoch, lossSum / seen, rightSum / seen,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                    (System.nanoTime() - started) / 1e9);
            history.add(e);
            progress.epoch(e, done);
        }
        epochsTrained += epochs;
        model.train();
        return new History(history);
    }

    /** Each partition's gradient sum over its share of step {@code step}. */
    private static JavaRDD<Contribution> gradients(JavaRDD<Block> blocks, Job job, Broadcast<Packed> state,
            int epoch, int step, int steps) {
        return blocks.map(b -> Replica.with(job, state.value(),
                r -> r.gradient(b, b.share(job.shuffleSeed(epoch, b.partition), step, steps), epoch, step)));
    }

    /** Each partition's parameters after its local steps {@code from..to-1}, times the samples it saw. */
    private static JavaRDD<Contribution> averages(JavaRDD<Block> blocks, Job job, Broadcast<Packed> state,
            int epoch, int from, int to, int steps) {
        return blocks.map(b -> {
            int[][] shares = new int[to - from][];
            for (int s = from; s < to; s++) {
                shares[s - from] = b.share(job.shuffleSeed(epoch, b.partition), s, steps);
            }
            return Replica.with(job, state.value(), r -> r.localSteps(b, shares, epoch, from));
        });
    }

    /** The contributions' total, summed in the fixed tree of partitions whatever order they arrive in. */
    private static Contribution sum(int partitions, JavaRDD<Contribution> contributions) {
        return contributions.treeAggregate(new OrderedSum(partitions), OrderedSum::add, OrderedSum::merge).total();
    }

    /**
     * Moves the driver's model by a step's total: its mean gradient to the optimizer (synchronous), or its mean
     * parameters into the model (averaging); and the mean buffers into the model either way.
     */
    private void apply(Contribution total) {
        List<Tensor> parameters = model.parameters();
        double[] mean = scaled(total.values(), 1.0 / total.count);
        if (localSteps == 0) {
            optimizer.zeroGrad();
            setGradients(parameters, mean);
            optimizer.step();
        } else {
            Replica.load(parameters, Packed.of(mean), 0);
        }
        List<Tensor> buffers = new ArrayList<>(model.namedBuffers().values());
        if (!buffers.isEmpty()) {
            Replica.load(buffers, Packed.of(scaled(total.buffers(), 1.0 / total.count)), 0);
        }
    }

    /**
     * Leaves {@code gradient}'s slices on the parameters as their gradients, exactly: jgrad's gradients are made by
     * backward passes only, and the backward pass of {@code sum(p * g)} gives each {@code p} exactly {@code g}.
     */
    private static void setGradients(List<Tensor> parameters, double[] gradient) {
        Tensor surrogate = null;
        int at = 0;
        for (Tensor p : parameters) {
            Tensor g = Tensor.of(Arrays.copyOfRange(gradient, at, at + Replica.size(p)), p.shape()).to(p.dtype());
            Tensor term = p.mul(g).sum();
            surrogate = surrogate == null ? term : surrogate.add(term);
            at += Replica.size(p);
        }
        if (surrogate != null) {
            surrogate.backward();
        }
    }

    /** {@code values} times {@code factor}, in place: the sums a contribution hands out are fresh arrays. */
    private static double[] scaled(double[] values, double factor) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= factor;
        }
        return values;
    }

    // ---------------------------------------------------------------- evaluation and prediction

    /**
     * The mean loss and accuracy over {@code data}, computed on the executors in eval mode without recording, in
     * batches of 1024 rows per partition.
     *
     * @throws IllegalArgumentException if {@code data} is null or has no samples, a column is missing or of the wrong
     *     type, or a row does not fit the model
     */
    public Evaluation evaluate(Dataset<Row> data) {
        String op = "SparkTrainer.evaluate";
        notNull(op, "data", data);
        Layout layout = layout(op, data);
        JavaRDD<Block> blocks = blocks(data, layout, true);
        return evaluate(job(layout), blocks);
    }

    /**
     * The mean loss and accuracy over {@code data}, as {@link #evaluate(Dataset)} computes them.
     *
     * @throws IllegalArgumentException as that method does
     */
    public Evaluation evaluate(JavaRDD<Sample> data) {
        String op = "SparkTrainer.evaluate";
        notNull(op, "data", data);
        Layout layout = layout(op, data);
        return evaluate(job(layout), blocks(data, layout));
    }

    /**
     * The mean loss and accuracy over samples this trainer {@linkplain #prepare(Dataset) prepared}, as
     * {@link #evaluate(Dataset)} computes them, without reading them again.
     *
     * @throws IllegalArgumentException if {@code data} is null or was prepared by another trainer
     */
    public Evaluation evaluate(Samples data) {
        String op = "SparkTrainer.evaluate";
        notNull(op, "data", data);
        mine(op, data);
        return evaluate(job(data.layout), data.blocks);
    }

    private Evaluation evaluate(Job job, JavaRDD<Block> blocks) {
        Broadcast<Packed> state = JavaSparkContext.fromSparkContext(blocks.context()).broadcast(Replica.state(model));
        Contribution total;
        try {
            total = sum(blocks.getNumPartitions(), blocks.map(b -> b.problem != null
                    ? Contribution.failed(b.partition, b.problem)
                    : Replica.with(job, state.value(), r -> r.evaluation(b))));
        } finally {
            state.destroy();
        }
        if (total.problem != null) {
            throw new IllegalArgumentException(total.problem);
        }
        if (total.count == 0) {
            throw new IllegalArgumentException(job.layout().op() + ": the data set has no samples");
        }
        return new Evaluation(total.loss / total.count, total.right / total.count);
    }

    /**
     * {@code data} with a column {@code outputColumn} added: the model's outputs for each row's features, as an
     * {@code array<double>}, computed on the executors in eval mode, in batches of 1024 rows, through
     * {@code mapPartitions} with the model broadcast once. Like any Spark transformation it runs when the result is
     * used; a row whose features do not fit the model then fails its task with an {@link IllegalArgumentException}
     * naming the column and the row.
     *
     * @throws IllegalArgumentException if an argument is null, the feature column is missing or of the wrong type,
     *     {@code outputColumn} already exists, or, without an {@link #inputShape(int...) input shape}, {@code data}
     *     has no row to take the width of the features from
     */
    public Dataset<Row> predict(Dataset<Row> data, String outputColumn) {
        String op = "SparkTrainer.predict";
        notNull(op, "data", data);
        notNull(op, "outputColumn", outputColumn);
        if (Arrays.asList(data.schema().fieldNames()).contains(outputColumn)) {
            throw new IllegalArgumentException(op + ": the data already has a column '" + outputColumn + "'");
        }
        Columns columns = Columns.of(op, data.schema(), featureColumn, null);
        int width = inputShape != null ? Arrays.stream(inputShape).reduce(1, (a, b) -> a * b)
                : firstSample(op, data, null)[0].length;
        Layout layout = layout(op, featureColumn, labelColumn, width, 1);
        Job job = job(layout);
        Broadcast<Packed> state = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext())
                .broadcast(Replica.state(model));
        JavaRDD<Row> rows = data.javaRDD().mapPartitionsWithIndex(
                (p, it) -> new Predictions(job, state.value(), columns, p, it), true);
        StructType schema = data.schema().add(outputColumn, DataTypes.createArrayType(DataTypes.DoubleType, false),
                false);
        return data.sparkSession().createDataFrame(rows, schema);
    }

    /** A partition's rows with the model's outputs appended, computed a batch of rows at a time. */
    private static final class Predictions implements Iterator<Row> {
        private final Replica replica;
        private final Layout layout;
        private final Columns columns;
        private final int partition;
        private final Iterator<Row> rows;
        private final List<Row> ready = new ArrayList<>();
        private int next;
        private int read;

        Predictions(Job job, Packed state, Columns columns, int partition, Iterator<Row> rows) {
            this.replica = Replica.of(job, state);
            this.replica.model.eval();
            this.layout = job.layout();
            this.columns = columns;
            this.partition = partition;
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            if (next == ready.size() && rows.hasNext()) {
                fill();
            }
            return next < ready.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private void fill() {
            List<Row> batch = new ArrayList<>();
            List<double[]> features = new ArrayList<>();
            while (rows.hasNext() && batch.size() < Replica.EVALUATION_BATCH) {
                Row row = rows.next();
                double[] x;
                try {
                    x = columns.features(row);
                } catch (Columns.BadRow bad) {
                    throw new IllegalArgumentException(layout.op() + ": column '" + layout.featureColumn()
                            + "' holds " + bad.getMessage() + " in row " + read + " of partition " + partition);
                }
                String problem = layout.problem(x, null, read++, partition);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
                batch.add(row);
                features.add(x);
            }
            int width = layout.width();
            double[] x = new double[features.size() * width];
            for (int i = 0; i < features.size(); i++) {
                System.arraycopy(features.get(i), 0, x, i * width, width);
            }
            double[] out;
            try (var off = Tensor.noGrad()) {
                out = replica.model.forward(Tensor.of(x, layout.batchShape(batch.size())).to(layout.dtype()))
                        .toArray();
            }
            int outputs = out.length / batch.size();
            ready.clear();
            next = 0;
            for (int i = 0; i < batch.size(); i++) {
                Row row = batch.get(i);
                Object[] values = new Object[row.length() + 1];
                for (int c = 0; c < row.length(); c++) {
                    values[c] = row.get(c);
                }
                values[row.length()] = Arrays.copyOfRange(out, i * outputs, (i + 1) * outputs);
                ready.add(RowFactory.create(values));
            }
        }
    }

    // ---------------------------------------------------------------- reading the data

    /** The layout of {@code data}'s samples for the model, from the schema and the first row. */
    private Layout layout(String op, Dataset<Row> data) {
        double[][] first = firstSample(op, data, labelColumn);
        return layout(op, featureColumn, labelColumn, first[0].length, first[1].length);
    }

    private Layout layout(String op, JavaRDD<Sample> data) {
        Sample first = first(op, data);
        return layout(op, "features", "target", first.features().length, first.target().length);
    }

    /**
     * The features and target (null for no {@code target} column) of {@code data}'s first row, after checking both
     * columns against the schema.
     */
    private double[][] firstSample(String op, Dataset<Row> data, String target) {
        Columns.of(op, data.schema(), featureColumn, target);
        Dataset<Row> selected = target == null ? data.select(featureColumn) : data.select(featureColumn, target);
        Columns columns = Columns.of(op, selected.schema(), featureColumn, target);
        Row first = first(op, selected.javaRDD());
        try {
            return new double[][] {columns.features(first), target == null ? null : columns.target(first)};
        } catch (Columns.BadRow bad) {
            throw new IllegalArgumentException(op + ": column '" + (bad.target ? target : featureColumn) + "' holds "
                    + bad.getMessage() + " in row 0 of partition 0; expected numbers");
        }
    }

    private static <T> T first(String op, JavaRDD<T> data) {
        try {
            return data.first();
        } catch (UnsupportedOperationException | NoSuchElementException empty) {
            throw new IllegalArgumentException(op + ": the data set has no samples");
        }
    }

    /**
     * The layout of samples of {@code width} feature values (shaped by {@link #inputShape}, if set) and targets of
     * {@code targetWidth}, for the driver's model, which is built for them here if it is not yet.
     */
    private Layout layout(String op, String features, String target, int width, int targetWidth) {
        int[] shape = inputShape != null ? inputShape : new int[] {width};
        DType dtype = model.parameters().isEmpty() ? DType.FLOAT64 : model.parameters().get(0).dtype();
        Tensor output;
        try {
            output = Replica.probe(model, new Layout(op, features, target, shape, 1, 1, dtype));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(op + ": the model does not take samples of shape "
                    + Arrays.toString(shape) + " (column '" + features + "'): " + e.getMessage(), e);
        }
        if (output.rank() != 2) {
            throw new IllegalArgumentException(op + ": the model gives outputs of shape "
                    + Arrays.toString(output.shape()) + " for one sample; expected [1, outputs]");
        }
        int outputs = output.shape()[1];
        if (targetWidth != 1 && targetWidth != outputs) {
            throw new IllegalArgumentException(op + ": column '" + target + "' holds " + targetWidth + " values in"
                    + " its first row; expected 1 (a class label or target value) or " + outputs + ", one per output"
                    + " of the model");
        }
        // A model whose layers build at their first input has its parameters, and their dtype, only now.
        dtype = model.parameters().isEmpty() ? dtype : model.parameters().get(0).dtype();
        return new Layout(op, features, target, shape, outputs, targetWidth, dtype);
    }

    /** Each partition of {@code data} read into a block (nothing is read until a job runs). */
    private JavaRDD<Block> blocks(Dataset<Row> data, Layout layout, boolean withTarget) {
        Columns columns = Columns.of(layout.op(), data.schema(), featureColumn, withTarget ? labelColumn : null);
        return data.javaRDD().mapPartitionsWithIndex((p, rows) -> List.of(
                Block.read(p, rows, columns::features, columns::target, layout)).iterator(), true);
    }

    private static JavaRDD<Block> blocks(JavaRDD<Sample> data, Layout layout) {
        return data.mapPartitionsWithIndex((p, samples) -> List.of(
                Block.read(p, samples, Sample::features, Sample::target, layout)).iterator(), true);
    }

    /**
     * The number of samples in {@code blocks}, read and cached by this job, after checking every partition: the
     * first problem, in partition order, is thrown.
     */
    private static long checkedSize(Layout layout, JavaRDD<Block> blocks) {
        Contribution total = sum(blocks.getNumPartitions(), blocks.map(b -> b.problem != null
                ? Contribution.failed(b.partition, b.problem)
                : Contribution.counted(b.partition, 0, 0, b.size)));
        if (total.problem != null) {
            throw new IllegalArgumentException(total.problem);
        }
        if (total.count == 0) {
            throw new IllegalArgumentException(layout.op() + ": the data set has no samples");
        }
        return total.count;
    }

    /**
     * The loss's single value.
     *
     * @throws IllegalArgumentException if the loss returned null or more than one value
     */
    static double scalar(Tensor value) {
        if (value == null || value.size() != 1) {
            throw new IllegalArgumentException("SparkTrainer: the loss returned " + (value == null ? "null"
                    : "shape " + Arrays.toString(value.shape())) + "; a loss must return a scalar tensor");
        }
        return value.item();
    }
}

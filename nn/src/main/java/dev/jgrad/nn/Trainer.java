package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * The training loop: a model, a {@link Loss} and an {@link Optimizer}, run over mini-batches for a number of
 * epochs, with a console progress bar (loss, accuracy, samples per second, time left) and a {@link History} of
 * per-epoch metrics.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model.parameters(), 1e-3));
 * History history = trainer.fit(train, test, 10, 32, new Random(1));
 * Evaluation result = trainer.evaluate(test, 256);
 * Tensor logits = trainer.predict(test.features(), 256);
 * }</pre>
 *
 * <p>Progress goes to {@code System.out}: a bar redrawn in place when the JVM has a console, plain lines otherwise
 * (output redirected to a file, a pipe or a log); no escape codes either way. A summary line is printed for every
 * epoch of a run of up to 50 epochs, and for about 50 evenly spaced epochs of a longer one, always with the first and
 * the last. Numbers are printed in a few characters: {@code 0.6931}, {@code 12.35}, {@code 1.700e+240}. The time left
 * is estimated from the throughput of the last few seconds, leaving out the first batch (the JVM's warm-up).
 * {@link #progress(PrintStream)} and {@link #progress(PrintStream, boolean)} choose differently.
 *
 * <p>{@link #callbacks(Callback...)} adds code run at the start and end of training, epochs and batches:
 * {@link EarlyStopping}, {@link ModelCheckpoint}, {@link CsvLogger}, {@link ReduceLROnPlateau}, the
 * {@link LearningRateSchedule}s, or a {@link Callback} of one's own. A loss that becomes NaN or infinite ends
 * training through {@link TerminateOnNaN#throwing()}, which the trainer runs first unless its callbacks hold a
 * {@code TerminateOnNaN} of their own.
 *
 * <pre>{@code
 * trainer.callbacks(new EarlyStopping("val_loss").patience(3).restoreBestWeights(true),
 *         new ModelCheckpoint("model-{epoch:02d}.npz"),
 *         LearningRateSchedule.exponential(1e-3, 0.5, 1000).everyBatch());
 * }</pre>
 */
public final class Trainer {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private PrintStream out = System.out;
    private boolean terminal = isTerminal(System.out);
    private Callback schedule;
    private List<Callback> callbacks = List.of();

    /**
     * A trainer of {@code model} that minimises {@code loss} with {@code optimizer}.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        this.model = Checks.notNull("Trainer", "model", model);
        this.loss = Checks.notNull("Trainer", "loss", loss);
        this.optimizer = Checks.notNull("Trainer", "optimizer", optimizer);
    }

    /**
     * Sends progress to {@code out} (null for none), as a redrawn bar if {@code out} is {@code System.out} and the
     * JVM has a console, else as plain lines; returns this trainer.
     */
    public Trainer progress(PrintStream out) {
        return progress(out, isTerminal(out));
    }

    /**
     * The JVM's console is standard input and output on a terminal; it says nothing of any other stream, which is
     * then taken to be a file or a pipe, where a redrawn bar would leave carriage returns in the text.
     */
    private static boolean isTerminal(PrintStream out) {
        return out == System.out && System.console() != null;
    }

    /**
     * Sends progress to {@code out} (null for none), as a redrawn bar if {@code terminal}, else as plain lines;
     * returns this trainer.
     */
    public Trainer progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        return this;
    }

    /**
     * Makes {@link #fit} set the optimizer's learning rate at the start of each epoch to
     * {@code schedule.applyAsDouble(epoch)}, epochs counted from 1 (e.g. a step decay
     * {@code e -> e <= 10 ? 1e-3 : 1e-4}); returns this trainer. Without a schedule the rate is left as it is. It
     * is {@link LearningRateSchedule#everyEpoch()} of the schedule {@code step -> schedule.applyAsDouble(step + 1)},
     * run before the {@link #callbacks(Callback...) callbacks}; a later call replaces it.
     *
     * @throws IllegalArgumentException if {@code schedule} is null
     */
    public Trainer learningRateSchedule(IntToDoubleFunction schedule) {
        Checks.notNull("Trainer.learningRateSchedule", "schedule", schedule);
        this.schedule = ((LearningRateSchedule) step -> schedule.applyAsDouble(step + 1)).everyEpoch();
        return this;
    }

    /**
     * Makes {@link #fit} run {@code callbacks}, in this order, at the start and end of training, of each epoch and
     * of each batch (see {@link Callback}); returns this trainer. A later call replaces them. Unless one of them is
     * a {@link TerminateOnNaN}, {@link TerminateOnNaN#throwing()} runs before them all; a schedule given to
     * {@link #learningRateSchedule(IntToDoubleFunction)} runs next.
     *
     * @throws IllegalArgumentException if {@code callbacks} or one of them is null
     */
    public Trainer callbacks(Callback... callbacks) {
        Checks.notNull("Trainer.callbacks", "callbacks", callbacks);
        this.callbacks = List.copyOf(Checks.noNullElements("Trainer.callbacks", "callbacks", "callback",
                Arrays.asList(callbacks)));
        return this;
    }

    /** What {@link #fit} runs, in order: the NaN check, the epoch schedule, then the user's callbacks. */
    private List<Callback> running() {
        List<Callback> running = new ArrayList<>();
        if (callbacks.stream().noneMatch(c -> c instanceof TerminateOnNaN)) {
            running.add(TerminateOnNaN.throwing());
        }
        if (schedule != null) {
            running.add(schedule);
        }
        running.addAll(callbacks);
        return running;
    }

    /**
     * Trains without a validation set; see {@link #fit(Dataset, Dataset, int, int, Random)}.
     *
     * @throws IllegalArgumentException as that method does
     * @throws IllegalStateException as that method does
     */
    public History fit(Dataset train, int epochs, int batchSize, Random shuffle) {
        return fit(train, null, epochs, batchSize, shuffle);
    }

    /**
     * Trains for {@code epochs} passes over {@code train} in mini-batches of {@code batchSize}, reshuffled each epoch
     * with {@code shuffle}, evaluating on {@code validation} (may be null) after each epoch, in batches of at least
     * {@value #EVALUATION_BATCH}, and running the {@link #callbacks(Callback...) callbacks}. The model is left in
     * training mode. A callback may stop training early (see {@link Training}): the history then holds the epochs
     * that ran. A batch whose loss is NaN or infinite is not applied (no backward pass, no update), and
     * {@link TerminateOnNaN} ends training there.
     *
     * @throws IllegalArgumentException if {@code train} or {@code shuffle} is null, {@code epochs} or
     *     {@code batchSize} is not positive, {@code train} or {@code validation} has no samples, the loss returns
     *     null or more than one value, or the learning-rate schedule gives a rate that is not positive and finite
     * @throws IllegalStateException if the loss becomes NaN or infinite (a learning rate too high, usually) and no
     *     {@link TerminateOnNaN#stopping()} was given
     */
    public History fit(Dataset train, Dataset validation, int epochs, int batchSize, Random shuffle) {
        Checks.notNull("Trainer.fit", "train", train);
        Checks.notNull("Trainer.fit", "shuffle", shuffle);
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("Trainer.fit: epochs " + epochs + " and batch size " + batchSize
                    + " must be positive");
        }
        requireSamples("Trainer.fit", "training set", train);
        if (validation != null) {
            requireSamples("Trainer.fit", "validation set", validation);
        }
        Progress progress = new Progress(out, terminal, epochs, (long) epochs * train.size(), System::nanoTime);
        List<History.Epoch> history = new ArrayList<>();
        List<Callback> running = running();
        Training training = new Training(model, optimizer, epochs);
        Map<String, Double> none = Map.of();
        for (Callback c : running) {
            c.onTrainBegin(training, none);
        }
        Map<String, Double> logs = none;
        long done = 0;
        for (int epoch = 1; epoch <= epochs && !training.stopRequested(); epoch++) {
            long started = System.nanoTime();
            training.at(epoch, 0);
            for (Callback c : running) {
                c.onEpochBegin(training, epoch, none);
            }
            if (training.stopRequested()) {
                break;
            }
            model.train();
            double lossSum = 0;
            double rightSum = 0;
            int seen = 0;
            List<Dataset> batches = train.batches(batchSize, shuffle);
            for (int b = 1; b <= batches.size() && !training.stopRequested(); b++) {
                Dataset batch = batches.get(b - 1);
                training.at(epoch, b);
                for (Callback c : running) {
                    c.onBatchBegin(training, b, none);
                }
                double rate = optimizer.learningRate();
                optimizer.zeroGrad();
                Tensor output = model.forward(batch.features());
                Tensor value = loss.compute(output, batch.targets());
                double v = scalar("Trainer.fit", value);
                if (Double.isFinite(v)) {
                    value.backward();
                    optimizer.step();
                }
                double right = loss.accuracy(output, batch.targets());
                lossSum += v * batch.size();
                rightSum += right * batch.size();
                seen += batch.size();
                done += batch.size();
                Map<String, Double> batchLogs = logs(v, right, null, rate);
                for (Callback c : running) {
                    c.onBatchEnd(training, b, batchLogs);
                }
                progress.batch(epoch, seen, train.size(), done, lossSum / seen, rightSum / seen);
            }
            Evaluation val = validation == null ? null : evaluate(validation, Math.max(batchSize, EVALUATION_BATCH));
            History.Epoch e = new History.Epoch(epoch, lossSum / seen, rightSum / seen,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                    (System.nanoTime() - started) / 1e9);
            history.add(e);
            progress.epoch(e, done);
            logs = logs(e.loss(), e.accuracy(), val, optimizer.learningRate());
            for (Callback c : running) {
                c.onEpochEnd(training, epoch, logs);
            }
        }
        for (Callback c : running) {
            c.onTrainEnd(training, logs);
        }
        model.train();
        return new History(history);
    }

    /**
     * The logs callbacks get, in Keras's names; {@code accuracy} only if the loss has one, the {@code val_} keys only
     * with a validation result.
     */
    private static Map<String, Double> logs(double loss, double accuracy, Evaluation validation, double rate) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", loss);
        if (!Double.isNaN(accuracy)) {
            logs.put("accuracy", accuracy);
        }
        if (validation != null) {
            logs.put("val_loss", validation.loss());
            if (!Double.isNaN(validation.accuracy())) {
                logs.put("val_accuracy", validation.accuracy());
            }
        }
        logs.put("lr", rate);
        return Collections.unmodifiableMap(logs);
    }

    /**
     * The smallest batch the per-epoch evaluation runs in: without a graph to keep, a large batch costs only its
     * activations, and its products run several times faster than a training batch's.
     */
    public static final int EVALUATION_BATCH = 1024;

    /**
     * The mean loss and accuracy over {@code data}, in eval mode and without recording; the model's mode is
     * restored afterwards.
     *
     * @throws IllegalArgumentException if {@code data} is null, {@code batchSize} is not positive, {@code data} has
     *     no samples, or the loss returns null or more than one value
     */
    public Evaluation evaluate(Dataset data, int batchSize) {
        return evaluate(data, batchSize, List.of());
    }

    /**
     * The mean loss and the values of {@code metrics} over {@code data}, computed as
     * {@link #evaluate(Dataset, int)} does: each metric is reset, then updated with every batch's output and targets.
     * The map holds {@code "loss"} first, then each metric's value under its {@link Metric#name()}, in the order
     * given.
     *
     * <pre>{@code
     * Map<String, Double> scores = trainer.evaluate(test, 256, Metrics.accuracy(), Metrics.f1(Average.MACRO));
     * double f1 = scores.get("macroF1");
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #evaluate(Dataset, int)} does, if {@code metrics} or one of them
     *     is null, if two metrics have the same name or one is named {@code loss}, or if a metric rejects the
     *     model's output or the targets
     */
    public Map<String, Double> evaluate(Dataset data, int batchSize, Metric... metrics) {
        Checks.notNull("Trainer.evaluate", "metrics", metrics);
        List<Metric> asked = Checks.noNullElements("Trainer.evaluate", "metrics", "metric", Arrays.asList(metrics));
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", Double.NaN);
        for (Metric m : asked) {
            if (values.put(m.name(), Double.NaN) != null) {
                throw new IllegalArgumentException("Trainer.evaluate: two values would be named " + m.name()
                        + "; the loss is named loss and each metric needs a name of its own");
            }
        }
        values.put("loss", evaluate(data, batchSize, asked).loss());
        for (Metric m : asked) {
            values.put(m.name(), m.result());
        }
        return values;
    }

    /** The loss and accuracy over {@code data}, each of {@code metrics} reset and then updated with every batch. */
    private Evaluation evaluate(Dataset data, int batchSize, List<Metric> metrics) {
        Checks.notNull("Trainer.evaluate", "data", data);
        requireSamples("Trainer.evaluate", "data set", data);
        requirePositiveBatch("Trainer.evaluate", batchSize);
        boolean wasTraining = model.isTraining();
        model.eval();
        metrics.forEach(Metric::reset);
        try (var off = Tensor.noGrad()) {
            double lossSum = 0;
            double rightSum = 0;
            for (Dataset batch : data.batches(batchSize)) {
                Tensor output = model.forward(batch.features());
                lossSum += scalar("Trainer.evaluate", loss.compute(output, batch.targets())) * batch.size();
                rightSum += loss.accuracy(output, batch.targets()) * batch.size();
                for (Metric m : metrics) {
                    m.update(output, batch.targets());
                }
            }
            return new Evaluation(lossSum / data.size(), rightSum / data.size());
        } finally {
            restore(wasTraining);
        }
    }

    /**
     * The model's outputs for {@code features}, computed in batches of {@code batchSize} in eval mode without
     * recording; the model's mode is restored afterwards.
     *
     * @throws IllegalArgumentException if {@code features} is null, {@code batchSize} is not positive or
     *     {@code features} has no samples
     */
    public Tensor predict(Tensor features, int batchSize) {
        return predict("Trainer.predict", model, features, batchSize);
    }

    /** {@link #predict(Tensor, int)} of any module, with errors naming {@code op}. */
    static Tensor predict(String op, Module model, Tensor features, int batchSize) {
        Checks.notNull(op, "features", features);
        if (batchSize <= 0 || features.rank() == 0 || features.shape()[0] == 0) {
            throw new IllegalArgumentException(op + ": batch size " + batchSize
                    + " must be positive and features of shape " + Arrays.toString(features.shape())
                    + " need at least one sample");
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var off = Tensor.noGrad()) {
            int n = features.shape()[0];
            List<Tensor> parts = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                parts.add(model.forward(features.slice(0, from, Math.min(from + batchSize, n))));
            }
            return parts.size() == 1 ? parts.get(0) : Tensor.concat(0, parts.toArray(new Tensor[0]));
        } finally {
            restore(model, wasTraining);
        }
    }

    /** An empty data set would give a loss and accuracy of 0 / 0 = NaN, silently. */
    private static void requireSamples(String op, String what, Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(op + ": the " + what + " has no samples (features of shape "
                    + Arrays.toString(data.features().shape()) + ")");
        }
    }

    private static void requirePositiveBatch(String op, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException(op + ": batch size " + batchSize + " must be positive");
        }
    }

    /**
     * The loss's single value. A loss left unreduced (per sample, say) would otherwise fail inside {@code item()}
     * with a message that does not say which tensor was meant.
     */
    private static double scalar(String op, Tensor value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": the loss returned null; a loss must return a scalar tensor");
        }
        if (value.size() != 1) {
            throw new IllegalArgumentException(op + ": the loss returned shape " + Arrays.toString(value.shape())
                    + "; a loss must return a scalar (reduce it with mean() or sum())");
        }
        return value.item();
    }

    private void restore(boolean training) {
        restore(model, training);
    }

    private static void restore(Module model, boolean training) {
        if (training) {
            model.train();
        } else {
            model.eval();
        }
    }
}

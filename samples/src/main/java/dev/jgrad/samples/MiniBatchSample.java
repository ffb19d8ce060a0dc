package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Trainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A sample that trains with the nn {@link Trainer} in shuffled mini-batches: the {@code --batch-size} option, a
 * trainer with a decaying learning rate whose progress bar goes where the sample prints, and the loss and accuracy
 * chart of a training history.
 *
 * <pre>{@code
 * MiniBatchSample<Regression.Result> sample = new Regression();
 * new CommandLine(sample).parseArgs("--batch-size", "8");
 * Regression.Result r = sample.run();   // Adam on batches of 8, the rate decaying from --lr over the epochs
 * }</pre>
 *
 * @param <R> what a run reaches
 */
public abstract class MiniBatchSample<R extends Sample.Result> extends Sample<R> {
    @Option(names = "--batch-size", paramLabel = "<n>",
            description = "Samples per mini-batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /** A sample whose options default to the given values. */
    protected MiniBatchSample(DType dtype, int epochs, double learningRate, int batchSize, int... hidden) {
        super(dtype, epochs, learningRate, hidden);
        this.batchSize = batchSize;
    }

    /**
     * A trainer of {@code model} for {@code epochs} epochs, printing its progress bar to this sample's output
     * (redrawn on a terminal). The learning rate follows a cosine from {@code --lr} at the first epoch down towards 0
     * at the last: large steps while far from a minimum, small ones at the end so the last epoch's weights have
     * settled instead of jittering around it.
     */
    protected Trainer trainer(Module model, Loss loss, Optimizer optimizer, int epochs) {
        return new Trainer(model, loss, optimizer).progress(out)
                .learningRateSchedule(epoch -> learningRate * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / epochs)));
    }

    /**
     * Writes the loss and accuracy per epoch of the given runs, each under its name (a blank name for a single
     * run), as {@code file} in the output directory; the test curves are those of a validation set, accuracies
     * only where the loss has them.
     */
    protected Path plotHistories(String file, String title, Map<String, History> runs) {
        Map<String, double[]> loss = new LinkedHashMap<>();
        Map<String, double[]> accuracy = new LinkedHashMap<>();
        runs.forEach((name, history) -> {
            String prefix = name.isEmpty() ? "" : name + " ";
            int n = history.epochs().size();
            double[][] columns = new double[4][n];
            for (int i = 0; i < n; i++) {
                History.Epoch e = history.epochs().get(i);
                columns[0][i] = e.loss();
                columns[1][i] = e.validationLoss();
                columns[2][i] = e.accuracy();
                columns[3][i] = e.validationAccuracy();
            }
            putIfMeasured(loss, prefix + "training loss", columns[0]);
            putIfMeasured(loss, prefix + "test loss", columns[1]);
            putIfMeasured(accuracy, prefix + "training accuracy", columns[2]);
            putIfMeasured(accuracy, prefix + "test accuracy", columns[3]);
        });
        return Plots.lossAndAccuracy(output(file), title, "epoch", loss, accuracy);
    }

    /** {@link History} holds NaN for what was not measured (no validation set, no accuracy): left off the chart. */
    private static void putIfMeasured(Map<String, double[]> into, String name, double[] values) {
        if (values.length > 0 && !Double.isNaN(values[0])) {
            into.put(name, values);
        }
    }
}

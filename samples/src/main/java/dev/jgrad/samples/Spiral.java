package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Adam;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Dense;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Three interleaved spiral arms in the plane, which no straight boundary separates: a linear softmax classifier and
 * a 2-layer ReLU network are trained side by side on the same points, both with L2 regularisation, and the
 * network's decision regions are drawn with the points.
 *
 * <pre>{@code
 * Spiral sample = new Spiral();
 * new CommandLine(sample).parseArgs("--l2", "0.01", "--out", "plots");
 * Spiral.Result r = sample.run();   // writes spiral-training.png and both models' regions into plots/
 * r.networkAccuracy();
 * }</pre>
 */
@Command(name = "spiral", description = "A 3-class spiral: a linear softmax classifier beside a 2-layer ReLU"
        + " network, both with L2 regularisation.")
public final class Spiral extends MiniBatchSample<Spiral.Result> {
    private static final int POINTS_PER_CLASS = 100;
    private static final int CLASSES = 3;

    /**
     * What the two models reached.
     *
     * <pre>{@code
     * Spiral.Result r = new Spiral().run();
     * r.linearAccuracy();                       // about a half: no straight boundary separates the arms
     * r.networkAccuracy();                      // near 1
     * r.network().last().accuracy();            // the network's training accuracy in its last epoch
     * }</pre>
     *
     * @param linearAccuracy the linear classifier's accuracy on the training points
     * @param networkAccuracy the network's accuracy on the training points
     * @param linear the linear classifier's loss and accuracy per epoch
     * @param network the network's loss and accuracy per epoch
     */
    public record Result(double linearAccuracy, double networkAccuracy, History linear, History network)
            implements Sample.Result {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "training accuracy: linear %.3f, network %.3f", linearAccuracy,
                    networkAccuracy);
        }
    }

    @Option(names = "--l2", paramLabel = "<lambda>",
            description = "L2 regularisation: lambda / (2 n) times the sum of squared weights is added to the loss"
                    + " (default: ${DEFAULT-VALUE}).")
    double l2 = 0.1;

    /** The spiral sample with its default options; float32 reaches float64's accuracies in less time. */
    public Spiral() {
        super(DType.FLOAT32, 80, 0.01, 30, 100);
    }

    @Override
    public Result run() {
        Datasets.Labeled spiral = Datasets.spiral(POINTS_PER_CLASS, CLASSES, random(RandomStream.DATA));
        Dataset data = Dataset.classification(spiral.features(), spiral.labels()).to(dtype);
        Map<String, History> histories = new LinkedHashMap<>();
        out.println("linear softmax classifier");
        Module linearModel = new Dense(2, CLASSES, Init.XAVIER_UNIFORM, random(RandomStream.INIT)).to(dtype);
        Trainer linear = train(linearModel, data, histories, "linear");
        out.println("2-layer ReLU network");
        Trainer network = train(mlp(2, CLASSES, Activation.relu(), Init.HE_NORMAL, 0), data, histories, "network");
        plotHistories("spiral-training.png", "spiral: loss and accuracy per epoch", histories);
        double[] points = spiral.features().toArray();
        Plots.regions(output("spiral-linear-regions.png"), "spiral: linear softmax classifier", points,
                spiral.labels(), grid -> classify(linear, grid, dtype));
        Plots.regions(output("spiral-network-regions.png"), "spiral: 2-layer ReLU network", points, spiral.labels(),
                grid -> classify(network, grid, dtype));
        return new Result(linear.evaluate(data, data.size()).accuracy(), network.evaluate(data, data.size()).accuracy(),
                histories.get("linear"), histories.get("network"));
    }

    /**
     * Trains {@code model} on the points, records its history under {@code name}, and returns its trainer. Each model
     * gets a fresh shuffle stream, so both see the same batches.
     */
    private Trainer train(Module model, Dataset data, Map<String, History> histories, String name) {
        Trainer trainer = trainer(model, regularised(model, data.size()), new Adam(model.parameters(), learningRate),
                epochs);
        histories.put(name, trainer.fit(data, epochs, batchSize, random(RandomStream.SHUFFLE)));
        return trainer;
    }

    /** Cross-entropy plus the L2 penalty of the model's weights (biases are not penalised). */
    private Loss regularised(Module model, int samples) {
        List<Tensor> weights = new ArrayList<>();
        model.namedParameters().forEach((name, p) -> {
            if (name.endsWith("weight")) {
                weights.add(p);
            }
        });
        return Loss.crossEntropy().withL2Penalty(l2, samples, weights);
    }

    /** The class with the largest score for each point of a flat x,y grid, the points in the model's dtype. */
    private static int[] classify(Trainer trainer, double[] grid, DType dtype) {
        int n = grid.length / 2;
        double[] scores = trainer.predict(Tensor.of(grid, n, 2).to(dtype), 4096).toArray();
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < CLASSES; c++) {
                best[i] = scores[i * CLASSES + c] > scores[i * CLASSES + best[i]] ? c : best[i];
            }
        }
        return best;
    }
}

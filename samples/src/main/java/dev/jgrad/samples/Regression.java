package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Adam;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Trainer;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Curve fitting: noisy samples of {@code sin(x)} on [-pi, pi] fitted by a tanh MLP with mean squared error; the fit
 * is then compared with the noiseless truth it never saw.
 *
 * <pre>{@code
 * Regression sample = new Regression();
 * new CommandLine(sample).parseArgs("--points", "500", "--noise", "0.2");
 * Regression.Result r = sample.run();   // writes regression-training.png and regression-fit.png
 * r.truthError();
 * }</pre>
 */
@Command(name = "regression", description = "A noisy sine fitted by a tanh MLP with mean squared error.")
public final class Regression extends MiniBatchSample<Regression.Result> {
    /** Points of the grid the fit is drawn and scored on. */
    private static final int GRID = 400;

    /**
     * What the fit reached.
     *
     * <pre>{@code
     * Regression.Result r = new Regression().run();
     * r.trainingLoss();   // near the noise's variance, 0.01 by default
     * r.truthError();     // smaller: the fit follows sin(x), not the noise
     * }</pre>
     *
     * @param trainingLoss the mean squared error on the noisy training points
     * @param truthError the mean squared distance of the fit from {@code sin(x)} over a grid of [-pi, pi]
     * @param history the training loss per epoch
     */
    public record Result(double trainingLoss, double truthError, History history) implements Sample.Result {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "training MSE %.4f, fit vs truth MSE %.5f", trainingLoss, truthError);
        }
    }

    @Option(names = "--points", paramLabel = "<n>", description = "Training points (default: ${DEFAULT-VALUE}).")
    int points = 200;

    @Option(names = "--noise", paramLabel = "<sigma>",
            description = "Standard deviation of the noise added to sin(x) (default: ${DEFAULT-VALUE}).")
    double noise = 0.1;

    /** The regression sample with its default options; float32 reaches float64's fit in less time. */
    public Regression() {
        super(DType.FLOAT32, 100, 0.02, 16, 32, 32);
    }

    @Override
    public Result run() {
        Random rng = random(RandomStream.DATA);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = Math.PI * (2 * rng.nextDouble() - 1);
            y[i] = Math.sin(x[i]) + noise * rng.nextGaussian();
        }
        Dataset data = new Dataset(Tensor.of(x, points, 1), Tensor.of(y, points, 1)).to(dtype);
        Module model = mlp(1, 1, Activation.tanh(), Init.XAVIER_UNIFORM, 0);
        Trainer trainer = trainer(model, Loss.meanSquaredError(), new Adam(model.parameters(), learningRate), epochs);
        History history = trainer.fit(data, epochs, batchSize, random(RandomStream.SHUFFLE));

        double[] gridX = new double[GRID];
        double[] truth = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            gridX[i] = Math.PI * (2.0 * i / (GRID - 1) - 1);
            truth[i] = Math.sin(gridX[i]);
        }
        double[] fit = trainer.predict(Tensor.of(gridX, GRID, 1).to(dtype), GRID).toArray();
        double truthError = 0;
        for (int i = 0; i < GRID; i++) {
            truthError += (fit[i] - truth[i]) * (fit[i] - truth[i]) / GRID;
        }
        plotHistories("regression-training.png", "regression: loss per epoch", Map.of("", history));
        Plots.fit(output("regression-fit.png"), "regression: noisy sin(x) and the MLP's fit", x, y, gridX, truth, fit);
        return new Result(trainer.evaluate(data, points).loss(), truthError, history);
    }
}

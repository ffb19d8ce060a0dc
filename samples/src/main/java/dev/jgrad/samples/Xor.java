package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Reduction;
import dev.jgrad.nn.SGD;
import dev.jgrad.nn.Sequential;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * The classic first network: XOR, which no single linear unit can compute, learnt by 2 inputs, one hidden layer of
 * sigmoid units and a sigmoid output, trained on the sum of squared errors by plain gradient descent over the whole
 * truth table.
 *
 * <pre>{@code
 * Xor sample = new Xor();
 * new CommandLine(sample).parseArgs("--epochs", "3000", "--lr", "0.5");
 * Xor.Result r = sample.run();   // writes xor-training.png
 * r.worstError();                // how far the worst of the four outputs is from its target
 * }</pre>
 */
@Command(name = "xor", description = "XOR with a 2-H-1 sigmoid network, squared errors and plain gradient descent.")
public final class Xor extends Sample<Xor.Result> {
    private static final double[] INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    private static final double[] TARGETS = {0, 1, 1, 0};

    /**
     * What the network reached.
     *
     * <pre>{@code
     * Xor.Result r = new Xor().run();
     * r.predictions();   // the outputs for 00, 01, 10, 11, near 0 1 1 0
     * r.summary();       // "loss 0.00..., predictions ... (targets 0 1 1 0)"
     * }</pre>
     *
     * @param loss the sum of squared errors over the truth table after training
     * @param predictions the network's outputs for the inputs 00, 01, 10, 11
     * @param lossPerIteration the loss before each update
     */
    public record Result(double loss, double[] predictions, double[] lossPerIteration) implements Sample.Result {
        /** The largest distance of a prediction from its target. */
        public double worstError() {
            double worst = 0;
            for (int i = 0; i < TARGETS.length; i++) {
                worst = Math.max(worst, Math.abs(predictions[i] - TARGETS[i]));
            }
            return worst;
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "loss %.5f, predictions %.3f %.3f %.3f %.3f (targets 0 1 1 0)", loss,
                    predictions[0], predictions[1], predictions[2], predictions[3]);
        }
    }

    /**
     * The XOR sample with its default options: 1500 iterations, in float64, as float32 saves no measurable time on
     * four points.
     */
    public Xor() {
        super(DType.FLOAT64, 1500, 1.0, 3);
    }

    @Override
    public Result run() {
        Module net = new Sequential(mlp(2, 1, Activation.sigmoid(), Init.XAVIER_UNIFORM, 0), Activation.sigmoid());
        Optimizer descent = new SGD(net.parameters(), learningRate);
        Tensor x = Tensor.of(INPUTS, 4, 2).to(dtype);
        Tensor y = Tensor.of(TARGETS, 4, 1).to(dtype);
        double[] losses = new double[epochs];
        double[] accuracy = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            descent.zeroGrad();
            Tensor prediction = net.forward(x);
            Tensor loss = Losses.sumSquaredError(prediction, y, Reduction.SUM);
            loss.backward();
            descent.step();
            losses[i] = loss.item();
            accuracy[i] = rightSide(prediction.toArray());
            if ((i + 1) % 100 == 0) {
                out.printf(Locale.ROOT, "iteration %4d  loss %.5f%n", i + 1, losses[i]);
            }
        }
        double[] p;
        double loss;
        try (var off = Tensor.noGrad()) {
            Tensor prediction = net.forward(x);
            p = prediction.toArray();
            loss = Losses.sumSquaredError(prediction, y, Reduction.SUM).item();
        }
        out.println(" x1 x2 | target | prediction");
        for (int i = 0; i < 4; i++) {
            out.printf(Locale.ROOT, "  %.0f  %.0f |   %.0f    |   %.4f%n", INPUTS[2 * i], INPUTS[2 * i + 1],
                    TARGETS[i], p[i]);
        }
        Plots.lossAndAccuracy(output("xor-training.png"), "xor: loss and accuracy per iteration", "iteration",
                Map.of("sum of squared errors", losses),
                Map.of("accuracy (prediction on the target's side of 0.5)", accuracy));
        return new Result(loss, p, losses);
    }

    /** The fraction of predictions on the same side of 0.5 as their target. */
    private static double rightSide(double[] predictions) {
        int right = 0;
        for (int i = 0; i < predictions.length; i++) {
            right += (predictions[i] > 0.5) == (TARGETS[i] > 0.5) ? 1 : 0;
        }
        return (double) right / predictions.length;
    }
}

package dev.jgrad.examples;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.*;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The short path, as Keras users write it: layers that infer their input widths, compile, fit with callbacks,
 * evaluate with metrics, predict and summary.
 */
public final class ShortPath {
    private ShortPath() {
    }

    /** XOR, the tutorial's Keras program line for line: the predictions for its four inputs. */
    static Tensor xor() {
        Tensor x = Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new double[] {0, 1, 1, 0}, 4, 1);
        Model model = Model.sequential(new Dense(8, Activation.tanh()), new Dense(1, Activation.sigmoid()));
        model.compile(Loss.binaryCrossEntropy(false), OptimizerFactory.adam(0.05));
        model.fit(x, y, 300, FitOptions.defaults().verbose(false));
        return model.predict(x);
    }

    /** Two noisy blobs of {@code n} points each, labelled 0 and 1. */
    static Tensor blobs(int n, Random rng) {
        double[] v = new double[4 * n];
        for (int i = 0; i < 2 * n; i++) {
            double centre = i < n ? -1 : 1;
            v[2 * i] = centre + 0.5 * rng.nextGaussian();
            v[2 * i + 1] = centre + 0.5 * rng.nextGaussian();
        }
        return Tensor.of(v, 2 * n, 2);
    }

    static int[] labels(int n) {
        int[] y = new int[2 * n];
        for (int i = n; i < 2 * n; i++) {
            y[i] = 1;
        }
        return y;
    }

    /** A classifier trained with a validation split and callbacks, then scored; the runs' files go to {@code runs}. */
    static Map<String, Double> classify(Path runs) {
        Random rng = new Random(7);
        Tensor x = blobs(200, rng), xTest = blobs(50, rng);
        int[] labels = labels(200), labelsTest = labels(50);
        Model model = Model.sequential(new Dense(16, Activation.relu()), new Dense(2)).seed(1);
        model.compile(Loss.sparseCategoricalCrossEntropy(true), OptimizerFactory.adam(),
                Metrics.accuracy(), Metrics.f1(Average.MACRO));
        History history = model.fit(x, labels, 30, FitOptions.defaults()
                .validationSplit(0.2)                        // the last 20%, taken before shuffling, as Keras does
                .callbacks(new EarlyStopping("val_loss").patience(3).restoreBestWeights(true),
                        new CsvLogger(runs.resolve("training.csv")),
                        LearningRateSchedule.cosine(1e-2, 10, 30 * 10, 0).everyBatch())
                .verbose(false));
        history.writeJson(runs.resolve("history.json"));
        Map<String, Double> scores = model.evaluate(xTest, labelsTest);   // {loss=..., accuracy=..., macroF1=...}
        ConfusionMatrix cm = Metrics.confusionMatrix(model.predict(xTest), Tensor.of(
                java.util.Arrays.stream(labelsTest).asDoubleStream().toArray(), labelsTest.length));
        System.out.print(cm.classificationReport(List.of("left", "right")));
        System.out.print(model.summary());
        return scores;
    }

    /** Prints XOR's predictions, then trains and scores the classifier, writing its files under runs/. */
    public static void main(String[] args) throws Exception {
        System.out.println(xor());
        Path runs = java.nio.file.Files.createDirectories(Path.of("runs"));
        System.out.println(classify(runs));
    }
}

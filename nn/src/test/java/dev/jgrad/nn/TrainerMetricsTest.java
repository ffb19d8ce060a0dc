package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Trainer#evaluate(Dataset, int, Metric...)}: the metrics asked for, over the data set in batches. */
class TrainerMetricsTest {
    private final Module model = TrainerTest.twoLayer(new Random(4));
    private final Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1));
    private final Dataset data = TrainerTest.xor(23, 5);

    @Test
    void returnsTheLossThenEachMetricByNameInOrder() {
        Map<String, Double> values = trainer.evaluate(data, 5, Metrics.f1(Average.MACRO), Metrics.accuracy());
        assertEquals(List.of("loss", "macroF1", "accuracy"), List.copyOf(values.keySet()));
        assertEquals(trainer.evaluate(data, 5).loss(), values.get("loss"), 0);
        assertEquals(trainer.evaluate(data, 5).accuracy(), values.get("accuracy"), 1e-15);
    }

    @Test
    void batchesGiveTheValuesOfTheWholeSetPredictedAtOnce() {
        Tensor predicted = trainer.predict(data.features(), 23);
        ConfusionMatrix cm = Metrics.confusionMatrix(predicted, data.targets());
        Map<String, Double> values = trainer.evaluate(data, 4, Metrics.f1(Average.MACRO), Metrics.recall(1),
                Metrics.topKAccuracy(1));
        assertEquals(cm.f1(Average.MACRO), values.get("macroF1"), 0);
        assertEquals(cm.recall()[1], values.get("recallOfClass1"), 0);
        assertEquals(cm.accuracy(), values.get("top1Accuracy"), 0);
    }

    @Test
    void eachMetricIsResetFirst() {
        Metric accuracy = Metrics.accuracy();
        accuracy.update(Tensor.of(new double[] {1, 0}, 1, 2), Tensor.of(new double[] {1}, 1));
        double once = trainer.evaluate(data, 8, accuracy).get("accuracy");
        assertEquals(once, trainer.evaluate(data, 8, accuracy).get("accuracy"), 0);
        assertEquals(trainer.evaluate(data, 8).accuracy(), once, 1e-15);
    }

    @Test
    void regressionMetricsReadTheOutputAgainstTheTargets() {
        Dense line = new Dense(1, 1, new Random(0));
        Trainer fit = new Trainer(line, Loss.meanSquaredError(), new SGD(line.parameters(), 0.1));
        Dataset points = new Dataset(Tensor.of(new double[] {0, 1, 2, 3}, 4, 1),
                Tensor.of(new double[] {1, 3, 5, 7}, 4, 1));
        double[] p = fit.predict(points.features(), 4).toArray();
        double absolute = 0;
        double squared = 0;
        for (int i = 0; i < 4; i++) {
            absolute += Math.abs(2 * i + 1 - p[i]);
            squared += (2 * i + 1 - p[i]) * (2 * i + 1 - p[i]);
        }
        Map<String, Double> values = fit.evaluate(points, 3, Metrics.meanAbsoluteError(),
                Metrics.rootMeanSquaredError(), Metrics.r2());
        assertEquals(absolute / 4, values.get("meanAbsoluteError"), 1e-15);
        assertEquals(Math.sqrt(squared / 4), values.get("rootMeanSquaredError"), 1e-15);
        assertEquals(1 - squared / 20, values.get("r2"), 1e-14);   // sum (y - 4)^2 = 9 + 1 + 1 + 9
        assertEquals(squared / 4, values.get("loss"), 1e-14);
    }

    @Test
    void twoValuesOfOneNameAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> trainer.evaluate(data, 5, Metrics.accuracy(), Metrics.accuracy()));
        assertEquals("Trainer.evaluate: two values would be named accuracy; the loss is named loss and each metric"
                + " needs a name of its own", e.getMessage());
    }

    @Test
    void nullMetricsAreRejectedByPosition() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> trainer.evaluate(data, 5, Metrics.accuracy(), null));
        assertEquals("Trainer.evaluate: metric 1 is null", e.getMessage());
        var all = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(data, 5, (Metric[]) null));
        assertEquals("Trainer.evaluate: metrics is null", all.getMessage());
    }

    @Test
    void aMetricThatRejectsTheOutputSaysWhy() {
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(data, 5, Metrics.topKAccuracy(3)));
        assertEquals("top3Accuracy: k = 3 is more than the 2 classes of predictions of shape [5, 2]", e.getMessage());
    }
}

package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** XOR of signs: points in [-1, 1]^2 labelled by whether both coordinates have the same sign. */
    static Dataset xor(int n, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = rng.nextDouble() * 2 - 1;
            x[2 * i + 1] = rng.nextDouble() * 2 - 1;
            y[i] = x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0;
        }
        return Dataset.classification(Tensor.of(x, n, 2), y);
    }

    static Module twoLayer(Random rng) {
        return new Sequential(new Dense(2, 16, Init.XAVIER_NORMAL, rng), Activation.tanh(),
                new Dense(16, 2, Init.XAVIER_NORMAL, rng));
    }

    private static String run(Trainer trainer, boolean terminal, Dataset data, int epochs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trainer.progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
        trainer.fit(data, epochs, 16, new Random(1));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoLayerNetworkLearnsXor() {
        Dataset.Split split = xor(300, 5).split(0.8, new Random(6));
        Module model = twoLayer(new Random(7));
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model.parameters(), 0.03))
                .progress(null, false);
        History history = trainer.fit(split.train(), split.test(), 60, 32, new Random(8));
        assertEquals(60, history.epochs().size());
        assertTrue(history.last().loss() < history.epochs().get(0).loss() / 3, history.last().toString());
        assertTrue(trainer.evaluate(split.test(), 100).accuracy() >= 0.93, history.last().toString());
        assertEquals(history.last().validationAccuracy(), trainer.evaluate(split.test(), 7).accuracy(), 1e-12);
    }

    @Test
    void plainOutputIsOneLinePerEpoch() {
        Module model = twoLayer(new Random(1));
        String out = run(new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1)), false, xor(40, 1),
                3);
        String[] lines = out.split("\n");
        assertEquals(3, lines.length, out);
        assertFalse(out.contains("\r"));
        assertTrue(lines[2].matches("epoch 3/3 loss \\d\\.\\d{4} acc \\d\\.\\d{4} \\| \\d+ samples/s, 0:00 left"),
                lines[2]);
    }

    @Test
    void terminalOutputRedrawsABar() {
        Module model = twoLayer(new Random(1));
        String out = run(new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1)), true, xor(40, 1),
                1);
        assertTrue(out.startsWith("\repoch 1/1 [=========>"), out);
        assertTrue(out.contains("] 16/40 loss "), out);
        assertTrue(out.endsWith("left   \n"), out);
    }

    @Test
    void evaluateAndPredictUseEvalModeAndRestoreIt() {
        Dropout drop = new Dropout(0.5, new Random(2));
        Dense dense = new Dense(2, 2, new Random(3));
        Module model = new Sequential(dense, drop);
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1));
        Dataset data = xor(10, 3);
        Tensor predicted = trainer.predict(data.features(), 3);
        assertArrayEquals(dense.forward(data.features()).toArray(), predicted.toArray(), 1e-12);
        assertTrue(model.isTraining());
        double expected = Losses.crossEntropy(predicted, data.labels(), Reduction.MEAN).item();
        assertEquals(expected, trainer.evaluate(data, 4).loss(), 1e-12);
        assertTrue(drop.isTraining());
    }

    @Test
    void regressionHasNoAccuracy() {
        Dense model = new Dense(1, 1, new Random(0));
        Dataset line = new Dataset(Tensor.of(new double[] {0, 1, 2, 3}, 4, 1), Tensor.of(new double[] {1, 3, 5, 7}, 4, 1));
        Trainer trainer = new Trainer(model, Loss.meanSquaredError(), new Adam(model.parameters(), 0.1))
                .progress(null, false);
        History h = trainer.fit(line, 300, 4, new Random(0));
        assertTrue(Double.isNaN(h.last().accuracy()));
        assertArrayEquals(new double[] {2}, model.weight().toArray(), 1e-2);
        assertArrayEquals(new double[] {1}, model.bias().toArray(), 1e-2);
    }

    @Test
    void nonFiniteLossStopsTrainingWithWhereItHappened() {
        Dense model = new Dense(2, 2, new Random(0));
        Trainer trainer = new Trainer(model, (out, y) -> out.sum().mul(Double.NaN), new SGD(model.parameters(), 0.1))
                .progress(null, false);
        var e = assertThrows(IllegalStateException.class, () -> trainer.fit(xor(10, 0), 2, 4, new Random(0)));
        assertEquals("fit: the loss became NaN at epoch 1, batch 1; lower the learning rate or clip gradients",
                e.getMessage());
    }

    @Test
    void anEmptyDataSetIsRejectedRatherThanReportedAsNaN() {
        Dense model = new Dense(2, 2, new Random(0));
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1))
                .progress(null, false);
        Dataset empty = Dataset.classification(Tensor.zeros(0, 2), new int[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(empty, 2, 4, new Random(0)));
        assertEquals("fit: the training set has no samples (features of shape [0, 2])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(xor(8, 0), empty, 2, 4, new Random(0)));
        assertEquals("fit: the validation set has no samples (features of shape [0, 2])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(empty, 4));
        assertEquals("evaluate: the data set has no samples (features of shape [0, 2])", e.getMessage());
    }

    @Test
    void learningRateScheduleSetsTheRateAtTheStartOfEachEpoch() {
        Dense model = new Dense(2, 2, new Random(0));
        SGD sgd = new SGD(model.parameters(), 0.1);
        List<Double> rates = new ArrayList<>();
        Loss recordsTheRate = (out, y) -> {
            rates.add(sgd.learningRate());
            return out.sum().mul(0.0);
        };
        new Trainer(model, recordsTheRate, sgd).progress(null, false).learningRateSchedule(epoch -> 1.0 / epoch)
                .fit(xor(8, 0), 3, 4, new Random(0));
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 1.0 / 3, 1.0 / 3), rates);
    }
}

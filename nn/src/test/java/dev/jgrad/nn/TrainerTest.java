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
import org.junit.jupiter.api.function.Executable;

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
        assertTrue(out.matches("(?s).*\repoch 1/1 loss \\S+ acc \\S+ \\| \\d+ samples/s, 0:00 left *\n"), out);
    }

    @Test
    void progressToAStreamOtherThanStandardOutputIsPlainLines() {
        Module model = twoLayer(new Random(1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1))
                .progress(new PrintStream(bytes, true, StandardCharsets.UTF_8)).fit(xor(40, 1), 2, 16, new Random(1));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), out);
        assertEquals(2, out.split("\n").length, out);
    }

    @Test
    void aLossThatIsNotAScalarIsNamedWithItsShape() {
        Dense model = new Dense(2, 1, new Random(0));
        Trainer trainer = new Trainer(model, (out, y) -> out, new SGD(model.parameters(), 0.1)).progress(null, false);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(xor(8, 0), 1, 4, new Random(0)));
        assertEquals("Trainer.fit: the loss returned shape [4, 1]; a loss must return a scalar (reduce it with mean()"
                + " or sum())", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(xor(8, 0), 4));
        assertEquals("Trainer.evaluate: the loss returned shape [4, 1]; a loss must return a scalar (reduce it with"
                + " mean() or sum())", e.getMessage());
    }

    @Test
    void aLossThatReturnsNullIsNamed() {
        Dense model = new Dense(2, 1, new Random(0));
        Trainer trainer = new Trainer(model, (out, y) -> null, new SGD(model.parameters(), 0.1)).progress(null, false);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(xor(8, 0), 1, 4, new Random(0)));
        assertEquals("Trainer.fit: the loss returned null; a loss must return a scalar tensor", e.getMessage());
    }

    private static void assertNullRejected(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void nullArgumentsAreRejectedNamingTheMethodAndTheParameter() {
        Dense model = new Dense(2, 2, new Random(0));
        SGD sgd = new SGD(model.parameters(), 0.1);
        assertNullRejected("Trainer: model is null", () -> new Trainer(null, Loss.crossEntropy(), sgd));
        assertNullRejected("Trainer: loss is null", () -> new Trainer(model, null, sgd));
        assertNullRejected("Trainer: optimizer is null", () -> new Trainer(model, Loss.crossEntropy(), null));
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), sgd).progress(null, false);
        assertNullRejected("Trainer.fit: train is null", () -> trainer.fit(null, 1, 4, new Random(0)));
        assertNullRejected("Trainer.fit: train is null", () -> trainer.fit(null, xor(8, 0), 1, 4, new Random(0)));
        assertNullRejected("Trainer.fit: shuffle is null", () -> trainer.fit(xor(8, 0), 1, 4, null));
        assertNullRejected("Trainer.evaluate: data is null", () -> trainer.evaluate(null, 4));
        assertNullRejected("Trainer.predict: features is null", () -> trainer.predict(null, 4));
        assertNullRejected("Trainer.learningRateSchedule: schedule is null", () -> trainer.learningRateSchedule(null));
        assertNullRejected("History: epochs is null", () -> new History(null));
        List<History.Epoch> withNull = new ArrayList<>();
        withNull.add(new History.Epoch(1, 0.5, 0.5, 0.5, 0.5, 1));
        withNull.add(null);
        assertNullRejected("History: epochs[1] is null", () -> new History(withNull));
    }

    @Test
    void evaluateAndPredictRejectABatchSizeThatIsNotPositive() {
        Dense model = new Dense(2, 2, new Random(0));
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1));
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(xor(8, 0), 0));
        assertEquals("Trainer.evaluate: batch size 0 must be positive", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.predict(xor(8, 0).features(), 0));
        assertEquals("Trainer.predict: batch size 0 must be positive and features of shape [8, 2] need at least one"
                + " sample", e.getMessage());
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
        assertEquals("TerminateOnNaN: the loss became NaN at epoch 1, batch 1; lower the learning rate or clip"
                + " gradients", e.getMessage());
    }

    @Test
    void anEmptyDataSetIsRejectedRatherThanReportedAsNaN() {
        Dense model = new Dense(2, 2, new Random(0));
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1))
                .progress(null, false);
        Dataset empty = Dataset.classification(Tensor.zeros(0, 2), new int[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(empty, 2, 4, new Random(0)));
        assertEquals("Trainer.fit: the training set has no samples (features of shape [0, 2])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(xor(8, 0), empty, 2, 4, new Random(0)));
        assertEquals("Trainer.fit: the validation set has no samples (features of shape [0, 2])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(empty, 4));
        assertEquals("Trainer.evaluate: the data set has no samples (features of shape [0, 2])", e.getMessage());
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

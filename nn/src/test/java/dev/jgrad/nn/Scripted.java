package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training runs whose losses are known in advance, for the callback tests: the loss of the k-th batch is the k-th
 * value given (the last one repeated), while its gradient is that of {@code output.sum()}, so the parameters still
 * move at every batch.
 */
final class Scripted {
    private Scripted() {
    }

    /** Eight samples of XOR: one batch per epoch with a batch size of 8, two with 4. */
    static final Dataset DATA = TrainerTest.xor(8, 0);

    /** A loss whose value at its k-th call is {@code values[k]}: output.sum() - output.sum() + value. */
    static Loss loss(double... values) {
        int[] calls = {0};
        return (output, targets) -> {
            double value = values[Math.min(calls[0]++, values.length - 1)];
            Tensor sum = output.sum();
            return sum.sub(sum.detach()).add(value);
        };
    }

    static Dense model() {
        return new Dense(2, 2, new Random(0));
    }

    static Trainer trainer(Module model, double... losses) {
        return new Trainer(model, loss(losses), new SGD(model.parameters(), 0.1)).progress(null, false);
    }

    /** A copy of every parameter's values, in order. */
    static List<double[]> values(Module model) {
        List<double[]> values = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            values.add(p.toArray());
        }
        return values;
    }

    /** A callback that keeps a copy of the parameters at the end of every epoch, by epoch number from 1. */
    static final class Snapshots implements Callback {
        final List<List<double[]>> byEpoch = new ArrayList<>();

        @Override
        public void onTrainBegin(Training training, Map<String, Double> logs) {
            byEpoch.add(null);
        }

        @Override
        public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
            byEpoch.add(values(training.model()));
        }
    }
}

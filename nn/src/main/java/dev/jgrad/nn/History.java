package dev.jgrad.nn;

import java.util.List;

/**
 * What {@link Trainer#fit} measured, one entry per epoch.
 *
 * <pre>{@code
 * History h = trainer.fit(train, 20, 32, new Random(1));
 * h.last().loss();
 * }</pre>
 *
 * @param epochs the metrics of each epoch, in order
 */
public record History(List<Epoch> epochs) {
    /**
     * Copies the list.
     *
     * @throws IllegalArgumentException if {@code epochs} is or holds null
     */
    public History {
        Checks.notNull("History", "epochs", epochs);
        for (int i = 0; i < epochs.size(); i++) {
            Checks.notNull("History", "epochs[" + i + "]", epochs.get(i));
        }
        epochs = List.copyOf(epochs);
    }

    /**
     * The metrics of one epoch; accuracies are NaN when the loss has none, validation values NaN without a
     * validation set.
     *
     * <pre>{@code
     * for (History.Epoch e : history.epochs()) System.out.println(e.epoch() + ": " + e.loss());
     * }</pre>
     *
     * @param epoch the epoch number, from 1
     * @param loss the mean training loss over the epoch's batches, weighted by batch size
     * @param accuracy the training accuracy over the epoch
     * @param validationLoss the loss on the validation set after the epoch
     * @param validationAccuracy the accuracy on the validation set after the epoch
     * @param seconds the epoch's wall-clock time
     */
    public record Epoch(int epoch, double loss, double accuracy, double validationLoss, double validationAccuracy,
            double seconds) {
    }

    /**
     * The last epoch's metrics.
     *
     * @throws IllegalStateException if there were no epochs
     */
    public Epoch last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History: no epochs were run");
        }
        return epochs.get(epochs.size() - 1);
    }
}

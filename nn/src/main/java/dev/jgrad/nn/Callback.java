package dev.jgrad.nn;

import java.util.Map;

/**
 * Code that {@link Trainer#fit} runs at the start and end of training, of each epoch and of each batch, as Keras's
 * callbacks are run. Every method does nothing unless overridden, so a callback implements only the moments it cares
 * about. Each receives the {@link Training} under way (through which it may stop training, read or set the learning
 * rate and reach the model) and the logs of that moment, a read-only map:
 * <ul>
 *   <li>train, epoch and batch begin: empty;
 *   <li>batch end: {@code loss} and {@code accuracy} of the batch, and {@code lr}, the rate the batch was trained
 *       with;
 *   <li>epoch end: {@code loss} and {@code accuracy} over the epoch, {@code val_loss} and {@code val_accuracy} on the
 *       validation set, and {@code lr}, the rate at the epoch's last batch;
 *   <li>train end: the last epoch's logs (empty if no epoch ended).
 * </ul>
 * A key is left out when there is nothing to report: {@code accuracy} for a loss without one (a regression), the
 * {@code val_} keys without a validation set. Epochs and batches are counted from 1.
 *
 * <pre>{@code
 * Callback printer = new Callback() {
 *     @Override
 *     public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
 *         System.out.println("epoch " + epoch + ": " + logs);
 *         if (logs.get("loss") < 0.01) {
 *             training.stop();
 *         }
 *     }
 * };
 * trainer.callbacks(printer, new EarlyStopping("val_loss").patience(3));
 * }</pre>
 */
public interface Callback {
    /** Before the first epoch; {@code logs} is empty. */
    default void onTrainBegin(Training training, Map<String, Double> logs) {
    }

    /**
     * After the last epoch, or the epoch in which training was stopped; {@code logs} are the last epoch's. Not called
     * when {@code fit} throws.
     */
    default void onTrainEnd(Training training, Map<String, Double> logs) {
    }

    /** Before epoch {@code epoch}'s first batch; {@code logs} is empty. */
    default void onEpochBegin(Training training, int epoch, Map<String, Double> logs) {
    }

    /** After epoch {@code epoch}'s validation, with the epoch's metrics. */
    default void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
    }

    /** Before batch {@code batch} (of the current epoch, from 1); {@code logs} is empty. */
    default void onBatchBegin(Training training, int batch, Map<String, Double> logs) {
    }

    /** After batch {@code batch}'s update, with its loss, accuracy and learning rate. */
    default void onBatchEnd(Training training, int batch, Map<String, Double> logs) {
    }
}

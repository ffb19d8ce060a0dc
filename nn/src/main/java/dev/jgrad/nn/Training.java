package dev.jgrad.nn;

/**
 * The training run a {@link Callback} is called from: where it is (epoch and batch), the model and optimizer, the
 * learning rate to read or change, and the way to stop. A stop takes effect after the current batch: the rest of the
 * epoch's batches are skipped, but the epoch still ends as usual (validation, {@link Callback#onEpochEnd}, an entry
 * in the {@link History}), then training ends with {@link Callback#onTrainEnd}. A stop asked for before the first
 * batch of an epoch (at train or epoch begin) skips that epoch and every later one.
 *
 * <pre>{@code
 * Callback warmUp = new Callback() {
 *     @Override
 *     public void onEpochBegin(Training training, int epoch, Map<String, Double> logs) {
 *         if (epoch == 3) {
 *             training.learningRate(training.learningRate() * 10);
 *         }
 *     }
 * };
 * }</pre>
 */
public final class Training {
    private final Module model;
    private final Optimizer optimizer;
    private final int epochs;
    private int epoch;
    private int batch;
    private boolean stopRequested;

    Training(Module model, Optimizer optimizer, int epochs) {
        this.model = model;
        this.optimizer = optimizer;
        this.epochs = epochs;
    }

    /** The model being trained. */
    public Module model() {
        return model;
    }

    /** The optimizer updating the model's parameters. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The number of epochs {@code fit} was asked for (fewer run if training is stopped). */
    public int epochs() {
        return epochs;
    }

    /** The current epoch, from 1; 0 before the first. */
    public int epoch() {
        return epoch;
    }

    /** The current batch within the epoch, from 1; 0 before the epoch's first batch. */
    public int batch() {
        return batch;
    }

    /** The optimizer's current learning rate. */
    public double learningRate() {
        return optimizer.learningRate();
    }

    /**
     * Sets the optimizer's learning rate, used from the next update on.
     *
     * @throws IllegalArgumentException if {@code rate} is not positive and finite
     */
    public void learningRate(double rate) {
        optimizer.learningRate(rate);
    }

    /** Asks training to stop after the current batch. */
    public void stop() {
        stopRequested = true;
    }

    /** Whether a callback has asked training to stop. */
    public boolean stopRequested() {
        return stopRequested;
    }

    void at(int epoch, int batch) {
        this.epoch = epoch;
        this.batch = batch;
    }
}

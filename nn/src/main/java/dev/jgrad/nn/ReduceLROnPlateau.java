package dev.jgrad.nn;

import java.util.Map;

/**
 * Multiplies the learning rate by a factor when a monitored log value has stopped improving, as Keras's
 * {@code ReduceLROnPlateau} does. At the end of each epoch the value either beats the best so far by more than
 * {@code minDelta} (an improvement, which resets the count) or counts one more epoch without one; at the
 * {@code patience}-th such epoch in a row the rate becomes {@code max(rate * factor, minLr)} (unless it is already
 * at or below {@code minLr}) and the count restarts. The {@code cooldown} epochs after a reduction are not counted
 * (an improvement during them still sets the best), so the model gets time to use the new rate; this is PyTorch's
 * reading of cooldown, while Keras's code leaves one epoch fewer uncounted.
 *
 * <pre>{@code
 * trainer.callbacks(new ReduceLROnPlateau("val_loss").factor(0.5).patience(3).minLr(1e-5).cooldown(1));
 * }</pre>
 *
 * <p>Defaults, Keras's: factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0, mode {@link MonitorMode#AUTO}.
 * A monitored key missing from an epoch's logs throws {@link IllegalArgumentException} from {@code fit}.
 */
public final class ReduceLROnPlateau implements Callback {
    private static final String NAME = "ReduceLROnPlateau";
    private final Monitor monitor;
    private double factor = 0.1;
    private int patience = 10;
    private int cooldown;
    private double minLr;
    private int wait;
    private int cooldownLeft;

    /**
     * Reduces the rate when the log value {@code monitor} ({@code "val_loss"}, ...) reaches a plateau.
     *
     * @throws IllegalArgumentException if {@code monitor} is null
     */
    public ReduceLROnPlateau(String monitor) {
        this.monitor = new Monitor(NAME, monitor);
        this.monitor.minDelta(1e-4);
    }

    /**
     * What the rate is multiplied by at a plateau; returns this callback.
     *
     * @throws IllegalArgumentException if {@code factor} is not in (0, 1)
     */
    public ReduceLROnPlateau factor(double factor) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException(NAME + ": factor " + factor + " must be in (0, 1)");
        }
        this.factor = factor;
        return this;
    }

    /**
     * After how many epochs in a row without improvement the rate is reduced; returns this callback.
     *
     * @throws IllegalArgumentException if {@code patience} is negative
     */
    public ReduceLROnPlateau patience(int patience) {
        this.patience = nonNegative("patience", patience);
        return this;
    }

    /**
     * How many epochs after a reduction go uncounted; returns this callback.
     *
     * @throws IllegalArgumentException if {@code cooldown} is negative
     */
    public ReduceLROnPlateau cooldown(int cooldown) {
        this.cooldown = nonNegative("cooldown", cooldown);
        return this;
    }

    private static int nonNegative(String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(NAME + ": " + what + " " + value + " must be >= 0");
        }
        return value;
    }

    /**
     * The rate is never reduced below this; returns this callback.
     *
     * @throws IllegalArgumentException if {@code minLr} is negative or not finite
     */
    public ReduceLROnPlateau minLr(double minLr) {
        if (!(minLr >= 0) || !Double.isFinite(minLr)) {
            throw new IllegalArgumentException(NAME + ": minLr " + minLr + " must be >= 0 and finite");
        }
        this.minLr = minLr;
        return this;
    }

    /**
     * By how much the value must beat the best so far to count as an improvement; returns this callback.
     *
     * @throws IllegalArgumentException if {@code minDelta} is negative or not finite
     */
    public ReduceLROnPlateau minDelta(double minDelta) {
        monitor.minDelta(minDelta);
        return this;
    }

    /**
     * Whether lower or higher is better; returns this callback.
     *
     * @throws IllegalArgumentException if {@code mode} is null
     */
    public ReduceLROnPlateau mode(MonitorMode mode) {
        monitor.mode(mode);
        return this;
    }

    /** Forgets the previous run. */
    @Override
    public void onTrainBegin(Training training, Map<String, Double> logs) {
        monitor.reset();
        wait = 0;
        cooldownLeft = 0;
    }

    /**
     * Counts the epoch with or without improvement and reduces the rate at a plateau.
     *
     * @throws IllegalArgumentException if the monitored key is not in {@code logs}
     */
    @Override
    public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
        double current = monitor.value(epoch, logs);
        boolean coolingDown = cooldownLeft > 0;
        if (coolingDown) {
            cooldownLeft--;
            wait = 0;
        }
        if (monitor.improve(current)) {
            wait = 0;
        } else if (!coolingDown) {
            wait++;
            double rate = training.learningRate();
            if (wait >= patience && rate > minLr) {
                training.learningRate(Math.max(rate * factor, minLr));
                cooldownLeft = cooldown;
                wait = 0;
            }
        }
    }
}

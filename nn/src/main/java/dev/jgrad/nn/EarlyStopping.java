package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored log value has stopped improving, as Keras's {@code EarlyStopping} does. At the end
 * of each epoch the value either beats the best so far by more than {@link #minDelta(double) minDelta} (an
 * improvement), or counts one more epoch without one; at the {@link #patience(int) patience}-th epoch in a row
 * without one, training stops after that epoch (patience 0 stops at the first, as 1 does, and as in Keras). With
 * {@link #restoreBestWeights(boolean) restoreBestWeights}, the values of every parameter and buffer at the end of
 * the best epoch are copied back into the model when training ends, whether it stopped early or ran all its epochs.
 *
 * <pre>{@code
 * EarlyStopping early = new EarlyStopping("val_loss").patience(5).minDelta(1e-4).restoreBestWeights(true);
 * trainer.callbacks(early).fit(train, validation, 200, 32, new Random(1));
 * System.out.println("best epoch " + early.bestEpoch() + ", stopped at " + early.stoppedEpoch());
 * }</pre>
 *
 * <p>Defaults: patience 0 (stop at the first epoch without improvement), minDelta 0, mode
 * {@link MonitorMode#AUTO}, best weights not restored. A monitored key missing from an epoch's logs (a
 * {@code val_} key without a validation set, say) throws {@link IllegalArgumentException} from {@code fit}.
 */
public final class EarlyStopping implements Callback {
    private static final String NAME = "EarlyStopping";
    private final Monitor monitor;
    private int patience;
    private boolean restoreBestWeights;
    private int wait;
    private int bestEpoch;
    private int stoppedEpoch;
    private List<Tensor> bestWeights;

    /**
     * Early stopping on the log value {@code monitor} ({@code "val_loss"}, {@code "accuracy"}, ...).
     *
     * @throws IllegalArgumentException if {@code monitor} is null
     */
    public EarlyStopping(String monitor) {
        this.monitor = new Monitor(NAME, monitor);
    }

    /**
     * After how many epochs in a row without improvement training stops; returns this callback.
     *
     * @throws IllegalArgumentException if {@code patience} is negative
     */
    public EarlyStopping patience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException(NAME + ": patience " + patience + " must be >= 0");
        }
        this.patience = patience;
        return this;
    }

    /**
     * By how much the value must beat the best so far to count as an improvement; returns this callback.
     *
     * @throws IllegalArgumentException if {@code minDelta} is negative or not finite
     */
    public EarlyStopping minDelta(double minDelta) {
        monitor.minDelta(minDelta);
        return this;
    }

    /**
     * Whether lower or higher is better; returns this callback.
     *
     * @throws IllegalArgumentException if {@code mode} is null
     */
    public EarlyStopping mode(MonitorMode mode) {
        monitor.mode(mode);
        return this;
    }

    /** Whether to put the best epoch's parameter values back into the model when training ends; returns this. */
    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    /** The epoch with the best value of the last run, or 0 if none improved on the start. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best value of the last run (infinite if no epoch gave a number). */
    public double best() {
        return monitor.best();
    }

    /** The epoch after which the last run was stopped, or 0 if it was not stopped by this callback. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** Forgets the previous run, so that one callback serves several calls of {@code fit}. */
    @Override
    public void onTrainBegin(Training training, Map<String, Double> logs) {
        monitor.reset();
        wait = 0;
        bestEpoch = 0;
        stoppedEpoch = 0;
        bestWeights = null;
    }

    /**
     * Records an improvement or counts an epoch without one, and stops training after {@code patience} of them.
     *
     * @throws IllegalArgumentException if the monitored key is not in {@code logs}
     */
    @Override
    public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
        if (monitor.improve(monitor.value(epoch, logs))) {
            wait = 0;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = copy(training.model());
            }
            return;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = epoch;
            training.stop();
        }
    }

    /** Puts the best epoch's values back, if asked to and an epoch improved. */
    @Override
    public void onTrainEnd(Training training, Map<String, Double> logs) {
        if (restoreBestWeights && bestWeights != null) {
            List<Tensor> now = List.copyOf(Checkpoint.state(training.model()).values());
            try (var off = Tensor.noGrad()) {
                for (int i = 0; i < now.size(); i++) {
                    now.get(i).assign(bestWeights.get(i));
                }
            }
        }
    }

    /** A copy of every parameter and buffer, in {@link Checkpoint#state} order, each in its own dtype. */
    private static List<Tensor> copy(Module model) {
        List<Tensor> copies = new ArrayList<>();
        try (var off = Tensor.noGrad()) {
            for (Tensor t : Checkpoint.state(model).values()) {
                copies.add(Tensor.zeros(t.dtype(), t.shape()).assign(t));
            }
        }
        return copies;
    }
}

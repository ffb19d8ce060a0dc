package dev.jgrad.nn;

import java.util.Map;

/**
 * A log value watched for improvement, the part {@link EarlyStopping}, {@link ModelCheckpoint} and
 * {@link ReduceLROnPlateau} share: which key, which direction, by how much it must move, and the best value so far.
 * An improvement must beat the best by more than {@code minDelta}, as in Keras; NaN never improves.
 */
final class Monitor {
    private final String owner;
    private String key;
    private MonitorMode mode = MonitorMode.AUTO;
    private double minDelta;
    private double best;

    Monitor(String owner, String key) {
        this.owner = owner;
        key(key);
        reset();
    }

    String key() {
        return key;
    }

    void key(String key) {
        this.key = Checks.notNull(owner, "monitor", key);
    }

    void mode(MonitorMode mode) {
        this.mode = Checks.notNull(owner, "mode", mode);
    }

    void minDelta(double minDelta) {
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException(owner + ": minDelta " + minDelta + " must be >= 0 and finite");
        }
        this.minDelta = minDelta;
    }

    /** Forgets the best value, at the start of a run. */
    void reset() {
        best = mode.maximises(key) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    double best() {
        return best;
    }

    /** The monitored value in the logs of epoch {@code epoch}. */
    double value(int epoch, Map<String, Double> logs) {
        return logged(owner, "monitor '" + key + "'", key, epoch, logs);
    }

    /** Whether {@code current} beats the best so far, which it then becomes. */
    boolean improve(double current) {
        boolean better = mode.maximises(key) ? current > best + minDelta : current < best - minDelta;
        if (better) {
            best = current;
        }
        return better;
    }

    /**
     * The value of {@code key} in {@code logs}, for {@code owner}'s {@code what}.
     *
     * @throws IllegalArgumentException naming the key and the keys there are, if it is not among them
     */
    static double logged(String owner, String what, String key, int epoch, Map<String, Double> logs) {
        Double value = logs.get(key);
        if (value == null) {
            throw new IllegalArgumentException(owner + ": " + what + " is not in the logs of epoch " + epoch
                    + ", which have " + logs.keySet() + (key.startsWith("val_") ? "; give fit a validation set" : ""));
        }
        return value;
    }
}

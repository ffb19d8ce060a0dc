package dev.jgrad.nn;

/**
 * Whether a monitored log value improves by going down or up, for {@link EarlyStopping}, {@link ModelCheckpoint} and
 * {@link ReduceLROnPlateau}.
 *
 * <pre>{@code
 * new EarlyStopping("val_accuracy").mode(MonitorMode.MAX);
 * }</pre>
 */
public enum MonitorMode {
    /** Lower is better (a loss, an error). */
    MIN,
    /** Higher is better (an accuracy). */
    MAX,
    /**
     * Higher is better when the key names a score ({@code acc}, {@code auc}, {@code precision}, {@code recall} or
     * {@code f1} in it, as in {@code val_accuracy}), lower otherwise ({@code loss}, {@code val_loss}, {@code mae}).
     */
    AUTO;

    /** Whether higher is better for {@code key} in this mode. */
    boolean maximises(String key) {
        return switch (this) {
            case MIN -> false;
            case MAX -> true;
            case AUTO -> key.contains("acc") || key.contains("auc") || key.contains("precision")
                    || key.contains("recall") || key.contains("f1");
        };
    }
}

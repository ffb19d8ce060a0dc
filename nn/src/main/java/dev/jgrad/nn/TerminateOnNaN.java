package dev.jgrad.nn;

import java.util.Map;

/**
 * Ends training when a batch's loss is NaN or infinite. {@link Trainer} runs {@link #throwing()} first unless its
 * callbacks hold a {@code TerminateOnNaN} of their own, so a diverging run never goes on quietly by default.
 *
 * <pre>{@code
 * trainer.fit(train, 10, 32, rng);                                  // throws at the first NaN loss
 * trainer.callbacks(TerminateOnNaN.stopping()).fit(train, 10, 32, rng); // stops and returns the History so far
 * }</pre>
 *
 * <p>A batch whose loss is not finite is not applied: its backward pass and update are skipped (its gradients would
 * turn every parameter NaN), so the model keeps the values of the last good batch. Then:
 * <ul>
 *   <li>{@link #throwing()} throws {@link IllegalStateException} naming the epoch and the batch, out of
 *       {@code fit} (no later callback sees the batch, and no train-end callback runs);
 *   <li>{@link #stopping()}, as Keras's {@code TerminateOnNaN}, stops training: the epoch ends there, with its loss
 *       NaN or infinite in the logs and the {@link History}, which {@code fit} returns.
 * </ul>
 */
public final class TerminateOnNaN implements Callback {
    private final boolean throwing;

    private TerminateOnNaN(boolean throwing) {
        this.throwing = throwing;
    }

    /** Throws from {@code fit} at the first loss that is not finite: the trainer's default. */
    public static TerminateOnNaN throwing() {
        return new TerminateOnNaN(true);
    }

    /** Stops training at the first loss that is not finite, and lets {@code fit} return its history. */
    public static TerminateOnNaN stopping() {
        return new TerminateOnNaN(false);
    }

    /**
     * Stops or throws if the batch's loss is NaN or infinite.
     *
     * @throws IllegalStateException if throwing and the loss is not finite
     */
    @Override
    public void onBatchEnd(Training training, int batch, Map<String, Double> logs) {
        double loss = Monitor.logged("TerminateOnNaN", "the loss", "loss", training.epoch(), logs);
        if (Double.isFinite(loss)) {
            return;
        }
        if (throwing) {
            throw new IllegalStateException("TerminateOnNaN: the loss became " + loss + " at epoch "
                    + training.epoch() + ", batch " + batch + "; lower the learning rate or clip gradients");
        }
        training.stop();
    }
}

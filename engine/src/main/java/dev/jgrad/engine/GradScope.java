package dev.jgrad.engine;

/**
 * A mode switch for the current thread, undone by {@link #close()}: returned by {@link Tensor#noGrad()},
 * {@link Tensor#enableGrad()} and {@link Tensor#detectAnomaly()} for use with try-with-resources.
 *
 * <pre>{@code
 * try (var off = Tensor.noGrad()) {
 *     w.addInPlace(w.grad(), -0.1);   // an optimizer step, not recorded
 * }
 * }</pre>
 */
public final class GradScope implements AutoCloseable {
    private final GradMode mode;
    private final boolean recording;
    private final boolean anomaly;
    private final boolean recycling;
    private boolean closed;

    GradScope(GradMode mode, boolean recording, boolean anomaly, boolean recycling) {
        this.mode = mode;
        this.recording = recording;
        this.anomaly = anomaly;
        this.recycling = recycling;
    }

    /** Restores the switches that were in force when this scope was opened; closing twice does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            mode.recording = recording;
            mode.anomaly = anomaly;
            mode.recycling = recycling;
        }
    }
}

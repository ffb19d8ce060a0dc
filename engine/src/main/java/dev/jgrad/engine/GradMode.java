package dev.jgrad.engine;

/** The per-thread switches that ops consult: whether to record the graph, and whether to hunt for NaN/infinity. */
final class GradMode {
    private static final ThreadLocal<GradMode> CURRENT = ThreadLocal.withInitial(GradMode::new);

    boolean recording = true;
    boolean anomaly;

    static GradMode current() {
        return CURRENT.get();
    }

    /** Sets the switches for this thread and returns a scope that restores the previous ones when closed. */
    static GradScope enter(boolean recording, boolean anomaly) {
        GradMode mode = current();
        GradScope scope = new GradScope(mode, mode.recording, mode.anomaly);
        mode.recording = recording;
        mode.anomaly = anomaly;
        return scope;
    }
}

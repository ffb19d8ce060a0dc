package dev.jgrad.engine;

/** The per-thread switches that ops consult: whether to record the graph, and whether to hunt for NaN/infinity. */
final class GradMode {
    private static final ThreadLocal<GradMode> CURRENT = ThreadLocal.withInitial(GradMode::new);

    boolean recording = true;
    boolean anomaly;
    /**
     * Whether a backward pass that records nothing is running on this thread, so that the arrays its ops allocate
     * may come from {@link ArrayPool}: the pass knows which of its gradients nobody else holds.
     */
    boolean recycling;

    static GradMode current() {
        return CURRENT.get();
    }

    /** Sets the switches for this thread and returns a scope that restores the previous ones when closed. */
    static GradScope enter(boolean recording, boolean anomaly) {
        return enter(recording, anomaly, current().recycling);
    }

    /**
     * The switches for a backward pass's sweep: recording only for {@code createGraph}, the anomaly check left to
     * the pass itself, and recycling unless it records.
     */
    static GradScope enterBackward(boolean createGraph) {
        return enter(createGraph, false, !createGraph);
    }

    private static GradScope enter(boolean recording, boolean anomaly, boolean recycling) {
        GradMode mode = current();
        GradScope scope = new GradScope(mode, mode.recording, mode.anomaly, mode.recycling);
        mode.recording = recording;
        mode.anomaly = anomaly;
        mode.recycling = recycling;
        return scope;
    }
}

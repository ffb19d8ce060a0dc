package dev.jgrad.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backward pass, the one routine every op shares: a topological order of the graph from the output (found
 * iteratively, so a chain of a million ops cannot overflow the stack), a seed, and a reverse sweep in which each
 * node's backward turns its summed upstream gradient into its inputs' gradients.
 *
 * <p>All of a pass's state is the pass's own: the gradient being summed for each tensor and whether it is owned sit
 * in arrays indexed by the tensor's position in the order. A tensor carries only the pass number that last reached
 * it and its position in that pass ({@link Tensor#pass}, {@link Tensor#slot}), which mean nothing to another pass.
 *
 * <p>A gradient is <em>owned</em> when nothing outside the pass holds its values, so that a leaf may keep it
 * without a copy and {@code grad()} is still safe to change in place: the seed is the caller's; a gradient the
 * engine's own backward returns is the pass's unless it shares its values with another gradient the same backward
 * returned, or with an upstream gradient that was not the pass's; a sum of two gradients is always the pass's. A
 * gradient a {@linkplain Tensor#registerHook hook} saw, and the one it returned, are the user's.
 */
final class Autograd {
    /** Numbers the passes, so that a tensor's {@link Tensor#pass} tells whether this pass has reached it. */
    private static final AtomicLong PASSES = new AtomicLong();

    private final long number = PASSES.incrementAndGet();
    /** Every tensor that requires grad and that the root depends on, each after all its inputs; the root last. */
    private Tensor[] order = new Tensor[64];
    private int size;

    /**
     * Tensors whose gradients a nested pass returns instead of sending them on: the pass stops at them. Empty for a
     * pass started by {@link Tensor#backward}.
     */
    private final Tensor[] sinks;
    /**
     * Whether the pass may run inside another one (a checkpoint's recomputation, or derivatives of a function taken
     * in a backward): then each ordered tensor's {@link Tensor#pass} and {@link Tensor#slot} from before it began
     * are kept, and restored when it ends.
     */
    private final boolean nested;
    private long[] outerPass;
    private int[] outerSlot;

    private Autograd(Tensor root, Tensor[] sinks, boolean nested) {
        this.sinks = sinks;
        this.nested = nested;
        sort(root);
    }

    static void backward(Tensor root, Tensor seed, boolean createGraph) {
        new Autograd(root, NO_SINKS, false).sweep(seed, createGraph, null);
    }

    private static final Tensor[] NO_SINKS = {};

    /**
     * A pass run inside another pass's sweep (by a {@link Tensor#checkpoint} node): back-propagates {@code seed}
     * from {@code root} down to {@code sinks} and returns their gradients (null for a sink the root does not depend
     * on) instead of sending them further. Leaves on the way accumulate theirs as usual.
     */
    static Tensor[] stoppingAt(Tensor root, Tensor seed, Tensor[] sinks, boolean createGraph) {
        Autograd pass = new Autograd(root, sinks, true);
        try {
            return pass.sweep(seed, createGraph, null);
        } finally {
            pass.restore();
        }
    }

    /**
     * The gradients of {@code root} (seeded with {@code seed}) with respect to {@code targets}, returned instead of
     * accumulated: no leaf's {@code grad()} changes, and no tensor retains one. A target the root does not depend on
     * gets {@code null}. Only the part of the graph between the root and the targets runs backward.
     */
    static Tensor[] gradients(Tensor root, Tensor seed, Tensor[] targets, boolean createGraph) {
        Autograd pass = new Autograd(root, NO_SINKS, true);
        try {
            boolean[] kept = new boolean[pass.size];
            int[] slots = new int[targets.length];
            for (int k = 0; k < targets.length; k++) {
                slots[k] = targets[k].pass == pass.number ? targets[k].slot : -1;
                if (slots[k] >= 0) {
                    kept[slots[k]] = true;
                }
            }
            Tensor[] bySlot = pass.sweep(seed, createGraph, kept);
            Tensor[] grads = new Tensor[targets.length];
            for (int k = 0; k < targets.length; k++) {
                grads[k] = slots[k] < 0 ? null : bySlot[slots[k]];
            }
            return grads;
        } finally {
            pass.restore();
        }
    }

    /** Gives each ordered tensor back the bookkeeping it had before this nested pass. */
    private void restore() {
        for (int i = 0; i < size; i++) {
            order[i].pass = outerPass[i];
            order[i].slot = outerSlot[i];
        }
    }

    /** The topological order, found with an explicit stack; each tensor gets its slot as it joins the order. */
    private void sort(Tensor root) {
        Tensor[] stack = new Tensor[64];
        int[] next = new int[64];
        // For a nested pass: what each stacked tensor's bookkeeping was, until it joins the order.
        long[] stackPass = nested ? new long[64] : null;
        int[] stackSlot = nested ? new int[64] : null;
        if (nested) {
            outerPass = new long[64];
            outerSlot = new int[64];
            stackPass[0] = root.pass;
            stackSlot[0] = root.slot;
        }
        int top = 0;
        stack[0] = root;
        root.pass = number;
        while (top >= 0) {
            Tensor t = stack[top];
            Node node = t.node;
            int i = next[top];
            if (node != null && i < node.inputs.length && sink(t) < 0) {
                next[top] = i + 1;
                Tensor in = node.inputs[i];
                if (in.requiresGrad && in.pass != number) {
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                        next = Arrays.copyOf(next, top * 2);
                        if (nested) {
                            stackPass = Arrays.copyOf(stackPass, top * 2);
                            stackSlot = Arrays.copyOf(stackSlot, top * 2);
                        }
                    }
                    if (nested) {
                        stackPass[top] = in.pass;
                        stackSlot[top] = in.slot;
                    }
                    in.pass = number;
                    stack[top] = in;
                    next[top] = 0;
                }
            } else {
                if (size == order.length) {
                    order = Arrays.copyOf(order, size * 2);
                    if (nested) {
                        outerPass = Arrays.copyOf(outerPass, size * 2);
                        outerSlot = Arrays.copyOf(outerSlot, size * 2);
                    }
                }
                if (nested) {
                    outerPass[size] = stackPass[top];
                    outerSlot[size] = stackSlot[top];
                }
                t.slot = size;
                order[size++] = t;
                top--;
            }
        }
    }

    /**
     * Whether each tensor in the order has a target among the tensors it was computed from, so that its backward
     * can reach one; the order puts inputs first, so one forward scan settles it.
     */
    private boolean[] reachesTarget(boolean[] kept) {
        boolean[] reaches = new boolean[size];
        for (int i = 0; i < size; i++) {
            Node node = order[i].node;
            for (int j = 0; node != null && j < node.inputs.length && !reaches[i]; j++) {
                Tensor in = node.inputs[j];
                reaches[i] = in.pass == number && (kept[in.slot] || reaches[in.slot]);
            }
        }
        return reaches;
    }

    /** Whether {@code t} is one of {@link #sinks}: its position there, or -1. */
    private int sink(Tensor t) {
        for (int k = 0; k < sinks.length; k++) {
            if (sinks[k] == t) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Runs the pass. With {@code kept} null, leaves accumulate their gradients and the gradients of the
     * {@link #sinks} are returned; otherwise the gradients of the tensors marked in {@code kept} (by slot) are
     * returned by slot, leaves are left alone, and no backward runs that cannot reach a kept tensor.
     */
    private Tensor[] sweep(Tensor seed, boolean createGraph, boolean[] kept) {
        Tensor[] reached = new Tensor[sinks.length];
        Tensor[] result = kept == null ? null : new Tensor[size];
        boolean[] reaches = kept == null ? null : reachesTarget(kept);
        Tensor[] pending = new Tensor[size];
        boolean[] owned = new boolean[size];
        pending[size - 1] = seed;
        boolean anomaly = GradMode.current().anomaly;
        // Ops run by a backward are checked as that backward's result, so a NaN is blamed on the op whose backward
        // made it, not on the div or mul inside it.
        // A recorded pass keeps its gradients in the graph it builds, so only an unrecorded one recycles them.
        try (var mode = GradMode.enterBackward(createGraph)) {
            for (int i = size - 1; i >= 0; i--) {
                Tensor t = order[i];
                Tensor g = pending[i];
                if (g == null) {
                    continue;
                }
                pending[i] = null;
                int k = sink(t);
                if (k >= 0) {
                    reached[k] = g;
                    continue;
                }
                if (t.hasHooks()) {
                    g = t.runHooks(g);
                    // The hooks saw g and may keep it, and the gradient they return is theirs.
                    owned[i] = false;
                }
                Node node = t.node;
                if (kept != null) {
                    if (kept[i]) {
                        // The caller may change it in place, as it may a grad(): one the pass does not own (the
                        // caller's seed, or shared with another gradient) is copied. From now on the caller holds
                        // it, so the pass must neither recycle nor reuse its array.
                        result[i] = owned[i] || createGraph ? g : Storage.convert(g, g.dtype());
                        owned[i] = false;
                    }
                    if (!reaches[i]) {
                        continue;
                    }
                } else if (node == null) {
                    t.accumulateGrad(g, createGraph, owned[i]);
                    continue;
                } else if (t.retainsGrad) {
                    // A copy (or, recorded, the gradient itself), since g goes on to the inputs.
                    t.accumulateGrad(g, createGraph, false);
                }
                node.checkVersions(t);
                Tensor[] grads = node.backward.apply(g);
                for (int j = 0; j < node.inputs.length; j++) {
                    Tensor in = node.inputs[j];
                    Tensor gj = grads[j];
                    // An input outside the order needs no gradient: it did not require grad when the pass began.
                    if (gj == null || in.pass != number) {
                        continue;
                    }
                    if (!Arrays.equals(gj.shape, in.shape)) {
                        throw new IllegalStateException("backward of '" + node.op + "' returned a gradient of shape "
                                + Shapes.str(gj.shape) + " for input " + j + " of shape " + Shapes.str(in.shape));
                    }
                    if (gj.dtype() != in.dtype()) {
                        throw new IllegalStateException("backward of '" + node.op + "' returned a " + gj.dtype()
                                + " gradient for input " + j + ", which is " + in.dtype());
                    }
                    if (anomaly) {
                        Anomaly.checkBackward(node, j, gj);
                    }
                    int s = in.slot;
                    boolean ownsGj = !node.userDefined && (owned[i] || gj.storage() != g.storage())
                            && unshared(grads, j);
                    if (pending[s] == null) {
                        pending[s] = gj;
                        owned[s] = ownsGj;
                    } else {
                        Tensor sum = pending[s].add(gj);
                        recycle(pending[s], owned[s], createGraph);
                        recycle(gj, ownsGj, createGraph);
                        pending[s] = sum;
                        owned[s] = true;
                    }
                }
                // g is spent, unless a user's backward saw it (and may have kept it) or passed it on to an input.
                recycle(g, owned[i] && !node.userDefined && unsharedWith(grads, g), createGraph);
            }
        }
        return kept == null ? reached : result;
    }

    /** Returns {@code g}'s array to the pool if the pass owns it and records nothing. */
    static void recycle(Tensor g, boolean owned, boolean createGraph) {
        if (owned && !createGraph) {
            ArrayPool.give(g.storage());
        }
    }

    /** Whether none of {@code grads} shares values with {@code g}. */
    private static boolean unsharedWith(Tensor[] grads, Tensor g) {
        for (Tensor gk : grads) {
            if (gk != null && gk.storage() == g.storage()) {
                return false;
            }
        }
        return true;
    }

    /** Whether no other gradient in {@code grads} shares values with {@code grads[j]}. */
    private static boolean unshared(Tensor[] grads, int j) {
        for (int k = 0; k < grads.length; k++) {
            if (k != j && grads[k] != null && grads[k].storage() == grads[j].storage()) {
                return false;
            }
        }
        return true;
    }
}

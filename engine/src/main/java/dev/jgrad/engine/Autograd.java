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
 * returned, or with an upstream gradient that was not the pass's; a sum of two gradients is always the pass's.
 */
final class Autograd {
    /** Numbers the passes, so that a tensor's {@link Tensor#pass} tells whether this pass has reached it. */
    private static final AtomicLong PASSES = new AtomicLong();

    private final long number = PASSES.incrementAndGet();
    /** Every tensor that requires grad and that the root depends on, each after all its inputs; the root last. */
    private Tensor[] order = new Tensor[64];
    private int size;

    private Autograd(Tensor root) {
        sort(root);
    }

    static void backward(Tensor root, Tensor seed, boolean createGraph) {
        new Autograd(root).sweep(seed, createGraph, null);
    }

    /**
     * The gradients of {@code root} (seeded with {@code seed}) with respect to {@code targets}, returned instead of
     * accumulated: no leaf's {@code grad()} changes. A target the root does not depend on gets {@code null}. Only
     * the part of the graph between the root and the targets runs backward.
     */
    static Tensor[] gradients(Tensor root, Tensor seed, Tensor[] targets, boolean createGraph) {
        Autograd pass = new Autograd(root);
        boolean[] kept = new boolean[pass.size];
        int[] slots = new int[targets.length];
        for (int k = 0; k < targets.length; k++) {
            slots[k] = targets[k].pass == pass.number ? targets[k].slot : -1;
            if (slots[k] >= 0) {
                kept[slots[k]] = true;
            }
        }
        Tensor[] byslot = pass.sweep(seed, createGraph, kept);
        Tensor[] grads = new Tensor[targets.length];
        for (int k = 0; k < targets.length; k++) {
            grads[k] = slots[k] < 0 ? null : byslot[slots[k]];
        }
        return grads;
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

    /** The topological order, found with an explicit stack; each tensor gets its slot as it joins the order. */
    private void sort(Tensor root) {
        Tensor[] stack = new Tensor[64];
        int[] next = new int[64];
        int top = 0;
        stack[0] = root;
        root.pass = number;
        while (top >= 0) {
            Tensor t = stack[top];
            Node node = t.node;
            int i = next[top];
            if (node != null && i < node.inputs.length) {
                next[top] = i + 1;
                Tensor in = node.inputs[i];
                if (in.requiresGrad && in.pass != number) {
                    in.pass = number;
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                        next = Arrays.copyOf(next, top * 2);
                    }
                    stack[top] = in;
                    next[top] = 0;
                }
            } else {
                if (size == order.length) {
                    order = Arrays.copyOf(order, size * 2);
                }
                t.slot = size;
                order[size++] = t;
                top--;
            }
        }
    }

    /**
     * Runs the pass. With {@code kept} null, leaves accumulate their gradients; otherwise the gradients of the
     * tensors marked in {@code kept} (by slot) are returned by slot, leaves are left alone, and no backward runs
     * that cannot reach a kept tensor.
     */
    private Tensor[] sweep(Tensor seed, boolean createGraph, boolean[] kept) {
        Tensor[] pending = new Tensor[size];
        boolean[] owned = new boolean[size];
        Tensor[] result = kept == null ? null : new Tensor[size];
        boolean[] reaches = kept == null ? null : reachesTarget(kept);
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
        return result;
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

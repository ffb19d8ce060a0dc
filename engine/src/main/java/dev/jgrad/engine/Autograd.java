package dev.jgrad.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backward pass, the one routine every op shares: a topological order of the graph from the output (found
 * iteratively, so a chain of a million ops cannot overflow the stack), a seed, and a reverse sweep in which each
 * node's backward turns its summed upstream gradient into its inputs' gradients.
 *
 * <p>The pass also tracks which gradients nothing else holds, so that a leaf can keep its first gradient without a
 * copy and {@code grad()} is still safe to change in place: the seed is the caller's; a gradient the engine's own
 * backward returns is the pass's unless it shares its values with another gradient the same backward returned, or
 * with an upstream gradient that was not the pass's; a sum of two gradients is always the pass's.
 */
final class Autograd {
    private Autograd() {
    }

    static void backward(Tensor root, Tensor seed, boolean createGraph) {
        ArrayList<Tensor> order = topologicalOrder(root);
        root.pending = seed;
        root.pendingOwned = false;
        boolean anomaly = GradMode.current().anomaly;
        // Ops run by a backward are checked as that backward's result, so a NaN is blamed on the op whose backward
        // made it, not on the div or mul inside it.
        try (var mode = GradMode.enter(createGraph, false)) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = t.pending;
                boolean owned = t.pendingOwned;
                t.pending = null;
                if (g == null) {
                    continue;
                }
                Node node = t.node;
                if (node == null) {
                    t.accumulateGrad(g, createGraph, owned);
                    continue;
                }
                node.checkVersions(t);
                Tensor[] grads = node.backward.apply(g);
                for (int j = 0; j < node.inputs.length; j++) {
                    Tensor in = node.inputs[j];
                    Tensor gj = grads[j];
                    if (gj == null || !in.requiresGrad) {
                        continue;
                    }
                    if (!Arrays.equals(gj.shape, in.shape)) {
                        throw new IllegalStateException("backward of '" + node.op + "' returned a gradient of shape "
                                + Shapes.str(gj.shape) + " for input " + j + " of shape " + Shapes.str(in.shape));
                    }
                    if (anomaly) {
                        Anomaly.checkBackward(node, j, gj);
                    }
                    if (in.pending == null) {
                        in.pending = gj;
                        in.pendingOwned = !node.userDefined && (owned || gj.data != g.data) && unshared(grads, j);
                    } else {
                        in.pending = in.pending.add(gj);
                        in.pendingOwned = true;
                    }
                }
            }
        } finally {
            for (Tensor t : order) {
                t.pending = null;
            }
        }
    }

    /** Whether no other gradient in {@code grads} shares values with {@code grads[j]}. */
    private static boolean unshared(Tensor[] grads, int j) {
        for (int k = 0; k < grads.length; k++) {
            if (k != j && grads[k] != null && grads[k].data == grads[j].data) {
                return false;
            }
        }
        return true;
    }

    /** Numbers the passes, so a tensor's {@code visitedBy} tells whether this pass has reached it. */
    private static final AtomicLong PASSES = new AtomicLong();

    /**
     * Every tensor that requires grad and that {@code root} depends on, each after all its inputs; found with an
     * explicit stack, marking tensors with the pass's number rather than keeping a set.
     */
    private static ArrayList<Tensor> topologicalOrder(Tensor root) {
        long pass = PASSES.incrementAndGet();
        ArrayList<Tensor> order = new ArrayList<>();
        Tensor[] stack = new Tensor[64];
        int[] next = new int[64];
        int top = 0;
        stack[0] = root;
        root.visitedBy = pass;
        while (top >= 0) {
            Tensor t = stack[top];
            Node node = t.node;
            int i = next[top];
            if (node != null && i < node.inputs.length) {
                next[top] = i + 1;
                Tensor in = node.inputs[i];
                if (in.requiresGrad && in.visitedBy != pass) {
                    in.visitedBy = pass;
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                        next = Arrays.copyOf(next, top * 2);
                    }
                    stack[top] = in;
                    next[top] = 0;
                }
            } else {
                order.add(t);
                top--;
            }
        }
        return order;
    }
}

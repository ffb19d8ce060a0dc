package dev.jgrad.engine;

import java.util.Arrays;

/**
 * How a tensor was made: the op's name, its inputs, its backward, and the version of every tensor it saved, so
 * that an in-place change between forward and backward is caught instead of giving a wrong gradient.
 */
final class Node {
    final String op;
    final Tensor[] inputs;
    final Backward backward;
    /**
     * Whether the backward runs a user's code (a {@link Function}, or a function {@link Tensor#checkpoint} runs
     * again), which may keep the upstream gradient or return tensors it also keeps elsewhere. The engine's own
     * backwards return new tensors, or the upstream gradient itself or a view of it.
     */
    final boolean userDefined;
    private final int[] versions;
    private final int outputVersion;

    Node(String op, Tensor[] inputs, Backward backward, Tensor output, boolean userDefined) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.userDefined = userDefined;
        this.versions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            versions[i] = inputs[i].version();
        }
        this.outputVersion = output.version();
    }

    void checkVersions(Tensor output) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].version() != versions[i]) {
                throw modified("input " + i + " of shape " + Shapes.str(inputs[i].shape), versions[i], inputs[i].version());
            }
        }
        if (output.version() != outputVersion) {
            throw modified("its output of shape " + Shapes.str(output.shape), outputVersion, output.version());
        }
    }

    private IllegalStateException modified(String what, int then, int now) {
        return new IllegalStateException("backward of '" + op + "': " + what + " was modified in place after it was"
                + " saved for backward (version " + then + ", now " + now + "); change a copy instead, or update"
                + " parameters only after backward() has run");
    }

    String inputShapes() {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : inputs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(t.shape));
        }
        return sb.toString();
    }
}

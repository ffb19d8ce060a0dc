package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * Flattens each sample of a batch into a row: {@code [N, d1, d2, ...]} becomes {@code [N, d1 * d2 * ...]}, in
 * row-major order, as PyTorch's {@code nn.Flatten()} does; the bridge from convolution layers to {@link Dense} ones.
 * No parameters.
 *
 * <pre>{@code
 * Module net = new Sequential(new Conv2d(1, 8, 3, 1, 1, Init.HE_NORMAL, rng), Activation.relu(),
 *         new MaxPool2d(2, 2), new Flatten(), new Dense(8 * 14 * 14, 10, rng));
 * new Flatten().forward(Tensor.zeros(128, 8, 14, 14)).shape();   // [128, 1568]
 * }</pre>
 */
public final class Flatten extends Module {
    /** A flattening layer. */
    public Flatten() {
    }

    /**
     * The input reshaped to {@code [N, rest]}.
     *
     * @throws IllegalArgumentException if the input is null or has fewer than 2 dimensions
     */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = Checks.notNull("Flatten", "input", x).shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("Flatten: input of shape " + Checks.shape(s)
                    + " is not [N, ...] with at least 2 dimensions");
        }
        int rest = 1;
        for (int i = 1; i < s.length; i++) {
            rest *= s[i];
        }
        return x.reshape(s[0], rest);
    }
}

package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;

/**
 * The argument checks nn's public methods share, and the one way their messages print a shape, so that every message
 * reads {@code op: what, shapes} with shapes as the engine prints them ({@code [3, 4]}).
 */
final class Checks {
    private Checks() {
    }

    /**
     * Returns {@code value}, or throws naming the op and the parameter if it is null.
     *
     * @throws IllegalArgumentException {@code "op: parameter is null"}
     */
    static <T> T notNull(String op, String parameter, T value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + parameter + " is null");
        }
        return value;
    }

    /**
     * Checks that {@code values} and each of its elements are non-null; an element is named by its position, as in
     * {@code "SGD: parameter 2 is null"}.
     *
     * @throws IllegalArgumentException if {@code values} or an element is null
     */
    static <T extends Iterable<?>> T noNullElements(String op, String parameter, String element, T values) {
        notNull(op, parameter, values);
        int i = 0;
        for (Object v : values) {
            if (v == null) {
                throw new IllegalArgumentException(op + ": " + element + " " + i + " is null");
            }
            i++;
        }
        return values;
    }

    /**
     * The shape of {@code input}, checked to be non-null and {@code [batch, features]}, as a layer's forward needs.
     *
     * @throws IllegalArgumentException {@code "op: input is null"} or
     *     {@code "op: input of shape [5, 2] is not [batch, 3]"}
     */
    static int[] batchOf(String op, Tensor input, int features) {
        int[] s = notNull(op, "input", input).shape();
        if (s.length != 2 || s[1] != features) {
            throw new IllegalArgumentException(op + ": input of shape " + shape(s) + " is not [batch, " + features
                    + "]");
        }
        return s;
    }

    /**
     * The shape of {@code input}, checked to be non-null and 4-d, {@code [N, C, H, W]}, with {@code channels}
     * channels unless that is negative (any number then), as the convolution and pooling layers need.
     *
     * @throws IllegalArgumentException {@code "op: input is null"} or
     *     {@code "op: input of shape [5, 2] is not [N, 3, H, W]"}
     */
    static int[] images(String op, Tensor input, int channels) {
        int[] s = notNull(op, "input", input).shape();
        if (s.length != 4 || (channels >= 0 && s[1] != channels)) {
            throw new IllegalArgumentException(op + ": input of shape " + shape(s) + " is not [N, "
                    + (channels >= 0 ? channels : "C") + ", H, W]");
        }
        return s;
    }

    /**
     * A copy of {@code values}, already checked to be non-null, checked to be a (height, width) pair of values of at
     * least {@code min}: a window's kernel, stride, padding or dilation as a layer keeps it.
     *
     * @throws IllegalArgumentException {@code "op: stride must have 2 values (height, width), got [1, 2, 3]"} or
     *     {@code "op: stride must be at least 1, got [0, 1]"}
     */
    static int[] pair(String op, String name, int[] values, int min) {
        if (values.length != 2) {
            throw new IllegalArgumentException(op + ": " + name + " must have 2 values (height, width), got "
                    + shape(values));
        }
        if (values[0] < min || values[1] < min) {
            throw new IllegalArgumentException(op + ": " + name + " must be at least " + min + ", got "
                    + shape(values));
        }
        return values.clone();
    }

    /** {@code [3, 4]}: a shape as the engine's messages print it. */
    static String shape(int[] shape) {
        return Arrays.toString(shape);
    }

    /** The tensor's shape as {@link #shape(int[])} prints it. */
    static String shape(Tensor t) {
        return shape(t.shape());
    }
}

package dev.jgrad.gradcheck;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;

/**
 * A function under check at one point: its inputs' values and shapes, the output recorded there, and the forward
 * passes the numerical derivatives need, each with one input element moved. Every comparison of {@link GradCheck}
 * reads the function through one of these.
 *
 * <pre>{@code
 * Probe p = new Probe(in -> in[0].mul(in[0]), new Tensor[] {x});
 * double[] up = p.evaluateMoved(0, 2, p.value(0, 2) + 1e-6);   // f with element 2 of input 0 moved, then put back
 * }</pre>
 */
final class Probe {
    private final TensorFunction f;
    private final double[][] values;
    private final int[][] shapes;
    private final Tensor[] leaves;
    private final Tensor out;
    private final double[] base;

    /** Copies the inputs and runs {@code f} on them with recording on, ready for {@link #analytic}. */
    Probe(TensorFunction f, Tensor[] inputs) {
        this.f = f;
        int n = inputs.length;
        values = new double[n][];
        shapes = new int[n][];
        leaves = new Tensor[n];
        for (int i = 0; i < n; i++) {
            values[i] = inputs[i].toArray();
            shapes[i] = inputs[i].shape();
            leaves[i] = Tensor.of(values[i], shapes[i]).requiresGrad(true);
        }
        try (var on = Tensor.enableGrad()) {
            out = apply(leaves);
        }
        base = out.toArray();
    }

    /** How many inputs the function takes. */
    int inputs() {
        return values.length;
    }

    /** How many elements input {@code i} has. */
    int size(int i) {
        return values[i].length;
    }

    /** The shape of input {@code i}. */
    int[] shape(int i) {
        return shapes[i];
    }

    /** Element {@code element} of input {@code input}. */
    double value(int input, int element) {
        return values[input][element];
    }

    /** The output's shape at the point. */
    int[] outShape() {
        return out.shape();
    }

    /** The output's values at the point; the caller must not change them. */
    double[] base() {
        return base;
    }

    /**
     * {@code analytic[i][r][j]}: {@code d(rows[r] . f) / d(input i, element j)}, from one backward pass per row.
     *
     * @throws IllegalStateException if a gradient's shape is not its input's, naming the input by {@code names}
     */
    double[][][] analytic(double[][] rows, String[] names) {
        int n = values.length;
        double[][][] analytic = new double[n][rows.length][];
        for (int r = 0; r < rows.length; r++) {
            for (Tensor leaf : leaves) {
                leaf.zeroGrad();
            }
            if (out.requiresGrad()) {
                out.backward(Tensor.of(rows[r], out.shape()));
            }
            for (int i = 0; i < n; i++) {
                Tensor g = leaves[i].grad();
                if (g != null && !Arrays.equals(g.shape(), shapes[i])) {
                    throw new IllegalStateException("gradient of " + names[i] + " has shape "
                            + Arrays.toString(g.shape()) + " but the input has shape " + Arrays.toString(shapes[i]));
                }
                analytic[i][r] = g == null ? new double[values[i].length] : g.toArray();
            }
        }
        return analytic;
    }

    /** The output of {@code f} with element {@code element} of input {@code input} moved to {@code value}. */
    double[] evaluateMoved(int input, int element, double value) {
        double keep = values[input][element];
        values[input][element] = value;
        try {
            return evaluate();
        } finally {
            values[input][element] = keep;
        }
    }

    private double[] evaluate() {
        Tensor[] in = new Tensor[values.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = Tensor.of(values[i], shapes[i]);
        }
        Tensor moved;
        try (var off = Tensor.noGrad()) {
            moved = apply(in);
        }
        if (!Arrays.equals(moved.shape(), out.shape())) {
            throw new IllegalStateException("the function's output shape changed from " + Arrays.toString(out.shape())
                    + " to " + Arrays.toString(moved.shape()) + " when an input moved by h: it must depend on the"
                    + " inputs' shapes only");
        }
        return moved.toArray();
    }

    private Tensor apply(Tensor[] in) {
        Tensor result = f.apply(in);
        if (result == null) {
            throw new IllegalStateException("the function returned null instead of a tensor");
        }
        return result;
    }
}

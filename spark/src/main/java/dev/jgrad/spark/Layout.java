package dev.jgrad.spark;

import dev.jgrad.engine.DType;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What a sample must look like for the model: the width and shape of its features, the width of its target, and the
 * dtype its tensors are made in; with the names of the columns it came from, for the messages. Checked on the
 * executors, row by row, as the data is read.
 */
record Layout(String op, String featureColumn, String targetColumn, int[] inputShape, int outputs, int targetWidth,
        DType dtype) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a model built for this layout depends on: the input shape and the dtype. */
    String modelKey() {
        return Arrays.toString(inputShape) + " " + dtype;
    }

    /** The shape of a batch of {@code n} samples: {@code [n, inputShape...]}. */
    int[] batchShape(int n) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = n;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return shape;
    }

    /** The number of feature values of one sample. */
    int width() {
        int w = 1;
        for (int d : inputShape) {
            w *= d;
        }
        return w;
    }

    /** Whether targets are class indices: one value each, for a model of several outputs. */
    boolean classes() {
        return targetWidth == 1 && outputs >= 2;
    }

    /**
     * Why a sample of {@code features} and {@code target}, row {@code row} of partition {@code partition}, does not
     * fit, or null if it does; a null target is not checked (prediction reads none).
     */
    String problem(double[] features, double[] target, int row, int partition) {
        String where = " in row " + row + " of partition " + partition;
        if (features.length != width()) {
            return op + ": column '" + featureColumn + "' holds " + features.length + " values" + where
                    + "; expected " + width() + " (input shape " + Arrays.toString(inputShape) + ")";
        }
        for (double v : features) {
            if (!Double.isFinite(v)) {
                return op + ": column '" + featureColumn + "' holds " + v + where + "; expected finite values";
            }
        }
        return target == null ? null : targetProblem(target, where);
    }

    private String targetProblem(double[] target, String where) {
        if (target.length != targetWidth) {
            return op + ": column '" + targetColumn + "' holds " + target.length + " values" + where + "; expected "
                    + targetWidth + ", as in its first row";
        }
        if (classes()) {
            double label = target[0];
            if (label != Math.rint(label) || label < 0 || label >= outputs) {
                return op + ": column '" + targetColumn + "' holds " + label + where + "; expected a class label, a"
                        + " whole number in [0, " + outputs + ") for the model's " + outputs + " outputs";
            }
            return null;
        }
        for (double v : target) {
            if (!Double.isFinite(v)) {
                return op + ": column '" + targetColumn + "' holds " + v + where + "; expected finite values";
            }
        }
        return null;
    }
}

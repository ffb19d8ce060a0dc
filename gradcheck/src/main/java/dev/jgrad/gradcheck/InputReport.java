package dev.jgrad.gradcheck;

import java.util.Arrays;

/**
 * What the gradient check found for one input: the error over its whole gradient and, at its worst element, the
 * numerical and analytic derivatives side by side.
 *
 * <p>In relative-norm mode an input also passes when {@code ||num - ana||} is below the error of the central
 * differences themselves ({@link #numericalAccuracy()}: rounding, and truncation estimated from a second step
 * {@code 2h}): a derivative of 1e-10 next to outputs of size 1 cannot be resolved, and its relative error says
 * nothing. The report says so.
 *
 * <p>The worst element is the one with the largest {@code |num - ana|} (in
 * {@linkplain GradCheckOptions.Mode#ELEMENTWISE elementwise} mode, the one furthest past its tolerance). When it
 * failed and its one-sided differences {@code (f(x+h) - f(x)) / h} and {@code (f(x) - f(x-h)) / h} disagree
 * strongly, the derivative itself jumps there: {@link #kinkSuspected()} is set and the report says a
 * non-differentiable point is suspected rather than only a mismatch.
 */
public final class InputReport {
    private final String name;
    private final int[] shape;
    private final double relativeError;
    private final double elementExcess;
    private final boolean passed;
    private final boolean withinAccuracy;
    private final double accuracy;
    private final int worstElement;
    private final int[] outputShape;
    private final int outputElement;
    private final double numerical;
    private final double analytic;
    private final double rightDifference;
    private final double leftDifference;
    private final boolean kinkSuspected;

    InputReport(String name, int[] shape, double relativeError, double elementExcess, boolean passed,
                boolean withinAccuracy, double accuracy, int worstElement, int[] outputShape, int outputElement, double numerical, double analytic,
                double rightDifference, double leftDifference, boolean kinkSuspected) {
        this.name = name;
        this.shape = shape.clone();
        this.relativeError = relativeError;
        this.elementExcess = elementExcess;
        this.passed = passed;
        this.withinAccuracy = withinAccuracy;
        this.accuracy = accuracy;
        this.worstElement = worstElement;
        this.outputShape = outputShape.clone();
        this.outputElement = outputElement;
        this.numerical = numerical;
        this.analytic = analytic;
        this.rightDifference = rightDifference;
        this.leftDifference = leftDifference;
        this.kinkSuspected = kinkSuspected;
    }

    /** The input's name: {@code "input 0"}, {@code "input 1"}, ...; {@code "upstream"} for the seed of a second-derivative check. */
    public String name() {
        return name;
    }

    /** The input's shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** {@code ||num - ana||2 / (||num||2 + ||ana||2)} over the input's whole gradient; 0 when both are 0. */
    public double relativeError() {
        return relativeError;
    }

    /**
     * In elementwise mode, the largest {@code |num - ana| / (atol + rtol * |num|)} (at most 1 to pass); in
     * relative-norm mode, the relative error divided by the threshold. Either way, above 1 means failed.
     */
    public double elementExcess() {
        return elementExcess;
    }

    /** Whether this input's gradient met the criterion. */
    public boolean passed() {
        return passed;
    }

    /**
     * Whether the input passed only because {@code ||num - ana||} is within {@link #numericalAccuracy()}: its
     * relative error is large only because the derivative is so close to 0 that central differences cannot
     * resolve it.
     */
    public boolean withinNumericalAccuracy() {
        return withinAccuracy;
    }

    /**
     * An estimate of the error of the numerical gradient itself (a norm over the input): rounding, a few ulps of
     * every evaluated output divided by {@code 2h}, plus, for an input whose relative error exceeded the threshold,
     * truncation, estimated as {@code |D(2h) - D(h)| / 3} per element. Differences below it carry no information.
     */
    public double numericalAccuracy() {
        return accuracy;
    }

    /** The row-major index of the worst element, or -1 for an input without elements. */
    public int worstElement() {
        return worstElement;
    }

    /** The coordinates of the worst element (empty for a scalar input or one without elements). */
    public int[] worstIndex() {
        return worstElement < 0 ? new int[0] : unflatten(worstElement, shape);
    }

    /** In full-Jacobian mode the row-major index of the output element whose derivative was worst; -1 otherwise. */
    public int outputElement() {
        return outputElement;
    }

    /** The numerical (central-difference) derivative at the worst element. */
    public double numerical() {
        return numerical;
    }

    /** The analytic (backward-pass) derivative at the worst element. */
    public double analytic() {
        return analytic;
    }

    /** The one-sided difference {@code (f(x + h) - f(x)) / h} at the worst element. */
    public double rightDifference() {
        return rightDifference;
    }

    /** The one-sided difference {@code (f(x) - f(x - h)) / h} at the worst element. */
    public double leftDifference() {
        return leftDifference;
    }

    /** Whether the check failed at a point where the derivative itself seems to jump (a kink or a tie). */
    public boolean kinkSuspected() {
        return kinkSuspected;
    }

    /**
     * One line: {@code input 1 [3, 4]: mismatch at element [2, 0]: numerical 1.5, analytic 3.0, relative error 0.21}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(' ').append(Arrays.toString(shape)).append(": ");
        if (worstElement < 0) {
            return sb.append("ok (no elements)").toString();
        }
        String where = " at element " + Arrays.toString(worstIndex())
                + (outputElement >= 0 ? " of output element " + Arrays.toString(unflatten(outputElement, outputShape)) : "");
        String values = ": numerical " + numerical + ", analytic " + analytic + ", relative error "
                + String.format("%.3g", relativeError);
        if (withinAccuracy) {
            return sb.append("ok within numerical accuracy, worst").append(where).append(values)
                    .append(" (||num - ana|| is below the central differences' own error ")
                    .append(String.format("%.3g", accuracy)).append(')').toString();
        }
        if (passed) {
            return sb.append("ok, worst").append(where).append(values).toString();
        }
        if (kinkSuspected) {
            return sb.append("non-differentiable point suspected").append(where).append(values)
                    .append(" (one-sided differences disagree: right ").append(rightDifference).append(", left ")
                    .append(leftDifference).append(')').toString();
        }
        return sb.append("mismatch").append(where).append(values).toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    static int[] unflatten(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}

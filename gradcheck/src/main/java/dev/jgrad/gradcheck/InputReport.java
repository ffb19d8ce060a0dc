package dev.jgrad.gradcheck;

import java.util.Arrays;

/**
 * What the gradient check found for one input: the error over its whole gradient and, at its worst element, the
 * numerical and analytic derivatives side by side.
 *
 * <p>In relative-norm mode an input also passes when {@code ||num - ana||} is below the error of the central
 * differences themselves ({@link #numericalAccuracy()}: rounding, and the step's error estimated from a second
 * step {@code 2h}): a derivative of 1e-10 next to outputs of size 1 cannot be resolved, and its relative error says
 * nothing. The report says so.
 *
 * <p>The worst element is the one with the largest {@code |num - ana|} (in
 * {@linkplain GradCheckOptions.Mode#ELEMENTWISE elementwise} mode, the one furthest past its tolerance). When it
 * failed and its one-sided differences {@code (f(x+h) - f(x)) / h} and {@code (f(x) - f(x-h)) / h} disagree
 * strongly, the derivative itself jumps there: {@link #kinkSuspected()} is set and the report says a
 * non-differentiable point is suspected rather than only a mismatch.
 *
 * <pre>{@code
 * InputReport in = GradCheck.check(in -> in[0].relu(), Tensor.of(new double[] {0, 1}, 2)).input(0);
 * in.kinkSuspected();     // true: relu has a kink at 0
 * in.worstIndex();        // [0]
 * in.describe();          // input 0 [2]: non-differentiable point suspected at element [0]: ...
 * }</pre>
 */
public final class InputReport {
    /**
     * The comparison over the input's whole gradient.
     *
     * @param relativeError {@code ||num - ana||2 / (||num||2 + ||ana||2)}
     * @param elementExcess how far past the criterion, above 1 failing (see {@link #elementExcess()})
     * @param passed whether the criterion was met, by the error or within the numerical accuracy
     */
    record Verdict(double relativeError, double elementExcess, boolean passed) {
    }

    /**
     * The error of the numerical gradient itself, and whether the input passed only because the difference is below
     * it.
     */
    record Accuracy(double estimate, boolean within) {
    }

    /**
     * The worst element: its row-major index, the output element whose row it was (-1 but in full-Jacobian mode),
     * both derivatives there, the one-sided differences, and whether they disagree enough to suspect a kink.
     */
    record Worst(int element, int outputElement, double numerical, double analytic, double rightDifference,
                 double leftDifference, boolean kinkSuspected) {
    }

    private final String name;
    private final int[] shape;
    private final int[] outputShape;
    private final Verdict verdict;
    private final Accuracy accuracy;
    private final Worst worst;

    /** A report; {@code worst} is null for an input without elements. */
    InputReport(String name, int[] shape, int[] outputShape, Verdict verdict, Accuracy accuracy, Worst worst) {
        this.name = name;
        this.shape = shape.clone();
        this.outputShape = outputShape.clone();
        this.verdict = verdict;
        this.accuracy = accuracy;
        this.worst = worst;
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
        return verdict.relativeError();
    }

    /**
     * In elementwise mode, the largest {@code |num - ana| / (atol + rtol * |num|)} (at most 1 to pass); in
     * relative-norm mode, the relative error divided by the threshold. Either way, above 1 means failed.
     */
    public double elementExcess() {
        return verdict.elementExcess();
    }

    /** Whether this input's gradient met the criterion. */
    public boolean passed() {
        return verdict.passed();
    }

    /**
     * Whether the input passed only because {@code ||num - ana||} is within {@link #numericalAccuracy()}: its
     * relative error is large only because the derivative is so close to 0 that central differences cannot
     * resolve it.
     */
    public boolean withinNumericalAccuracy() {
        return accuracy.within();
    }

    /**
     * An estimate of the error of the numerical gradient itself (a norm over the input): rounding, a few ulps of
     * every evaluated output divided by {@code 2h}, plus, for an input whose relative error exceeded the threshold,
     * the step error, estimated as {@code 2 |D(2h) - D(h)|} per element from central differences {@code D} with steps
     * {@code 2h} and {@code h}. Where truncation dominates (it grows as {@code h^2}) the gap is three times the
     * error; where rounding dominates (it grows as {@code 1/h}) the gap is half of it: twice the gap covers both.
     * Differences below it carry no information.
     */
    public double numericalAccuracy() {
        return accuracy.estimate();
    }

    /** The row-major index of the worst element, or -1 for an input without elements. */
    public int worstElement() {
        return worst == null ? -1 : worst.element();
    }

    /** The coordinates of the worst element (empty for a scalar input or one without elements). */
    public int[] worstIndex() {
        return worst == null ? new int[0] : unflatten(worst.element(), shape);
    }

    /** In full-Jacobian mode the row-major index of the output element whose derivative was worst; -1 otherwise. */
    public int outputElement() {
        return worst == null ? -1 : worst.outputElement();
    }

    /** The numerical (central-difference) derivative at the worst element. */
    public double numerical() {
        return worst == null ? 0 : worst.numerical();
    }

    /** The analytic (backward-pass) derivative at the worst element. */
    public double analytic() {
        return worst == null ? 0 : worst.analytic();
    }

    /** The one-sided difference {@code (f(x + h) - f(x)) / h} at the worst element. */
    public double rightDifference() {
        return worst == null ? 0 : worst.rightDifference();
    }

    /** The one-sided difference {@code (f(x) - f(x - h)) / h} at the worst element. */
    public double leftDifference() {
        return worst == null ? 0 : worst.leftDifference();
    }

    /** Whether the check failed at a point where the derivative itself seems to jump (a kink or a tie). */
    public boolean kinkSuspected() {
        return worst != null && worst.kinkSuspected();
    }

    /**
     * One line: {@code input 1 [3, 4]: mismatch at element [2, 0]: numerical 1.5, analytic 3.0, relative error 0.21}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(' ').append(Arrays.toString(shape)).append(": ");
        if (worst == null) {
            return sb.append("ok (no elements)").toString();
        }
        String where = " at element " + Arrays.toString(worstIndex()) + (worst.outputElement() >= 0
                ? " of output element " + Arrays.toString(unflatten(worst.outputElement(), outputShape)) : "");
        String values = ": numerical " + worst.numerical() + ", analytic " + worst.analytic() + ", relative error "
                + String.format("%.3g", verdict.relativeError());
        if (accuracy.within()) {
            return sb.append("ok within numerical accuracy, worst").append(where).append(values)
                    .append(" (||num - ana|| is below the central differences' own error ")
                    .append(String.format("%.3g", accuracy.estimate())).append(')').toString();
        }
        if (verdict.passed()) {
            return sb.append("ok, worst").append(where).append(values).toString();
        }
        if (worst.kinkSuspected()) {
            return sb.append("non-differentiable point suspected").append(where).append(values)
                    .append(" (one-sided differences disagree: right ").append(worst.rightDifference())
                    .append(", left ").append(worst.leftDifference()).append(')').toString();
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

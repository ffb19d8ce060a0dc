package dev.jgrad.gradcheck;

import java.util.List;

/**
 * The outcome of {@link GradCheck#check} or {@link GradCheck#gradgradcheck}: one {@link InputReport} per input, in
 * the order the inputs were given.
 *
 * <pre>{@code
 * GradCheckResult r = GradCheck.check(in -> in[0].tanh(), x);
 * r.passed();                      // true
 * r.input(0).relativeError();      // around 1e-10
 * System.out.println(r.report());
 * }</pre>
 */
public final class GradCheckResult {
    private final int order;
    private final GradCheckOptions options;
    private final List<InputReport> inputs;

    GradCheckResult(int order, GradCheckOptions options, List<InputReport> inputs) {
        this.order = order;
        this.options = options;
        this.inputs = List.copyOf(inputs);
    }

    /** 1 for a check of first derivatives, 2 for second derivatives. */
    public int order() {
        return order;
    }

    /** The options the check ran with. */
    public GradCheckOptions options() {
        return options;
    }

    /** Whether every input passed. */
    public boolean passed() {
        for (InputReport r : inputs) {
            if (!r.passed()) {
                return false;
            }
        }
        return true;
    }

    /** The reports, one per input (a second-derivative check adds one named {@code "upstream"}). */
    public List<InputReport> inputs() {
        return inputs;
    }

    /** The report of input {@code i}. */
    public InputReport input(int i) {
        return inputs.get(i);
    }

    /** The largest relative error over all inputs; 0 without inputs. */
    public double maxRelativeError() {
        double max = 0;
        for (InputReport r : inputs) {
            max = Math.max(max, r.relativeError());
        }
        return max;
    }

    /** A readable report: a heading with the verdict and the criterion, then one line per input. */
    public String report() {
        StringBuilder sb = new StringBuilder(order == 1 ? "first" : "second").append(" derivatives ")
                .append(passed() ? "match" : "do NOT match").append(" (").append(options).append(')');
        for (InputReport r : inputs) {
            sb.append("\n  ").append(r.describe());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}

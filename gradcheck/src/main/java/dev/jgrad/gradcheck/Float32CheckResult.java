package dev.jgrad.gradcheck;

import java.util.List;

/**
 * The outcome of {@link GradCheck#checkFloat32} or {@link GradCheck#gradgradcheckFloat32}: a {@link Float32Report}
 * for the output's values (first-order check only) and one per input's gradient, float32 against float64.
 *
 * <pre>{@code
 * Float32CheckResult r = GradCheck.checkFloat32(in -> in[0].matmul(in[1]).tanh(), x, w);
 * r.passed();                          // true
 * r.output().relativeDifference();     // around 1e-7
 * r.input(1).dtype();                  // FLOAT32
 * System.out.println(r.report());
 * }</pre>
 */
public final class Float32CheckResult {
    private final int order;
    private final double atol;
    private final double rtol;
    private final Float32Report output;
    private final List<Float32Report> inputs;

    Float32CheckResult(int order, double atol, double rtol, Float32Report output, List<Float32Report> inputs) {
        this.order = order;
        this.atol = atol;
        this.rtol = rtol;
        this.output = output;
        this.inputs = List.copyOf(inputs);
    }

    /** 1 for values and first derivatives, 2 for second derivatives. */
    public int order() {
        return order;
    }

    /** The absolute tolerance {@code atol} of the rule {@code |f32 - f64| <= atol + rtol * (|f64| + scale)}. */
    public double atol() {
        return atol;
    }

    /** The relative tolerance {@code rtol} of the rule. */
    public double rtol() {
        return rtol;
    }

    /**
     * The comparison of the output's values; {@code null} in a second-derivative check, whose output (the first
     * derivatives) the first-order check compares already.
     */
    public Float32Report output() {
        return output;
    }

    /**
     * The comparison of input {@code i}'s gradient; in a second-derivative check the last one, named
     * {@code "upstream"}, is that of the backward pass's seed.
     */
    public Float32Report input(int i) {
        return inputs.get(i);
    }

    /** The comparisons of the gradients, in input order. */
    public List<Float32Report> inputs() {
        return inputs;
    }

    /** Whether the values and every gradient kept FLOAT32 and agreed with float64 within tolerance. */
    public boolean passed() {
        if (output != null && !output.passed()) {
            return false;
        }
        for (Float32Report r : inputs) {
            if (!r.passed()) {
                return false;
            }
        }
        return true;
    }

    /** The largest relative difference over the gradients (of the values: see {@link #output()}); 0 without inputs. */
    public double maxGradientDifference() {
        double max = 0;
        for (Float32Report r : inputs) {
            max = Math.max(max, r.relativeDifference());
        }
        return max;
    }

    /** A readable report: a heading with the verdict and the rule, then one line per compared tensor. */
    public String report() {
        String what = order == 1 ? "values and first derivatives" : "second derivatives";
        StringBuilder sb = new StringBuilder("float32 ").append(what).append(passed() ? " match" : " do NOT match")
                .append(" float64 (|f32 - f64| <= ").append(String.format("%.3g", atol)).append(" + ")
                .append(String.format("%.3g", rtol)).append(" * (|f64| + scale), FLOAT32 kept)");
        if (output != null) {
            sb.append("\n  ").append(output.describe());
        }
        for (Float32Report r : inputs) {
            sb.append("\n  ").append(r.describe());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}

package dev.jgrad.gradcheck;

import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Proves a backward pass right by comparing it with central differences {@code (f(x + h) - f(x - h)) / 2h}, computed
 * in double precision from forward passes alone.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(new Random(1), 3, 4);
 * Tensor w = Tensor.randn(new Random(2), 4, 2);
 * GradCheck.assertGradients(in -> in[0].matmul(in[1]).tanh(), x, w);     // first derivatives
 * GradCheck.assertGradGradients(in -> in[0].matmul(in[1]).tanh(), x, w); // second derivatives
 * GradCheckResult r = GradCheck.check(in -> in[0].relu(), x);            // a report instead of an exception
 * GradCheck.assertFloat32(in -> in[0].matmul(in[1]).tanh(), x, w);           // float32 against float64
 * GradCheck.assertFloat32GradGradients(in -> in[0].matmul(in[1]).tanh(), x, w);
 * }</pre>
 *
 * <p>The inputs are copied, so the caller's tensors are never touched. A non-scalar output is reduced to one
 * number with a fixed random weighting {@code sum(w * f(x))} (seeded, so a failure reproduces), which lets one
 * backward pass check a random combination of the Jacobian's rows; every element of {@code w} is at least 0.5 in
 * magnitude with a random sign, so no output element is left out and structure such as "the outputs always sum to
 * 1" cannot hide an error. {@link GradCheckOptions#withFullJacobian(boolean)} checks every row instead.
 *
 * <p>Second derivatives ({@link #gradgradcheck}) are checked the same way on the function
 * {@code (x, u) -> grad of sum(u * f(x))} computed with {@code backward(u, true)}: its derivatives with respect to
 * {@code x} are the second derivatives of {@code f}, and those with respect to the upstream gradient {@code u}
 * check that the recorded backward graph depends on its seed correctly.
 *
 * <p><b>float32.</b> Central differences always run in float64. A float32 op is checked against the same op in
 * float64 instead, as PyTorch's OpInfo tests each dtype against a reference ({@link #checkFloat32},
 * {@link #gradgradcheckFloat32}): the inputs are rounded to float, the function runs once on FLOAT32 copies and once
 * on FLOAT64 copies of those same values, and each run back-propagates the same weighting (rounded to float too).
 * The FLOAT32 run's output and every gradient must be FLOAT32, and every element of the output's values and of each
 * gradient must satisfy
 *
 * <pre>{@code |f32 - f64| <= atol + rtol * (|f64| + scale)}</pre>
 *
 * <p>with {@code atol = 2^-20} ({@link GradCheckOptions#FLOAT32_ATOL}) and {@code rtol = 2^-14}, 512 float ulps of 1
 * ({@link GradCheckOptions#FLOAT32_RTOL}), by default. {@code rtol * |f64|} is what an elementwise op that rounds well
 * may be off by. The {@code scale} follows the op's conditioning. It is the 2-norm {@code ||t||_2} of the terms
 * {@code t_j = (d element / d z_j) z_j} the element is made of, over every input element and weight {@code z_j}: a
 * float computation rounds each term's contribution by about a unit roundoff, so a sum that cancels to near 0, or a
 * matmul element of large products, may be off by that much more than its own size allows. The scale is measured, not
 * derived: four more float64 runs with every {@code z_j} moved by {@code g_j} float unit roundoffs ({@code 2^-24}) of
 * itself, {@code g_j} standard normal, move the element by {@code 2^-24 sum_j g_j t_j}, whose root mean square is
 * {@code 2^-24 ||t||_2}. To it is added the root mean square of {@code |f64| + ||t||_2} over the compared tensor, since
 * a small element left after larger ones of the same tensor cancelled (a batch norm's gradient) carries their error;
 * {@code atol} covers an element that cancels to about 0 from intermediates no input shows (sigmoid's second derivative
 * near 0). PyTorch's {@code assert_close} allows {@code 1e-5 + 1.3e-6 |f64|} for float32, with per-op overrides where
 * an op is ill-conditioned; here the scale plays the part of those overrides. A float32 path that computes another
 * function, loses more than a few hundred ulps to an unstable algorithm, or changes dtype fails.
 */
public final class GradCheck {
    /** One-sided differences closer than this fraction of their size are taken as agreeing (no kink). */
    private static final double KINK_GAP = 0.1;
    /** Relative rounding noise of a forward pass, used to ignore disagreements that are only noise. */
    private static final double NOISE = 1e-12;
    /**
     * Rounding error of one evaluated output element, in units of its own magnitude: a few ulps per op along a
     * chain of ops, with room to spare.
     */
    private static final double ROUNDING = 16 * Math.ulp(1.0);

    private GradCheck() {
    }

    /**
     * Compares the first derivatives of {@code f} at {@code inputs} with default options.
     *
     * @throws IllegalArgumentException if there are no inputs, or one is null or holds a non-finite value
     */
    public static GradCheckResult check(TensorFunction f, Tensor... inputs) {
        return check(GradCheckOptions.defaults(), f, inputs);
    }

    /** Compares the first derivatives of {@code f} at {@code inputs} with the given options. */
    public static GradCheckResult check(GradCheckOptions options, TensorFunction f, Tensor... inputs) {
        validate("check", f, inputs);
        return run(1, options, options.seed(), f, names(inputs.length, false), inputs);
    }

    /**
     * Like {@link #check(TensorFunction, Tensor...)}, but throws when a gradient is wrong.
     *
     * @return the result, when every input passed
     * @throws AssertionError with {@link GradCheckResult#report()} as its message
     */
    public static GradCheckResult assertGradients(TensorFunction f, Tensor... inputs) {
        return assertGradients(GradCheckOptions.defaults(), f, inputs);
    }

    /** Like {@link #check(GradCheckOptions, TensorFunction, Tensor...)}, but throws when a gradient is wrong. */
    public static GradCheckResult assertGradients(GradCheckOptions options, TensorFunction f, Tensor... inputs) {
        return passedOrThrow(check(options, f, inputs));
    }

    /**
     * Compares the second derivatives of {@code f} at {@code inputs}, with default options: the derivatives of the
     * gradients that {@code backward(upstream, true)} records. The result has one report per input and a last one,
     * named {@code "upstream"}, for the seed of the backward pass.
     */
    public static GradCheckResult gradgradcheck(TensorFunction f, Tensor... inputs) {
        return gradgradcheck(GradCheckOptions.defaults(), f, inputs);
    }

    /** Compares the second derivatives of {@code f} at {@code inputs} with the given options. */
    public static GradCheckResult gradgradcheck(GradCheckOptions options, TensorFunction f, Tensor... inputs) {
        validate("gradgradcheck", f, inputs);
        int n = inputs.length;
        Tensor[] all = withUpstream(f, inputs, options.seed());
        // Another seed for the outer weighting, so that it is not the upstream gradient itself.
        return run(2, options, options.seed() + 1, vectorJacobianProduct(f, n), names(n, true), all);
    }

    /**
     * Like {@link #gradgradcheck(TensorFunction, Tensor...)}, but throws when a second derivative is wrong.
     *
     * @throws AssertionError with {@link GradCheckResult#report()} as its message
     */
    public static GradCheckResult assertGradGradients(TensorFunction f, Tensor... inputs) {
        return assertGradGradients(GradCheckOptions.defaults(), f, inputs);
    }

    /** Like {@link #gradgradcheck(GradCheckOptions, TensorFunction, Tensor...)}, but throws when one is wrong. */
    public static GradCheckResult assertGradGradients(GradCheckOptions options, TensorFunction f, Tensor... inputs) {
        return passedOrThrow(gradgradcheck(options, f, inputs));
    }

    /**
     * Compares {@code f} computed in FLOAT32 with {@code f} computed in FLOAT64, with default options: the output's
     * values, and the gradients of a weighted sum of the output, at {@code inputs} rounded to float (see the rule in
     * the class description). The output and every gradient must be FLOAT32. The inputs may be of either dtype.
     *
     * <pre>{@code
     * Float32CheckResult r = GradCheck.checkFloat32(in -> in[0].log().sum(), Tensor.of(new double[] {0.5, 2}, 2));
     * r.passed();                   // true
     * r.output().dtype();           // FLOAT32
     * }</pre>
     *
     * @throws IllegalArgumentException if there are no inputs, or one is null, holds a non-finite value or one beyond
     *     float's range
     */
    public static Float32CheckResult checkFloat32(TensorFunction f, Tensor... inputs) {
        return checkFloat32(GradCheckOptions.defaults(), f, inputs);
    }

    /**
     * {@link #checkFloat32(TensorFunction, Tensor...)} with the given options: their seed draws the weighting, and
     * {@link GradCheckOptions#float32Atol()} and {@link GradCheckOptions#float32Rtol()} are the tolerances.
     */
    public static Float32CheckResult checkFloat32(GradCheckOptions options, TensorFunction f, Tensor... inputs) {
        validateFloat32("checkFloat32", f, inputs);
        return Float32Comparison.compare(1, options.float32Atol(), options.float32Rtol(), options.seed(), f,
                names(inputs.length, false), inputs, true);
    }

    /**
     * Like {@link #checkFloat32(TensorFunction, Tensor...)}, but throws when the float32 op keeps another dtype or
     * disagrees with float64.
     *
     * @throws AssertionError with {@link Float32CheckResult#report()} as its message
     */
    public static Float32CheckResult assertFloat32(TensorFunction f, Tensor... inputs) {
        return assertFloat32(GradCheckOptions.defaults(), f, inputs);
    }

    /** Like {@link #checkFloat32(GradCheckOptions, TensorFunction, Tensor...)}, but throws when it fails. */
    public static Float32CheckResult assertFloat32(GradCheckOptions options, TensorFunction f, Tensor... inputs) {
        return passedOrThrow(checkFloat32(options, f, inputs));
    }

    /**
     * Compares the second derivatives of {@code f} in FLOAT32 with those in FLOAT64, with default options: those of
     * the function {@code (x, u) -> grad of sum(u * f(x))} that {@code backward(u, true)} records, as
     * {@link #gradgradcheck} checks them, by the rule of {@link #checkFloat32}. The result has one report per input
     * and a last one, named {@code "upstream"}, for the seed of the backward pass.
     *
     * @throws IllegalArgumentException as {@link #checkFloat32(TensorFunction, Tensor...)} does
     */
    public static Float32CheckResult gradgradcheckFloat32(TensorFunction f, Tensor... inputs) {
        return gradgradcheckFloat32(GradCheckOptions.defaults(), f, inputs);
    }

    /** {@link #gradgradcheckFloat32(TensorFunction, Tensor...)} with the given options. */
    public static Float32CheckResult gradgradcheckFloat32(GradCheckOptions options, TensorFunction f,
                                                          Tensor... inputs) {
        validateFloat32("gradgradcheckFloat32", f, inputs);
        Tensor[] all = withUpstream(f, inputs, options.seed());
        return Float32Comparison.compare(2, options.float32Atol(), options.float32Rtol(), options.seed() + 1,
                vectorJacobianProduct(f, inputs.length), names(inputs.length, true), all, false);
    }

    /**
     * Like {@link #gradgradcheckFloat32(TensorFunction, Tensor...)}, but throws when it fails.
     *
     * @throws AssertionError with {@link Float32CheckResult#report()} as its message
     */
    public static Float32CheckResult assertFloat32GradGradients(TensorFunction f, Tensor... inputs) {
        return assertFloat32GradGradients(GradCheckOptions.defaults(), f, inputs);
    }

    /** Like {@link #gradgradcheckFloat32(GradCheckOptions, TensorFunction, Tensor...)}, but throws when it fails. */
    public static Float32CheckResult assertFloat32GradGradients(GradCheckOptions options, TensorFunction f,
                                                                Tensor... inputs) {
        return passedOrThrow(gradgradcheckFloat32(options, f, inputs));
    }

    private static Float32CheckResult passedOrThrow(Float32CheckResult result) {
        if (!result.passed()) {
            throw new AssertionError(result.report());
        }
        return result;
    }

    /**
     * The inputs followed by the upstream gradient of a second-derivative check: a weighting of the output's shape
     * drawn from {@code seed}.
     */
    private static Tensor[] withUpstream(TensorFunction f, Tensor[] inputs, long seed) {
        int[] outShape;
        try (var off = Tensor.noGrad()) {
            outShape = f.apply(copies(inputs)).shape();
        }
        Tensor[] all = Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = Tensor.of(weighting(outShape, seed), outShape);
        return all;
    }

    private static GradCheckResult passedOrThrow(GradCheckResult result) {
        if (!result.passed()) {
            throw new AssertionError(result.report());
        }
        return result;
    }

    /**
     * {@code (x..., u) -> concat(flatten(grad_i))}, the gradients of {@code sum(u * f(x))}. The backward pass records
     * its own graph only when some argument requires grad (the analytic pass); the numerical passes call it on
     * plain tensors and need the values only. Every tensor keeps its inputs' dtype, so that the float32 checks run
     * it in either.
     */
    private static TensorFunction vectorJacobianProduct(TensorFunction f, int n) {
        return in -> {
            Tensor upstream = in[n];
            boolean createGraph = upstream.requiresGrad();
            Tensor[] xs = new Tensor[n];
            for (int i = 0; i < n; i++) {
                createGraph |= in[i].requiresGrad();
                xs[i] = in[i].requiresGrad() ? in[i] : in[i].detach().requiresGrad(true);
            }
            try (var on = Tensor.enableGrad()) {
                Tensor out = f.apply(xs);
                Tensor[] parts = new Tensor[n];
                if (out.requiresGrad()) {
                    out.backward(upstream, createGraph);
                }
                for (int i = 0; i < n; i++) {
                    Tensor g = xs[i].grad();
                    // The outer check reads these leaves' grad() again: they must start empty.
                    xs[i].zeroGrad();
                    parts[i] = (g == null ? Tensor.zeros(xs[i].dtype(), xs[i].shape()) : g).reshape((int) xs[i].size());
                }
                return Tensor.concat(0, parts);
            }
        };
    }

    // ---------------------------------------------------------------- the comparison

    private static GradCheckResult run(int order, GradCheckOptions o, long seed, TensorFunction f, String[] names,
                                       Tensor[] inputs) {
        Probe probe = new Probe(f, inputs);
        int[] outShape = probe.outShape();
        double[][] rows = o.fullJacobian() ? identity(probe.base().length) : new double[][] {weighting(outShape, seed)};
        double[][][] analytic = probe.analytic(rows, names);
        List<InputReport> reports = new ArrayList<>();
        for (int i = 0; i < probe.inputs(); i++) {
            reports.add(new InputCheck(o, probe, rows, i).compare(names[i], analytic[i]));
        }
        return new GradCheckResult(order, o, reports);
    }

    /**
     * The numerical derivatives of one input, {@code numerical[r][j]} for row {@code r} of the weighting and element
     * {@code j}, with the rounding noise they carry, and their comparison with the analytic ones.
     */
    private static final class InputCheck {
        private final GradCheckOptions o;
        private final Probe probe;
        private final double[][] rows;
        private final int input;
        private final double h;
        private final double[][] numerical;
        private final double noise;

        InputCheck(GradCheckOptions o, Probe probe, double[][] rows, int input) {
            this.o = o;
            this.probe = probe;
            this.rows = rows;
            this.input = input;
            this.h = o.step();
            int size = probe.size(input);
            numerical = new double[rows.length][size];
            double noise2 = 0;
            for (int j = 0; j < size; j++) {
                double keep = probe.value(input, j);
                double[] plus = probe.evaluateMoved(input, j, keep + h);
                double[] minus = probe.evaluateMoved(input, j, keep - h);
                // The points evaluated are keep + h and keep - h rounded to doubles: steps of up, down, not h.
                double up = (keep + h) - keep, down = keep - (keep - h);
                for (int r = 0; r < rows.length; r++) {
                    numerical[r][j] = weightedDifference(rows[r], plus, minus) / (2 * h);
                    double e = roundingBound(rows[r], plus, minus) / (2 * h)
                            + stepRoundingBound(rows[r], plus, minus, probe.base(), h, up, down, numerical[r][j]);
                    noise2 += e * e;
                }
            }
            noise = Math.sqrt(noise2);
        }

        InputReport compare(String name, double[][] analytic) {
            double diff2 = 0, num2 = 0, ana2 = 0, worstScore = -1;
            int worstRow = -1, worstElement = -1;
            boolean elementwise = o.mode() == GradCheckOptions.Mode.ELEMENTWISE;
            for (int r = 0; r < rows.length; r++) {
                for (int j = 0; j < numerical[r].length; j++) {
                    double num = numerical[r][j], ana = analytic[r][j], d = Math.abs(num - ana);
                    diff2 += d * d;
                    num2 += num * num;
                    ana2 += ana * ana;
                    double score = elementwise ? d / (o.atol() + o.rtol() * Math.abs(num)) : d;
                    if (!(score <= worstScore)) {
                        worstScore = score;
                        worstRow = r;
                        worstElement = j;
                    }
                }
            }
            double denominator = Math.sqrt(num2) + Math.sqrt(ana2);
            double relative = Double.isNaN(diff2) ? Double.NaN : denominator == 0 ? 0 : Math.sqrt(diff2) / denominator;
            double excess = elementwise ? Math.max(0, worstScore) : relative == 0 ? 0 : relative / o.threshold();
            double accuracy = noise;
            boolean withinAccuracy = false;
            if (!elementwise && excess > 1 && worstElement >= 0) {
                accuracy += stepError();
                withinAccuracy = Math.sqrt(diff2) <= accuracy;
            }
            InputReport.Verdict verdict = new InputReport.Verdict(relative, excess, excess <= 1 || withinAccuracy);
            InputReport.Accuracy estimate = new InputReport.Accuracy(accuracy, withinAccuracy);
            InputReport.Worst worst = worstElement < 0 ? null
                    : worst(worstRow, worstElement, analytic[worstRow][worstElement], verdict.passed());
            return new InputReport(name, probe.shape(input), probe.outShape(), verdict, estimate, worst);
        }

        /** The worst element, with its one-sided differences: they tell a jump in the derivative from a wrong one. */
        private InputReport.Worst worst(int row, int element, double analytic, boolean passed) {
            double keep = probe.value(input, element);
            double[] base = probe.base();
            double[] plus = probe.evaluateMoved(input, element, keep + h);
            double[] minus = probe.evaluateMoved(input, element, keep - h);
            double[] w = rows[row];
            double right = weightedDifference(w, plus, base) / h;
            double left = weightedDifference(w, base, minus) / h;
            double gap = Math.abs(right - left);
            double scale = 0;
            for (int k = 0; k < base.length; k++) {
                scale += Math.abs(w[k] * base[k]);
            }
            boolean kink = !passed && gap > KINK_GAP * Math.max(Math.abs(right), Math.abs(left))
                    && gap > NOISE * (1 + scale) / h;
            return new InputReport.Worst(element, o.fullJacobian() ? row : -1, numerical[row][element], analytic,
                    right, left, kink);
        }

        /**
         * The error of the central differences of this input, judged from how far they move when the step doubles,
         * {@code |D(2h) - D(h)|} per element, as a norm over the input's whole gradient. Truncation error grows as
         * {@code h^2}, so where it dominates it is a third of that gap (Richardson); rounding error grows as
         * {@code 1/h}, so where it dominates (a long chain of ops with cancellation, as in a batch norm's second
         * derivative) it is twice the gap. Twice the gap covers both. It costs two more evaluations per element, so
         * it is computed only for an input that would otherwise fail; a wrong derivative still fails, as the gap does
         * not depend on it.
         */
        private double stepError() {
            double sum2 = 0;
            for (int j = 0; j < probe.size(input); j++) {
                double keep = probe.value(input, j);
                double[] plus = probe.evaluateMoved(input, j, keep + 2 * h);
                double[] minus = probe.evaluateMoved(input, j, keep - 2 * h);
                for (int r = 0; r < rows.length; r++) {
                    double wide = weightedDifference(rows[r], plus, minus) / (4 * h);
                    double e = 2 * Math.abs(wide - numerical[r][j]);
                    sum2 += e * e;
                }
            }
            return Math.sqrt(sum2);
        }
    }

    /** {@code sum_k w_k (a_k - b_k)}: differences first, so outputs that did not move add exactly nothing. */
    private static double weightedDifference(double[] w, double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < w.length; k++) {
            double d = a[k] - b[k];
            if (d != 0) {
                s += w[k] * d;
            }
        }
        return s;
    }

    /**
     * A bound on the rounding error of {@code sum_k w_k (a_k - b_k)} when each element carries a few ulps of its
     * own magnitude: below it a central difference cannot tell a derivative from zero. Elements that came out
     * equal count too: rounding can make a small difference exactly 0.
     */
    private static double roundingBound(double[] w, double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < w.length; k++) {
            s += Math.abs(w[k]) * (Math.abs(a[k]) + Math.abs(b[k]));
        }
        return ROUNDING * s;
    }

    /**
     * The error of a central difference taken over the rounded steps {@code up} and {@code down} instead of
     * {@code h}: {@code f'} scaled by {@code (up + down) / 2h}, and, as the steps are off-centre, the curvature
     * times half their difference. The curvature is the second difference {@code (f(x+h) + f(x-h) - 2 f(x)) / h^2}.
     * At a minimum, where the derivative is exactly 0, this is what a central difference measures.
     */
    private static double stepRoundingBound(double[] w, double[] plus, double[] minus, double[] base, double h,
                                            double up, double down, double derivative) {
        double curvature = 0;
        for (int k = 0; k < w.length; k++) {
            curvature += w[k] * ((plus[k] - base[k]) + (minus[k] - base[k]));
        }
        curvature /= h * h;
        return Math.abs(derivative) * Math.abs(up + down - 2 * h) / (2 * h)
                + Math.abs(curvature) * Math.abs(up - down) / 2;
    }

    /** 1 for a single-element output; otherwise values of magnitude in [0.5, 1.5) with random signs. */
    static double[] weighting(int[] shape, long seed) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        double[] w = new double[size];
        if (size == 1) {
            w[0] = 1.0;
            return w;
        }
        Random rng = new Random(seed);
        for (int k = 0; k < size; k++) {
            double magnitude = 0.5 + rng.nextDouble();
            w[k] = rng.nextBoolean() ? magnitude : -magnitude;
        }
        return w;
    }

    private static double[][] identity(int size) {
        double[][] rows = new double[size][size];
        for (int k = 0; k < size; k++) {
            rows[k][k] = 1.0;
        }
        return rows;
    }

    private static Tensor[] copies(Tensor[] inputs) {
        Tensor[] c = new Tensor[inputs.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Tensor.of(inputs[i].toArray(), inputs[i].shape());
        }
        return c;
    }

    private static String[] names(int n, boolean upstream) {
        String[] names = new String[upstream ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            names[i] = "input " + i;
        }
        if (upstream) {
            names[n] = "upstream";
        }
        return names;
    }

    private static void validateFloat32(String what, TensorFunction f, Tensor[] inputs) {
        validate(what, f, inputs);
        for (int i = 0; i < inputs.length; i++) {
            for (double v : inputs[i].toArray()) {
                if (Math.abs(v) > Float.MAX_VALUE) {
                    throw new IllegalArgumentException(what + ": input " + i + " of shape "
                            + Arrays.toString(inputs[i].shape()) + " holds " + v + ", beyond float32's range");
                }
            }
        }
    }

    private static void validate(String what, TensorFunction f, Tensor[] inputs) {
        if (f == null) {
            throw new IllegalArgumentException(what + ": the function is null");
        }
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException(what + ": needs at least one input tensor");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new IllegalArgumentException(what + ": input " + i + " is null");
            }
            for (double v : inputs[i].toArray()) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(what + ": input " + i + " of shape "
                            + Arrays.toString(inputs[i].shape()) + " holds " + v + "; derivatives need finite values");
                }
            }
        }
    }
}

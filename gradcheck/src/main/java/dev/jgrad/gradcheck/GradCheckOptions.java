package dev.jgrad.gradcheck;

/**
 * How {@link GradCheck} compares derivatives: an immutable value, changed with the {@code with...} methods.
 *
 * <pre>{@code
 * GradCheckOptions loose = GradCheckOptions.defaults().withStep(1e-5).withThreshold(1e-6);
 * GradCheckOptions elementwise = GradCheckOptions.defaults().withTolerances(1e-8, 1e-6);
 * GradCheckOptions exact = GradCheckOptions.defaults().withFullJacobian(true);
 * GradCheck.assertGradients(exact, f, x);
 * }</pre>
 *
 * <p>Defaults: step {@code h = 1e-6}; the relative error {@code ||num - ana|| / (||num|| + ||ana||)} over each
 * input's whole gradient must not exceed {@code 1e-7}; a non-scalar output is reduced with a random weighting drawn
 * from seed {@code 0x5eed}; the float32 checks allow {@code |f32 - f64| <= 2^-20 + 2^-14 * (|f64| + scale)}.
 */
public final class GradCheckOptions {
    /**
     * How a numerical and an analytic gradient are compared: {@link GradCheckOptions#withThreshold} selects
     * {@link #RELATIVE_NORM}, {@link GradCheckOptions#withTolerances} {@link #ELEMENTWISE}.
     *
     * <pre>{@code
     * GradCheckOptions.defaults().withTolerances(1e-8, 1e-6).mode();   // Mode.ELEMENTWISE
     * }</pre>
     */
    public enum Mode {
        /** {@code ||num - ana||2 / (||num||2 + ||ana||2) <= threshold} over each input's whole gradient. */
        RELATIVE_NORM,
        /** {@code |num - ana| <= atol + rtol * |num|} at every element. */
        ELEMENTWISE
    }

    /**
     * The default relative tolerance of the float32 checks: 512 ulps of 1 in float, {@code 2^-14}, about
     * {@code 6.1e-5}. A float op rounds each term by about a unit roundoff ({@code 2^-24}); the catalog's engine ops
     * stay within {@code 1e-6} of their scale, but a backward pass can cancel intermediates larger than anything the
     * scale sees (a batch norm of two samples normalises them to about +-1, and its gradients are what is left of
     * terms of size {@code 1/std}), which reaches {@code 1.5e-5}.
     */
    public static final double FLOAT32_RTOL = 0x1p-14;
    /**
     * The default absolute tolerance of the float32 checks, {@code 2^-20} (16 unit roundoffs of 1): for an element
     * that cancels to about 0 from intermediates of size 1 inside a formula, such as sigmoid's second derivative
     * {@code s (1 - s) (1 - 2s)} near 0, where float's {@code s} is 0.5 exactly.
     */
    public static final double FLOAT32_ATOL = 0x1p-20;

    private static final GradCheckOptions DEFAULTS =
            new GradCheckOptions(1e-6, 1e-7, Mode.RELATIVE_NORM, 0.0, 0.0, false, 0x5eedL, FLOAT32_ATOL,
                    FLOAT32_RTOL);

    private final double step;
    private final double threshold;
    private final Mode mode;
    private final double atol;
    private final double rtol;
    private final boolean fullJacobian;
    private final long seed;
    private final double float32Atol;
    private final double float32Rtol;

    private GradCheckOptions(double step, double threshold, Mode mode, double atol, double rtol,
                             boolean fullJacobian, long seed, double float32Atol, double float32Rtol) {
        this.step = step;
        this.threshold = threshold;
        this.mode = mode;
        this.atol = atol;
        this.rtol = rtol;
        this.fullJacobian = fullJacobian;
        this.seed = seed;
        this.float32Atol = float32Atol;
        this.float32Rtol = float32Rtol;
    }

    /** The defaults: {@code h = 1e-6}, relative-norm threshold {@code 1e-7}, weighted reduction, seed {@code 0x5eed}. */
    public static GradCheckOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The step {@code h} of the central difference {@code (f(x + h) - f(x - h)) / 2h}.
     *
     * @throws IllegalArgumentException if {@code h} is not a positive finite number
     */
    public GradCheckOptions withStep(double h) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("GradCheckOptions: step h must be positive and finite, got " + h);
        }
        return new GradCheckOptions(h, threshold, mode, atol, rtol, fullJacobian, seed, float32Atol, float32Rtol);
    }

    /**
     * Compare by relative error over each input's whole gradient, failing above {@code threshold}.
     *
     * @throws IllegalArgumentException if {@code threshold} is negative or NaN
     */
    public GradCheckOptions withThreshold(double threshold) {
        if (!(threshold >= 0)) {
            throw new IllegalArgumentException("GradCheckOptions: threshold must be >= 0, got " + threshold);
        }
        return new GradCheckOptions(step, threshold, Mode.RELATIVE_NORM, atol, rtol, fullJacobian, seed,
                float32Atol, float32Rtol);
    }

    /**
     * Compare element by element instead: every element must satisfy {@code |num - ana| <= atol + rtol * |num|}.
     *
     * @throws IllegalArgumentException if a tolerance is negative or NaN, or both are 0
     */
    public GradCheckOptions withTolerances(double atol, double rtol) {
        if (!(atol >= 0) || !(rtol >= 0) || atol + rtol == 0) {
            throw new IllegalArgumentException("GradCheckOptions: tolerances must be >= 0 and not both 0, got atol "
                    + atol + ", rtol " + rtol);
        }
        return new GradCheckOptions(step, threshold, Mode.ELEMENTWISE, atol, rtol, fullJacobian, seed,
                float32Atol, float32Rtol);
    }

    /**
     * With {@code true}, build the whole Jacobian (one backward pass per output element) instead of one weighted
     * row: slower, but a report then names the output element too. Meant for small outputs.
     */
    public GradCheckOptions withFullJacobian(boolean full) {
        return new GradCheckOptions(step, threshold, mode, atol, rtol, full, seed, float32Atol, float32Rtol);
    }

    /** The seed of the random weighting that reduces a non-scalar output to one number. */
    public GradCheckOptions withSeed(long seed) {
        return new GradCheckOptions(step, threshold, mode, atol, rtol, fullJacobian, seed, float32Atol, float32Rtol);
    }

    /**
     * The tolerances of the float32 checks ({@link GradCheck#checkFloat32}): every element must satisfy
     * {@code |f32 - f64| <= atol + rtol * (|f64| + scale)}.
     *
     * @throws IllegalArgumentException if {@code atol} is negative or {@code rtol} not positive, or either is not
     *     finite
     */
    public GradCheckOptions withFloat32Tolerances(double atol, double rtol) {
        if (!(atol >= 0) || !(rtol > 0) || !Double.isFinite(atol) || !Double.isFinite(rtol)) {
            throw new IllegalArgumentException("GradCheckOptions: float32 tolerances must be finite, atol >= 0 and"
                    + " rtol > 0, got atol " + atol + ", rtol " + rtol);
        }
        return new GradCheckOptions(step, threshold, mode, this.atol, this.rtol, fullJacobian, seed, atol, rtol);
    }

    /** The central-difference step {@code h}. */
    public double step() {
        return step;
    }

    /** The relative-error threshold of {@link Mode#RELATIVE_NORM}. */
    public double threshold() {
        return threshold;
    }

    /** How gradients are compared. */
    public Mode mode() {
        return mode;
    }

    /** The absolute tolerance of {@link Mode#ELEMENTWISE}. */
    public double atol() {
        return atol;
    }

    /** The relative tolerance of {@link Mode#ELEMENTWISE}. */
    public double rtol() {
        return rtol;
    }

    /** Whether the whole Jacobian is built instead of one weighted row. */
    public boolean fullJacobian() {
        return fullJacobian;
    }

    /** The seed of the output weighting. */
    public long seed() {
        return seed;
    }

    /** The absolute tolerance of the float32 checks; {@link #FLOAT32_ATOL} by default. */
    public double float32Atol() {
        return float32Atol;
    }

    /** The relative tolerance of the float32 checks; {@link #FLOAT32_RTOL} by default. */
    public double float32Rtol() {
        return float32Rtol;
    }

    /** The criterion in words, as reports print it: {@code "h = 1e-06, relative error <= 1e-07"}. */
    @Override
    public String toString() {
        String criterion = mode == Mode.RELATIVE_NORM
                ? "relative error <= " + threshold
                : "|num - ana| <= " + atol + " + " + rtol + " * |num|";
        return "h = " + step + ", " + criterion + (fullJacobian ? ", full Jacobian" : "");
    }
}

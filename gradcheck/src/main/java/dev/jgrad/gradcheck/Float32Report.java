package dev.jgrad.gradcheck;

import dev.jgrad.engine.DType;
import java.util.Arrays;

/**
 * What the float32 check found for one compared tensor: the output's values, or one input's gradient (a first or,
 * in a second-derivative check, a second derivative), computed in FLOAT32 and compared with FLOAT64 on the same
 * float-rounded values.
 *
 * <p>Every element must satisfy {@code |f32 - f64| <= atol + rtol * (|f64| + scale)}, where {@code scale} is the
 * 2-norm of the terms the element is made of plus the tensor's root-mean-square magnitude (see {@link GradCheck}),
 * and the tensor must be FLOAT32. The worst element is the one with the largest relative difference
 * {@code |f32 - f64| / (atol / rtol + |f64| + scale)}, which passes up to {@code rtol}.
 *
 * <pre>{@code
 * Float32Report out = GradCheck.checkFloat32(in -> in[0].exp(), x).output();
 * out.dtype();                 // FLOAT32
 * out.relativeDifference();    // about 6e-8: exp is within an ulp or so in float
 * out.describe();              // output [3]: ok, worst at element [2]: float32 ..., float64 ..., ...
 * }</pre>
 */
public final class Float32Report {
    private final String name;
    private final int[] shape;
    private final DType dtype;
    private final double tolerance;
    private final double floor;
    private final int worst;
    private final double float32;
    private final double float64;
    private final double scale;
    private final double relativeDifference;

    /**
     * A report of the tensor {@code name} of {@code shape}, whose float32 computation had {@code dtype} (null when
     * no gradient reached the input), compared with the float64 one element by element; {@code terms} holds each
     * element's estimated 2-norm of terms.
     */
    Float32Report(String name, int[] shape, DType dtype, double atol, double rtol, double[] f32, double[] f64,
                  double[] terms) {
        this.name = name;
        this.shape = shape.clone();
        this.dtype = dtype;
        this.tolerance = rtol;
        this.floor = atol / rtol;
        // The tensor's root-mean-square magnitude joins every element's scale: where a small element is what is
        // left after larger values of the same tensor cancelled (a batch norm's gradient), it carries their error.
        double sum2 = 0;
        for (int k = 0; k < f64.length; k++) {
            double m = Math.abs(f64[k]) + terms[k];
            sum2 += m * m;
        }
        double rms = f64.length == 0 ? 0 : Math.sqrt(sum2 / f64.length);
        int worstAt = -1;
        double worstDifference = -1;
        for (int k = 0; k < f64.length; k++) {
            double d = Math.abs(f32[k] - f64[k]), bound = floor + Math.abs(f64[k]) + terms[k] + rms;
            double r = d == 0 ? 0 : d / bound;
            // NaN compares false: a NaN where float64 has a number is the worst element.
            if (!(r <= worstDifference)) {
                worstDifference = r;
                worstAt = k;
            }
        }
        this.worst = worstAt;
        this.relativeDifference = worstAt < 0 ? 0 : worstDifference;
        this.float32 = worstAt < 0 ? 0 : f32[worstAt];
        this.float64 = worstAt < 0 ? 0 : f64[worstAt];
        this.scale = worstAt < 0 ? 0 : terms[worstAt] + rms;
    }

    /**
     * {@code "output"} for the values; {@code "input 0"}, {@code "input 1"}, ... or {@code "upstream"} for
     * gradients.
     */
    public String name() {
        return name;
    }

    /** The compared tensor's shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The dtype the float32 computation gave this tensor; null for a gradient that never reached its input. */
    public DType dtype() {
        return dtype;
    }

    /** Whether the float32 computation kept FLOAT32 here (a gradient that never reached its input keeps it too). */
    public boolean dtypeKept() {
        return dtype == null || dtype == DType.FLOAT32;
    }

    /**
     * The largest {@code |f32 - f64| / (atol / rtol + |f64| + scale)} over the elements (at most {@code rtol} to
     * pass); 0 without elements.
     */
    public double relativeDifference() {
        return relativeDifference;
    }

    /** The relative tolerance {@code rtol} the relative difference must not exceed. */
    public double rtol() {
        return tolerance;
    }

    /** Whether the dtype was kept and every element was within tolerance. */
    public boolean passed() {
        return dtypeKept() && relativeDifference <= tolerance;
    }

    /** The row-major index of the worst element; -1 without elements. */
    public int worstElement() {
        return worst;
    }

    /** The coordinates of the worst element (empty for a scalar or a tensor without elements). */
    public int[] worstIndex() {
        return worst < 0 ? new int[0] : InputReport.unflatten(worst, shape);
    }

    /** The float32 computation's value at the worst element. */
    public double float32() {
        return float32;
    }

    /** The float64 computation's value at the worst element. */
    public double float64() {
        return float64;
    }

    /**
     * The scale of the worst element: the 2-norm of its terms, as the check estimated it, plus the root mean square
     * of {@code |f64| + ||terms||_2} over the tensor.
     */
    public double scale() {
        return scale;
    }

    /**
     * One line: {@code output [3]: mismatch at element [1]: float32 0.5, float64 0.25, scale 0.1, relative difference
     * 0.714 > rtol 1.53e-05}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(' ').append(Arrays.toString(shape)).append(": ");
        if (!dtypeKept()) {
            sb.append("dtype ").append(dtype).append(" instead of FLOAT32: the op does not keep float32");
            if (worst < 0) {
                return sb.toString();
            }
            sb.append("; ").append(relativeDifference <= tolerance ? "values ok" : "values mismatch too").append(',');
        } else if (worst < 0) {
            return sb.append("ok (no elements)").toString();
        } else {
            sb.append(passed() ? "ok, worst" : "mismatch");
        }
        return sb.append(" at element ").append(Arrays.toString(worstIndex())).append(": float32 ").append(float32)
                .append(", float64 ").append(float64).append(", scale ").append(String.format("%.3g", scale))
                .append(", relative difference ").append(String.format("%.3g", relativeDifference))
                .append(relativeDifference <= tolerance ? " <= " : " > ").append("rtol ")
                .append(String.format("%.3g", tolerance)).toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}

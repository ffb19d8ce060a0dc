package dev.jgrad.gradcheck;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The float32 check at one point: the function run in FLOAT32 and in FLOAT64 on the same inputs rounded to float,
 * each followed by one backward pass with the same float-rounded weighting, and the scale of every compared element
 * estimated from a few more FLOAT64 runs at inputs moved by one float rounding. {@link GradCheck} reads the results.
 *
 * <pre>{@code
 * Float32CheckResult r = Float32Comparison.compare(1, 0x1p-20, 0x1p-14, 0x5eed, f, new String[] {"input 0"},
 *         inputs, true);
 * }</pre>
 */
final class Float32Comparison {
    /** The unit roundoff of float, {@code 2^-24}: the largest relative error of rounding a double to float. */
    static final double UNIT_ROUNDOFF = 0x1p-24;
    /** Runs with moved inputs that estimate each scale; the estimate is a root mean square over them. */
    static final int DRAWS = 4;

    private Float32Comparison() {
    }

    /** One run: the output's dtype and values, and each input's gradient's dtype (null when none came) and values. */
    private record Run(DType outDType, double[] out, DType[] gradDTypes, double[][] grads) {
    }

    /**
     * Compares {@code f} in FLOAT32 with FLOAT64 at {@code inputs}: the output's values when {@code values}, and
     * every input's gradient of {@code sum(w * f)}, {@code w} drawn from {@code seed}. {@code order} only labels the
     * result.
     *
     * @throws IllegalStateException if the function returns null, or an output of another shape in FLOAT32
     */
    static Float32CheckResult compare(int order, double atol, double rtol, long seed, TensorFunction f, String[] names,
                                      Tensor[] inputs, boolean values) {
        int n = inputs.length;
        double[][] x = new double[n][];
        int[][] shapes = new int[n][];
        for (int i = 0; i < n; i++) {
            x[i] = rounded(inputs[i].toArray());
            shapes[i] = inputs[i].shape();
        }
        int[] outShape;
        try (var off = Tensor.noGrad()) {
            outShape = output(f, leaves(DType.FLOAT64, x, shapes, false)).shape();
        }
        double[] w = rounded(GradCheck.weighting(outShape, seed));
        Run f64 = run(f, DType.FLOAT64, x, shapes, w, outShape);
        Run f32 = run(f, DType.FLOAT32, x, shapes, w, outShape);
        Run[] moved = new Run[DRAWS];
        Random rng = new Random(~seed);
        for (int d = 0; d < DRAWS; d++) {
            double[][] xd = new double[n][];
            for (int i = 0; i < n; i++) {
                xd[i] = moved(x[i], rng);
            }
            moved[d] = run(f, DType.FLOAT64, xd, shapes, moved(w, rng), outShape);
        }
        Float32Report output = null;
        if (values) {
            double[][] around = new double[DRAWS][];
            for (int d = 0; d < DRAWS; d++) {
                around[d] = moved[d].out();
            }
            output = new Float32Report("output", outShape, f32.outDType(), atol, rtol, f32.out(), f64.out(),
                    termNorms(f64.out(), around));
        }
        List<Float32Report> reports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[][] around = new double[DRAWS][];
            for (int d = 0; d < DRAWS; d++) {
                around[d] = moved[d].grads()[i];
            }
            reports.add(new Float32Report(names[i], shapes[i], f32.gradDTypes()[i], atol, rtol, f32.grads()[i],
                    f64.grads()[i], termNorms(f64.grads()[i], around)));
        }
        return new Float32CheckResult(order, atol, rtol, output, reports);
    }

    /**
     * Runs {@code f} on leaves of {@code dtype} holding {@code x}, then back-propagates {@code w} (as a tensor of
     * the same dtype) when the output depends on them.
     */
    private static Run run(TensorFunction f, DType dtype, double[][] x, int[][] shapes, double[] w, int[] outShape) {
        Tensor[] leaves = leaves(dtype, x, shapes, true);
        Tensor out;
        try (var on = Tensor.enableGrad()) {
            out = output(f, leaves);
            if (!Arrays.equals(out.shape(), outShape)) {
                throw new IllegalStateException("float32 check: the function's output has shape "
                        + Arrays.toString(out.shape()) + " from " + dtype + " inputs but " + Arrays.toString(outShape)
                        + " from FLOAT64 ones");
            }
            if (out.requiresGrad()) {
                out.backward(leaf(dtype, w, outShape));
            }
        }
        DType[] gradDTypes = new DType[x.length];
        double[][] grads = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            Tensor g = leaves[i].grad();
            gradDTypes[i] = g == null ? null : g.dtype();
            grads[i] = g == null ? new double[x[i].length] : g.toArray();
        }
        return new Run(out.dtype(), out.toArray(), gradDTypes, grads);
    }

    private static Tensor output(TensorFunction f, Tensor[] in) {
        Tensor out = f.apply(in);
        if (out == null) {
            throw new IllegalStateException("the function returned null instead of a tensor");
        }
        return out;
    }

    private static Tensor[] leaves(DType dtype, double[][] x, int[][] shapes, boolean requiresGrad) {
        Tensor[] leaves = new Tensor[x.length];
        for (int i = 0; i < x.length; i++) {
            leaves[i] = leaf(dtype, x[i], shapes[i]).requiresGrad(requiresGrad);
        }
        return leaves;
    }

    /** A tensor of {@code dtype} holding {@code v}; for FLOAT32 they are floats already, so nothing rounds. */
    private static Tensor leaf(DType dtype, double[] v, int[] shape) {
        if (dtype == DType.FLOAT64) {
            return Tensor.of(v, shape);
        }
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = (float) v[k];
        }
        return Tensor.of(f, shape);
    }

    private static double[] rounded(double[] v) {
        double[] r = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            r[k] = (float) v[k];
        }
        return r;
    }

    /**
     * {@code v}, every element moved by {@code g} unit roundoffs of its own size, {@code g} standard normal. Normal
     * rather than random signs: two equal terms of opposite sign would cancel in every draw with a chance of one in
     * two per draw, and leave a scale of 0.
     */
    private static double[] moved(double[] v, Random rng) {
        double[] m = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            m[k] = v[k] * (1 + rng.nextGaussian() * UNIT_ROUNDOFF);
        }
        return m;
    }

    /**
     * The 2-norm of each element's terms: how far it moved, as a root mean square over the runs {@code around},
     * divided by the unit roundoff. Moving every term {@code t_j} of an element by {@code g_j u t_j}, {@code g_j}
     * standard normal, moves the element by {@code u sum_j g_j t_j}, whose root mean square is {@code u ||t||_2}: the
     * size of the rounding errors a float computation of it makes.
     */
    private static double[] termNorms(double[] at, double[][] around) {
        double[] s = new double[at.length];
        for (int k = 0; k < at.length; k++) {
            double sum2 = 0;
            for (double[] a : around) {
                double d = a[k] - at[k];
                sum2 += d * d;
            }
            s[k] = Math.sqrt(sum2 / around.length) / UNIT_ROUNDOFF;
        }
        return s;
    }
}

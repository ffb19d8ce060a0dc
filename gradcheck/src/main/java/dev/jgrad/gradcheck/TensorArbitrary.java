package dev.jgrad.gradcheck;

import dev.jgrad.engine.Tensor;
import java.math.BigDecimal;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.arbitraries.ArbitraryDecorator;

/**
 * A jqwik arbitrary of tensors, configured fluently: each method returns a new arbitrary and leaves this one as it
 * was. Start from {@link TensorArbitraries#tensors()}.
 *
 * <pre>{@code
 * @Property
 * void logOfExpIsIdentity(@ForAll("small") Tensor x) { ... }
 *
 * @Provide
 * Arbitrary<Tensor> small() {
 *     return TensorArbitraries.tensors().between(-3, 3).awayFrom(1e-3, 0.0);
 * }
 * }</pre>
 *
 * <p>Values are drawn uniformly from the range and shrink towards 0 (or the end of the range nearest to it);
 * shapes shrink towards lower ranks and shorter dimensions, so a failing case is reported as small as jqwik can
 * make it.
 */
public final class TensorArbitrary extends ArbitraryDecorator<Tensor> {
    /** Decimal places of generated values: fine enough that ties are rare unless asked for. */
    private static final int SCALE = 8;

    private final Arbitrary<int[]> shapes;
    private final double min;
    private final double max;
    private final double minGap;
    private final double margin;
    private final double[] points;

    TensorArbitrary(Arbitrary<int[]> shapes, double min, double max, double minGap, double margin, double[] points) {
        this.shapes = shapes;
        this.min = min;
        this.max = max;
        this.minGap = minGap;
        this.margin = margin;
        this.points = points;
    }

    /** Tensors of exactly this shape. */
    public TensorArbitrary shape(int... shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("TensorArbitrary.shape: negative dimension in " + Arrays.toString(shape));
            }
        }
        int[] fixed = shape.clone();
        return new TensorArbitrary(Arbitraries.just(fixed).map(int[]::clone), min, max, minGap, margin, points);
    }

    /** Tensors whose shapes come from {@code shapes}, e.g. {@link TensorArbitraries#shapes(int, int, int, int)}. */
    public TensorArbitrary shapes(Arbitrary<int[]> shapes) {
        return new TensorArbitrary(shapes, min, max, minGap, margin, points);
    }

    /**
     * Values in {@code [min, max]}.
     *
     * @throws IllegalArgumentException if {@code min > max} or either is not finite
     */
    public TensorArbitrary between(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("TensorArbitrary.between: need finite min <= max, got [" + min + ", "
                    + max + "]");
        }
        return new TensorArbitrary(shapes, min, max, minGap, margin, points);
    }

    /**
     * Strictly positive values, in {@code [0.1, 3]}: away from 0, so that log, sqrt, division and negative powers
     * stay well conditioned. For another positive range use {@link #between(double, double)}.
     */
    public TensorArbitrary positive() {
        return between(0.1, 3.0);
    }

    /**
     * Pairwise-distinct values: any two elements of a tensor differ by at least {@code minGap}, so a max has no
     * ties, even after a central-difference step smaller than {@code minGap / 2}. Values stay in the range, which
     * must hold them: {@code (size - 1) * minGap <= max - min}.
     *
     * @throws IllegalArgumentException if {@code minGap} is not positive
     * @throws IllegalStateException if {@link #awayFrom} is set too (moving values away from points could bring two
     *         of them closer together)
     */
    public TensorArbitrary distinct(double minGap) {
        if (!(minGap > 0)) {
            throw new IllegalArgumentException("TensorArbitrary.distinct: the gap must be positive, got " + minGap);
        }
        if (points.length > 0) {
            throw new IllegalStateException("TensorArbitrary: distinct() and awayFrom() do not combine");
        }
        return new TensorArbitrary(shapes, min, max, minGap, margin, points);
    }

    /** Pairwise-distinct values at least {@code 1e-3} apart: see {@link #distinct(double)}. */
    public TensorArbitrary distinct() {
        return distinct(1e-3);
    }

    /**
     * Values at least {@code margin} away from each of {@code points} (kinks such as 0 for relu and abs, or the
     * bounds of a clamp). A value closer than that is pushed outwards by {@code margin}, keeping its side and its
     * offset, so values may leave the range by up to {@code 2 * margin}. The points should be more than
     * {@code 4 * margin} apart.
     *
     * @throws IllegalArgumentException if {@code margin} is negative or a point is not finite
     * @throws IllegalStateException if {@link #distinct} is set too
     */
    public TensorArbitrary awayFrom(double margin, double... points) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("TensorArbitrary.awayFrom: margin must be >= 0, got " + margin);
        }
        for (double p : points) {
            if (!Double.isFinite(p)) {
                throw new IllegalArgumentException("TensorArbitrary.awayFrom: point " + p + " is not finite");
            }
        }
        if (minGap > 0) {
            throw new IllegalStateException("TensorArbitrary: distinct() and awayFrom() do not combine");
        }
        return new TensorArbitrary(shapes, min, max, minGap, margin, points.clone());
    }

    @Override
    protected Arbitrary<Tensor> arbitrary() {
        return shapes.flatMap(shape -> {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            return Arbitraries.doubles().between(min, max).ofScale(SCALE).array(double[].class).ofSize(size)
                    .map(values -> Tensor.of(adjust(values, shape), shape));
        });
    }

    private double[] adjust(double[] values, int[] shape) {
        double[] v = values.clone();
        if (minGap > 0) {
            spread(v, shape);
        }
        for (int k = 0; k < v.length; k++) {
            for (double p : points) {
                double d = v[k] - p;
                if (Math.abs(d) < margin) {
                    v[k] = d >= 0 ? p + margin + d : p - margin + d;
                }
            }
        }
        return v;
    }

    /**
     * Makes the values at least {@code minGap} apart without changing their order: pushes each up from its lower
     * neighbour, then, if the top left the range, pulls each down from its upper neighbour.
     */
    private void spread(double[] v, int[] shape) {
        int n = v.length;
        if (n < 2) {
            return;
        }
        if ((n - 1) * minGap > max - min) {
            throw new IllegalArgumentException("TensorArbitrary.distinct: " + n + " values of shape "
                    + Arrays.toString(shape) + " cannot be " + minGap + " apart within [" + min + ", " + max + "]");
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        for (int k = 1; k < n; k++) {
            v[order[k]] = Math.max(v[order[k]], v[order[k - 1]] + minGap);
        }
        if (v[order[n - 1]] > max) {
            v[order[n - 1]] = max;
            for (int k = n - 2; k >= 0; k--) {
                v[order[k]] = Math.min(v[order[k]], v[order[k + 1]] - minGap);
            }
        }
    }

    /**
     * The values in words, built from the settings, as catalog entries state their domains: {@code "values in [-2,
     * 2]"}, {@code "positive values in [0.1, 3]"}, {@code "pairwise-distinct values (0.001 apart) in [-2, 2]"},
     * {@code "values in [-2, 2], at least 0.001 away from 0"}. Shapes are left to the caller, who chose them.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(min > 0 ? "positive " : "");
        sb.append(minGap > 0 ? "pairwise-distinct values (" + number(minGap) + " apart)" : "values");
        sb.append(" in [").append(number(min)).append(", ").append(number(max)).append(']');
        if (points.length > 0 && margin > 0) {
            sb.append(", at least ").append(number(margin)).append(" away from ");
            for (int k = 0; k < points.length; k++) {
                sb.append(k == 0 ? "" : k == points.length - 1 ? " and " : ", ").append(number(points[k]));
            }
        }
        return sb.toString();
    }

    /**
     * A number as {@link #describe()} writes it, for domain texts that state a margin beside it: {@code 2} rather
     * than {@code 2.0}, {@code 0.001} rather than {@code 1.0E-3}.
     */
    public static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return "TensorArbitrary[" + describe() + "]";
    }
}

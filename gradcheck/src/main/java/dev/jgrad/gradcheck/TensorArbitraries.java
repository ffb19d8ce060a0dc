package dev.jgrad.gradcheck;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for tensors and shapes, to property-test ops (the engine's or your own).
 *
 * <pre>{@code
 * @Property(tries = 100)
 * void squareHasTheRightGradient(@ForAll("inputs") Tensor x) {
 *     GradCheck.assertGradients(in -> in[0].mul(in[0]), x);
 * }
 *
 * @Provide
 * Arbitrary<Tensor> inputs() {
 *     return TensorArbitraries.tensors();          // rank 0 to 4, dimensions 1 to 5, values in [-2, 2]
 * }
 * }</pre>
 *
 * <p>Broadcast-compatible shapes come as arrays of shapes from {@link #broadcastPairs()} and
 * {@link #broadcastTriples()}; turn each into a tensor with {@link TensorArbitrary#shape(int...)}.
 */
public final class TensorArbitraries {
    /** The default ranks, 0 (a scalar) to 4. */
    public static final int MAX_RANK = 4;
    /** The default dimensions, 1 to 5. */
    public static final int MAX_DIM = 5;

    private TensorArbitraries() {
    }

    /** Shapes of rank 0 to 4, each dimension 1 to 5. */
    public static Arbitrary<int[]> shapes() {
        return shapes(0, MAX_RANK, 1, MAX_DIM);
    }

    /**
     * Shapes of rank {@code minRank..maxRank}, each dimension {@code minDim..maxDim}.
     *
     * @throws IllegalArgumentException if a range is empty or negative
     */
    public static Arbitrary<int[]> shapes(int minRank, int maxRank, int minDim, int maxDim) {
        if (minRank < 0 || minRank > maxRank || minDim < 0 || minDim > maxDim) {
            throw new IllegalArgumentException("TensorArbitraries.shapes: bad ranges, rank " + minRank + ".." + maxRank
                    + ", dimensions " + minDim + ".." + maxDim);
        }
        return Arbitraries.integers().between(minDim, maxDim).array(int[].class).ofMinSize(minRank).ofMaxSize(maxRank);
    }

    /** Tensors of {@link #shapes()} with values in {@code [-2, 2]}; refine with the {@link TensorArbitrary} methods. */
    public static TensorArbitrary tensors() {
        return new TensorArbitrary(shapes(), -2.0, 2.0, 0.0, 0.0, new double[0]);
    }

    /** Tensors of the given shape with values in {@code [-2, 2]}. */
    public static TensorArbitrary tensors(int... shape) {
        return tensors().shape(shape);
    }

    /** Tensors of {@link #shapes()} with values in {@code [0.1, 3]}: see {@link TensorArbitrary#positive()}. */
    public static TensorArbitrary positiveTensors() {
        return tensors().positive();
    }

    /** Tensors of {@link #shapes()} whose values are pairwise at least {@code 1e-3} apart, in {@code [-2, 2]}. */
    public static TensorArbitrary distinctTensors() {
        return tensors().distinct();
    }

    /**
     * Scalars in {@code [min, max]}, for an op's parameters: see {@link ScalarArbitrary}.
     *
     * @throws IllegalArgumentException if {@code min > max} or either is not finite
     */
    public static ScalarArbitrary scalars(double min, double max) {
        return new ScalarArbitrary(min, max, false);
    }

    /** Two shapes that broadcast together (NumPy rules): see {@link #broadcastShapes(int)}. */
    public static Arbitrary<int[][]> broadcastPairs() {
        return broadcastShapes(2);
    }

    /** Three shapes that broadcast together. */
    public static Arbitrary<int[][]> broadcastTriples() {
        return broadcastShapes(3);
    }

    /**
     * {@code count} shapes that broadcast together: each is a common target shape of {@link #shapes()} with some
     * leading axes dropped and some of the rest set to 1.
     */
    public static Arbitrary<int[][]> broadcastShapes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("TensorArbitraries.broadcastShapes: count must be >= 1, got " + count);
        }
        return shapes().flatMap(target -> broadcastableTo(target).list().ofSize(count)
                .map(list -> list.toArray(new int[0][])));
    }

    /** Shapes that broadcast to exactly {@code target}: leading axes dropped, some of the rest set to 1. */
    public static Arbitrary<int[]> broadcastableTo(int... target) {
        int[] t = target.clone();
        Arbitrary<Integer> dropped = Arbitraries.integers().between(0, t.length);
        Arbitrary<List<Boolean>> ones = Arbitraries.of(false, true).list().ofSize(t.length);
        return Combinators.combine(dropped, ones).as((drop, mask) -> {
            int[] s = new int[t.length - drop];
            for (int k = 0; k < s.length; k++) {
                s[k] = mask.get(k + drop) ? 1 : t[k + drop];
            }
            return s;
        });
    }
}

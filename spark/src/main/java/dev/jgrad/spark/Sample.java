package dev.jgrad.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One training sample for a {@code JavaRDD}: its features, flat in row-major order, and its target. A target of one
 * value is a class label (a whole number in {@code [0, k)}) for a model of {@code k >= 2} outputs and the target
 * value for a model of one output; a target of {@code k} values is the whole target of a model of {@code k} outputs
 * (class probabilities, or a regression's several values).
 *
 * <pre>{@code
 * JavaRDD<Sample> train = jsc.parallelize(List.of(Sample.labelled(new double[] {0, 1}, 1),
 *         Sample.labelled(new double[] {1, 1}, 0)));
 * Sample point = new Sample(new double[] {0.5}, new double[] {2.25});
 * }</pre>
 *
 * @param features the sample's features
 * @param target the sample's target
 */
public record Sample(double[] features, double[] target) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * A sample of the given features and target, both kept as given (not copied).
     *
     * @throws IllegalArgumentException if either is null or the target is empty
     */
    public Sample {
        if (features == null || target == null || target.length == 0) {
            throw new IllegalArgumentException("Sample: features " + (features == null ? "null" : features.length
                    + " values") + " and target " + (target == null ? "null" : target.length + " values")
                    + ": both must be given, the target with at least one value");
        }
    }

    /**
     * A sample of class {@code label}.
     *
     * @throws IllegalArgumentException if {@code features} is null or {@code label} is negative
     */
    public static Sample labelled(double[] features, int label) {
        if (label < 0) {
            throw new IllegalArgumentException("Sample.labelled: label " + label + " is negative");
        }
        return new Sample(features, new double[] {label});
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sample s && Arrays.equals(features, s.features) && Arrays.equals(target, s.target);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return "Sample[features=" + Arrays.toString(features) + ", target=" + Arrays.toString(target) + "]";
    }
}

package dev.jgrad.spark;

import java.io.Serializable;

/**
 * What one partition sends back to the driver for one step or round, in primitive arrays: a sum of per-sample
 * vectors (the loss's gradient, or the parameters reached by local steps, weighted by samples), the sum of the buffers
 * after the partition's forward passes, weighted the same way, and the sums of the loss and accuracy over its
 * {@code count} samples; or the problem that kept it from computing them. Partitions with no samples this step send
 * nulls for the arrays, which count as zeros.
 *
 * <p>The arrays hold the sums divided by {@code scale}: a partition sends its mean gradient (or its parameters) with
 * its sample count as the scale, so that a float32 model's values, which are floats, travel {@link Packed as floats}
 * in half the bytes (Spark sends a task result of more than a megabyte through its block manager, a round trip
 * more). The sum is {@code values[i] * scale}, in double: what multiplying by the count on the executor would give.
 */
final class Contribution implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    private final Packed values;
    private final Packed buffers;
    private final double scale;
    final double loss;
    final double right;
    final long count;
    final String problem;

    Contribution(int partition, double[] values, double[] buffers, double scale, double loss, double right,
            long count, String problem) {
        this(partition, Packed.of(values), Packed.of(buffers), scale, loss, right, count, problem);
    }

    private Contribution(int partition, Packed values, Packed buffers, double scale, double loss, double right,
            long count, String problem) {
        this.partition = partition;
        this.values = values;
        this.buffers = buffers;
        this.scale = scale;
        this.loss = loss;
        this.right = right;
        this.count = count;
        this.problem = problem;
    }

    /** Partition {@code partition}'s sums of the loss and accuracy over {@code count} samples, without arrays. */
    static Contribution counted(int partition, double loss, double right, long count) {
        return new Contribution(partition, (Packed) null, null, 1, loss, right, count, null);
    }

    /** Partition {@code partition}'s {@code problem}, in place of any sums. */
    static Contribution failed(int partition, String problem) {
        return new Contribution(partition, (Packed) null, null, 1, 0, 0, 0, problem);
    }

    /** The sum of the vectors, a new array each call, or null for none. */
    double[] values() {
        return values == null ? null : values.times(scale);
    }

    /** The sum of the buffers, a new array each call, or null for none. */
    double[] buffers() {
        return buffers == null ? null : buffers.times(scale);
    }

    /**
     * This contribution plus {@code later}'s, added in that order (this one's partitions come first), so that a sum
     * built in a fixed tree of partitions is the same bits whatever order they arrive in; the first problem wins.
     */
    Contribution plus(Contribution later) {
        return new Contribution(partition, add(values, scale, later.values, later.scale),
                add(buffers, scale, later.buffers, later.scale), 1, loss + later.loss, right + later.right,
                count + later.count, problem != null ? problem : later.problem);
    }

    /** {@code a * sa + b * sb}, a null vector counting as zeros. */
    private static double[] add(Packed a, double sa, Packed b, double sb) {
        if (a == null || b == null) {
            return a == null ? (b == null ? null : b.times(sb)) : a.times(sa);
        }
        double[] out = new double[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.at(i) * sa + b.at(i) * sb;
        }
        return out;
    }
}

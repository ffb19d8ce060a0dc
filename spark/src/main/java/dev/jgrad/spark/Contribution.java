package dev.jgrad.spark;

import java.io.Serializable;

/**
 * What one partition sends back to the driver for one step or round, in primitive arrays: a sum of per-sample
 * vectors (the loss's gradient, or the parameters reached by local steps, weighted by samples), the sum of the buffers
 * after the partition's forward passes, weighted the same way, and the sums of the loss and accuracy over its
 * {@code count} samples; or the problem that kept it from computing them. Partitions with no samples this step send
 * nulls for the arrays, which count as zeros.
 */
final class Contribution implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final double[] values;
    final double[] buffers;
    final double loss;
    final double right;
    final long count;
    final String problem;

    Contribution(int partition, double[] values, double[] buffers, double loss, double right, long count,
            String problem) {
        this.partition = partition;
        this.values = values;
        this.buffers = buffers;
        this.loss = loss;
        this.right = right;
        this.count = count;
        this.problem = problem;
    }

    /** Partition {@code partition}'s {@code problem}, in place of any sums. */
    static Contribution failed(int partition, String problem) {
        return new Contribution(partition, null, null, 0, 0, 0, problem);
    }

    /**
     * This contribution plus {@code later}'s, added in that order (this one's partitions come first), so that a sum
     * built in a fixed tree of partitions is the same bits whatever order they arrive in; the first problem wins.
     */
    Contribution plus(Contribution later) {
        return new Contribution(partition, add(values, later.values), add(buffers, later.buffers), loss + later.loss,
                right + later.right, count + later.count, problem != null ? problem : later.problem);
    }

    /** {@code a + b}, into {@code a}'s array (each contribution is summed once, so its arrays are free to reuse). */
    private static double[] add(double[] a, double[] b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}

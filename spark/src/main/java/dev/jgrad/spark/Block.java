package dev.jgrad.spark;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Dataset;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import java.util.function.Function;

/**
 * One partition's samples as the model takes them: the features in one primitive array of the model's dtype, the
 * targets in another, row after row. Built once per partition as the data is read, checked row by row against the
 * {@link Layout} (the first misfit is kept as the block's problem, and the rest of the partition is not read), and
 * cached by Spark for every step of training. Serializable, since Spark may move a cached block to another executor.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final int size;
    /** A {@code float[]} for FLOAT32, a {@code double[]} for FLOAT64: either kind is gathered by arraycopy. */
    private final Object features;
    private final double[] targets;
    /** Why the partition's data does not fit the model, or null. */
    final String problem;

    private Block(int partition, int size, Object features, double[] targets, String problem) {
        this.partition = partition;
        this.size = size;
        this.features = features;
        this.targets = targets;
        this.problem = problem;
    }

    /**
     * Partition {@code partition}'s {@code items}, with features and targets read from each by {@code features} and
     * {@code target} (null for none), which may throw {@link Columns.BadRow}.
     */
    static <T> Block read(int partition, Iterator<T> items, Function<T, double[]> features,
            Function<T, double[]> target, Layout layout) {
        int width = layout.width();
        int tw = target == null ? 0 : layout.targetWidth();
        boolean floats = layout.dtype() == DType.FLOAT32;
        Object x = floats ? new float[0] : new double[0];
        double[] y = new double[0];
        int capacity = 0;
        int n = 0;
        for (; items.hasNext(); n++) {
            T item = items.next();
            double[] f;
            double[] t;
            try {
                f = features.apply(item);
                t = target == null ? null : target.apply(item);
            } catch (Columns.BadRow bad) {
                return failed(partition, layout.op() + ": column '" + (bad.target ? layout.targetColumn()
                        : layout.featureColumn()) + "' holds " + bad.getMessage() + " in row " + n + " of partition "
                        + partition + "; expected numbers");
            }
            String problem = layout.problem(f, t, n, partition);
            if (problem != null) {
                return failed(partition, problem);
            }
            if (n == capacity) {
                capacity = grown(capacity, width, layout);
                x = floats ? Arrays.copyOf((float[]) x, capacity * width) : Arrays.copyOf((double[]) x, capacity * width);
                y = Arrays.copyOf(y, capacity * tw);
            }
            if (x instanceof float[] xf) {
                for (int j = 0; j < width; j++) {
                    xf[n * width + j] = (float) f[j];
                }
            } else {
                System.arraycopy(f, 0, x, n * width, width);
            }
            if (t != null) {
                System.arraycopy(t, 0, y, n * tw, tw);
            }
        }
        Object values = floats ? Arrays.copyOf((float[]) x, n * width) : Arrays.copyOf((double[]) x, n * width);
        return new Block(partition, n, values, Arrays.copyOf(y, n * tw), null);
    }

    private static Block failed(int partition, String problem) {
        return new Block(partition, 0, null, null, problem);
    }

    /** Room for half as many rows again (at least 16), within what an array of {@code width}-value rows holds. */
    private static int grown(int rows, int width, Layout layout) {
        long most = (Integer.MAX_VALUE - 8) / Math.max(1, width);
        if (rows >= most) {
            throw new IllegalArgumentException(layout.op() + ": a partition holds more than " + most + " samples of "
                    + width + " values; repartition the data into more partitions");
        }
        return (int) Math.min(most, rows + (rows >> 1) + 16L);
    }

    /**
     * The rows of step {@code step} of {@code steps} in an epoch whose order is drawn from {@code shuffle}: the
     * step's even share of a random permutation of the block, so that every row is visited once an epoch, and a
     * block of {@code steps * b} rows gives the rows a single machine's {@code Dataset.batches(b, shuffle)} does.
     */
    int[] share(long shuffle, int step, int steps) {
        int[] order = Dataset.permutation(size, new Random(shuffle));
        return Arrays.copyOfRange(order, (int) ((long) step * size / steps), (int) ((long) (step + 1) * size / steps));
    }

    /** The features of {@code rows}, a {@code [rows, inputShape...]} tensor of the layout's dtype. */
    Tensor features(int[] rows, Layout layout) {
        int width = layout.width();
        int[] shape = layout.batchShape(rows.length);
        if (features instanceof float[] f) {
            float[] out = new float[rows.length * width];
            gather(f, rows, width, out);
            return Tensor.of(out, shape);
        }
        double[] out = new double[rows.length * width];
        gather(features, rows, width, out);
        return Tensor.of(out, shape);
    }

    /** The targets of {@code rows}: a {@code [rows]} tensor of class labels, else {@code [rows, outputs]}. */
    Tensor targets(int[] rows, Layout layout) {
        int tw = layout.targetWidth();
        double[] out = new double[rows.length * tw];
        gather(targets, rows, tw, out);
        Tensor t = layout.classes() ? Tensor.of(out, rows.length) : Tensor.of(out, rows.length, tw);
        return t.to(layout.dtype());
    }

    /** Copies row {@code rows[i]} of {@code width} values of {@code from} to row {@code i} of {@code to}. */
    private static void gather(Object from, int[] rows, int width, Object to) {
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(from, rows[i] * width, to, i * width, width);
        }
    }

    /** The block's rows in order, {@code 0..size-1}. */
    int[] all() {
        int[] rows = new int[size];
        Arrays.setAll(rows, i -> i);
        return rows;
    }
}

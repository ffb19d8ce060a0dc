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
        double[] x = new double[0];
        double[] y = new double[0];
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
            if ((long) (n + 1) * width > x.length) {
                x = Arrays.copyOf(x, grown(x.length, (long) (n + 1) * width, layout));
                y = Arrays.copyOf(y, (x.length / Math.max(1, width)) * tw);
            }
            System.arraycopy(f, 0, x, n * width, width);
            if (t != null) {
                System.arraycopy(t, 0, y, n * tw, tw);
            }
        }
        Object values = layout.dtype() == DType.FLOAT32 ? floats(x, n * width) : Arrays.copyOf(x, n * width);
        return new Block(partition, n, values, Arrays.copyOf(y, n * tw), null);
    }

    private static Block failed(int partition, String problem) {
        return new Block(partition, 0, null, null, problem);
    }

    /** Half as large again, at least {@code needed}, within what an array can hold. */
    private static int grown(int length, long needed, Layout layout) {
        long grown = Math.max(needed, length + (length >> 1) + 16L);
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(layout.op() + ": a partition holds more than " + (Integer.MAX_VALUE - 8)
                    + " feature values; repartition the data into more partitions");
        }
        return (int) Math.min(grown, Integer.MAX_VALUE - 8);
    }

    private static float[] floats(double[] x, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) x[i];
        }
        return out;
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
        int[] shape = new int[layout.inputShape().length + 1];
        shape[0] = rows.length;
        System.arraycopy(layout.inputShape(), 0, shape, 1, layout.inputShape().length);
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

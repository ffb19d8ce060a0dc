package dev.jgrad.nn;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * An in-memory dataset: features {@code [n, ...]} and targets {@code [n, ...]}, sample {@code i} being index
 * {@code i} of the first axis of both. Class labels are held as a {@code [n]} tensor of whole numbers.
 *
 * <pre>{@code
 * Dataset all = Dataset.classification(x, labels);
 * Dataset.Split split = all.split(0.8, new Random(1));
 * for (Dataset batch : split.train().batches(32, new Random(2))) { ... }
 * }</pre>
 */
public final class Dataset {
    private final Tensor features;
    private final Tensor targets;

    /**
     * A dataset over the given tensors (not copied; they should not require grad).
     *
     * @throws IllegalArgumentException if either is null or has rank 0, or their first dimensions differ
     */
    public Dataset(Tensor features, Tensor targets) {
        Checks.notNull("Dataset", "features", features);
        Checks.notNull("Dataset", "targets", targets);
        if (features.rank() == 0 || targets.rank() == 0 || features.shape()[0] != targets.shape()[0]) {
            throw new IllegalArgumentException("Dataset: features of shape " + Checks.shape(features)
                    + " and targets of shape " + Checks.shape(targets) + " do not have the same samples");
        }
        this.features = features;
        this.targets = targets;
    }

    /**
     * A classification dataset: the labels become a {@code [n]} target tensor.
     *
     * @throws IllegalArgumentException if an argument is null, the label count differs from the number of samples,
     *     or a label is negative
     */
    public static Dataset classification(Tensor features, int[] labels) {
        Checks.notNull("Dataset.classification", "features", features);
        Checks.notNull("Dataset.classification", "labels", labels);
        double[] t = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("Dataset.classification: label " + labels[i] + " of sample " + i
                        + " is negative");
            }
            t[i] = labels[i];
        }
        return new Dataset(features, Tensor.of(t, t.length));
    }

    /** The features, {@code [n, ...]}. */
    public Tensor features() {
        return features;
    }

    /** The targets, {@code [n, ...]}. */
    public Tensor targets() {
        return targets;
    }

    /**
     * This dataset with its features and targets in {@code dtype}: this dataset itself if both already are. Class
     * labels survive the conversion exactly (whole numbers up to 2^24 are floats), so {@link #labels()} is
     * unchanged.
     *
     * <pre>{@code
     * Dataset train32 = train.to(DType.FLOAT32);   // half the memory; train a model converted with Module.to
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code dtype} is null
     */
    public Dataset to(DType dtype) {
        Checks.notNull("Dataset.to", "dtype", dtype);
        if (features.dtype() == dtype && targets.dtype() == dtype) {
            return this;
        }
        try (var off = Tensor.noGrad()) {
            return new Dataset(features.to(dtype), targets.to(dtype));
        }
    }

    /** The number of samples. */
    public int size() {
        return features.shape()[0];
    }

    /**
     * The targets as class labels.
     *
     * @throws IllegalArgumentException if the targets are not a {@code [n]} tensor of non-negative whole numbers
     */
    public int[] labels() {
        return labels("Dataset.labels", targets);
    }

    /** {@code targets} as class labels, with errors naming {@code owner}. */
    static int[] labels(String owner, Tensor targets) {
        if (targets.rank() != 1) {
            throw new IllegalArgumentException(owner + ": class labels must be a [n] tensor, got shape "
                    + Checks.shape(targets));
        }
        double[] t = targets.toArray();
        int[] labels = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            labels[i] = (int) t[i];
            if (labels[i] != t[i] || t[i] < 0) {
                throw new IllegalArgumentException(owner + ": target " + t[i] + " of sample " + i
                        + " is not a class label (a whole number >= 0)");
            }
        }
        return labels;
    }

    /**
     * The samples at {@code indices}, in that order.
     *
     * @throws IllegalArgumentException if {@code indices} is null or an index is out of range
     */
    public Dataset subset(int... indices) {
        Checks.notNull("Dataset.subset", "indices", indices);
        try (var off = Tensor.noGrad()) {
            return new Dataset(features.indexSelect(0, indices), targets.indexSelect(0, indices));
        }
    }

    /** Consecutive mini-batches in sample order; the last one is smaller if {@code batchSize} does not divide n. */
    public List<Dataset> batches(int batchSize) {
        return batches(batchSize, identity(size()));
    }

    /**
     * Mini-batches of a random permutation drawn from {@code rng} (a new one at each call, so each epoch differs
     * while a seed reproduces the whole sequence); the last batch is smaller if {@code batchSize} does not divide n.
     *
     * @throws IllegalArgumentException if {@code batchSize} is not positive or {@code rng} is null
     */
    public List<Dataset> batches(int batchSize, Random rng) {
        Checks.notNull("Dataset.batches", "rng", rng);
        return batches(batchSize, rng == IN_ORDER ? identity(size()) : permutation(size(), rng));
    }

    /**
     * The generator that, given to {@link #batches(int, Random)}, keeps the samples in order: how a model fits
     * without shuffling through a training loop that takes a generator. Never drawn from.
     */
    static final Random IN_ORDER = new Random(0);

    /**
     * The batches as a list that gathers each one when it is read, so that an epoch holds one batch at a time
     * rather than a second copy of the whole dataset.
     */
    private List<Dataset> batches(int batchSize, int[] order) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Dataset.batches: batch size " + batchSize + " must be positive");
        }
        int count = (order.length + batchSize - 1) / batchSize;
        return new AbstractList<>() {
            @Override
            public Dataset get(int i) {
                Objects.checkIndex(i, count);
                return subset(Arrays.copyOfRange(order, i * batchSize, Math.min((i + 1) * batchSize, order.length)));
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /**
     * A training part and a held-out test part of a dataset.
     *
     * <pre>{@code
     * Dataset.Split split = all.split(0.8, new Random(1));
     * History h = trainer.fit(split.train(), split.test(), 20, 32, new Random(2));
     * }</pre>
     *
     * @param train the part to train on
     * @param test the held-out part
     */
    public record Split(Dataset train, Dataset test) {
        /**
         * The two parts.
         *
         * @throws IllegalArgumentException if a part is null
         */
        public Split {
            Checks.notNull("Dataset.Split", "train", train);
            Checks.notNull("Dataset.Split", "test", test);
        }
    }

    /**
     * Shuffles with {@code rng} and cuts: the first {@code round(trainFraction * n)} samples train, the rest test.
     *
     * @throws IllegalArgumentException if {@code rng} is null, or unless both parts get at least one sample
     */
    public Split split(double trainFraction, Random rng) {
        Checks.notNull("Dataset.split", "rng", rng);
        int n = size();
        long trainSize = Math.round(trainFraction * n);
        if (!(trainFraction > 0 && trainFraction < 1) || trainSize < 1 || trainSize >= n) {
            throw new IllegalArgumentException("Dataset.split: a train fraction of " + trainFraction + " of " + n
                    + " samples leaves one part empty");
        }
        int[] order = permutation(n, rng);
        return new Split(subset(Arrays.copyOfRange(order, 0, (int) trainSize)),
                subset(Arrays.copyOfRange(order, (int) trainSize, n)));
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} drawn from {@code rng} (Fisher-Yates): the order in which
     * {@link #batches(int, Random)} visits the samples, for a training loop of one's own that must visit them as
     * {@link Trainer} does.
     *
     * <pre>{@code
     * int[] order = Dataset.permutation(train.size(), new Random(1));
     * Dataset first = train.subset(Arrays.copyOf(order, 32));   // batches(32, new Random(1)).get(0)
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code n} is negative or {@code rng} is null
     */
    public static int[] permutation(int n, Random rng) {
        Checks.notNull("Dataset.permutation", "rng", rng);
        if (n < 0) {
            throw new IllegalArgumentException("Dataset.permutation: length " + n + " is negative");
        }
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}

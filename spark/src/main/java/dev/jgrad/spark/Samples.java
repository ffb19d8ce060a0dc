package dev.jgrad.spark;

import org.apache.spark.api.java.JavaRDD;

/**
 * A data set read, checked and cached on the executors by {@link SparkTrainer#prepare}, for the trainer that prepared
 * it to train or evaluate on as often as it likes without reading the data again: each partition's samples, in arrays
 * of the model's dtype, held in the executors' memory (and recomputed from the source by Spark if an executor is
 * lost). {@link #close()} frees that memory.
 *
 * <pre>{@code
 * try (Samples train = trainer.prepare(trainFrame); Samples test = trainer.prepare(testFrame)) {
 *     for (int round = 0; round < 10; round++) {
 *         trainer.fit(train, test, 1, 256);
 *         Checkpoint.save(trainer.model(), Path.of("model-" + round + ".npz"));
 *     }
 * }
 * }</pre>
 */
public final class Samples implements AutoCloseable {
    final SparkTrainer owner;
    final Layout layout;
    final JavaRDD<Block> blocks;
    private final long size;

    Samples(SparkTrainer owner, Layout layout, JavaRDD<Block> blocks, long size) {
        this.owner = owner;
        this.layout = layout;
        this.blocks = blocks;
        this.size = size;
    }

    /** The number of samples. */
    public long size() {
        return size;
    }

    /** The number of partitions, each trained on by a task of its own. */
    public int partitions() {
        return blocks.getNumPartitions();
    }

    /** Removes the cached samples from the executors' memory, without waiting; the samples are not used again. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }
}

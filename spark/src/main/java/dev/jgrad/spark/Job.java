package dev.jgrad.spark;

import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * What every task of a training run needs besides the parameters, shipped once with each task's closure: how to make
 * the model, the loss and the optimizer, what the samples look like, and the run's seed; with a name of the driver's
 * trainer, under which an executor keeps the replicas it made for it.
 */
record Job(Factory<Module> model, Factory<Loss> loss, OptimizerRecipe optimizer, Layout layout, long seed,
        String trainer) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The seed of partition {@code partition}'s shuffle in epoch {@code epoch} (epochs from 1). */
    long shuffleSeed(int epoch, int partition) {
        return mix(seed, 1, epoch, partition, 0);
    }

    /** The seed of the model's random draws (dropout masks) in step {@code step} of epoch {@code epoch}. */
    long drawSeed(int epoch, int step, int partition) {
        return mix(seed, 2, epoch, partition, step);
    }

    /** One well-mixed seed from several numbers (SplitMix64's finaliser over each in turn). */
    private static long mix(long seed, long... parts) {
        long h = seed;
        for (long p : parts) {
            h = new SplittableRandom(h ^ p * 0x9E3779B97F4A7C15L).nextLong();
        }
        return h;
    }
}

package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The dropout masks of one fashion-mnist training step, [128, 256] and [128, 128] with p = 0.2, made two ways:
 * {@code random}, as the masks were made before {@link Tensor#dropoutMask}, a {@code java.util.Random} draw per
 * element into a {@code double[]} that is then copied into a tensor of the dtype; and {@code splittable}, by
 * {@code Tensor.dropoutMask} from a SplittableRandom, two elements a draw.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DropoutMaskBench {
    /** The dtype of the masks. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private static final double P = 0.2;
    private static final int[][] SHAPES = {{128, 256}, {128, 128}};

    private final Random random = new Random(1);
    private final SplittableRandom splittable = new SplittableRandom(1);

    /** Both masks the old way; returns the last so that nothing is elided. */
    @Benchmark
    public Tensor random() {
        Tensor last = null;
        for (int[] shape : SHAPES) {
            double[] mask = new double[shape[0] * shape[1]];
            double kept = 1 / (1 - P);
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextDouble() < P ? 0.0 : kept;
            }
            last = Tensor.of(mask, shape).to(dtype);
        }
        return last;
    }

    /** Both masks by {@code Tensor.dropoutMask}. */
    @Benchmark
    public Tensor splittable() {
        Tensor last = null;
        for (int[] shape : SHAPES) {
            last = Tensor.dropoutMask(dtype, splittable, P, shape);
        }
        return last;
    }
}

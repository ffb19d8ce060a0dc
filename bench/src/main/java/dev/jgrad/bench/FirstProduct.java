package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.Random;

/**
 * The first-product workload: a program whose whole life is one 512 x 512 times 512 x 512 matrix product, in the
 * dtype its argument names (FLOAT64 when there is none). {@code bench/run.sh first-product} times fresh JVMs running
 * it, start to exit, once per dtype.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp ... dev.jgrad.bench.FirstProduct FLOAT32
 * }</pre>
 */
public final class FirstProduct {
    private FirstProduct() {
    }

    /** Prints one element of the product, so that it cannot be skipped. */
    public static void main(String[] args) {
        DType dtype = args.length == 0 ? DType.FLOAT64 : DType.valueOf(args[0]);
        Random rng = new Random(1);
        Tensor a = Tensor.rand(dtype, rng, 512, 512), b = Tensor.rand(dtype, rng, 512, 512);
        System.out.println(a.matmul(b).toArray()[0]);
    }
}

package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of elementwise, broadcast and reduction loop gives the same bits on one thread as shared with the
 * helper threads, at sizes above the sharing threshold that are multiples of neither a piece nor a block.
 */
class SharedLoopsTest {
    /** 77,100 elements, well above {@link Workers#MIN_ELEMENTS}. */
    private static final int ROWS = 300, COLS = 257;

    /**
     * Waits for the matmul kernel's warm-up threads (started by earlier tests' products) to end: while
     * {@link Workers.Sharing#ALWAYS} is on, their small products claim the helpers too, and a loop of this test that
     * finds the helpers taken runs alone.
     */
    @BeforeAll
    static void noWarmUpRunning() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("jgrad-warmup-")) {
                t.join(120_000);
            }
        }
    }

    @AfterEach
    void automatic() {
        Workers.sharing = Workers.Sharing.AUTO;
    }

    /** Computes {@code op} on one thread and then shared, and asserts the raw values and shapes are identical. */
    private static void assertSameOnAnyThreadCount(Supplier<Tensor> op) {
        Workers.sharing = Workers.Sharing.NEVER;
        Tensor alone = op.get();
        Workers.sharing = Workers.Sharing.ALWAYS;
        long before = Workers.sharedJobs();
        Tensor shared = op.get();
        Workers.sharing = Workers.Sharing.AUTO;
        if (Workers.THREADS > 1) {
            assertTrue(Workers.sharedJobs() > before, "the op's loops were never shared");
        }
        assertArrayEquals(alone.shape(), shared.shape());
        assertEquals(alone.dtype(), shared.dtype());
        if (alone.dtype() == DType.FLOAT32) {
            assertArrayEquals(alone.toFloatArray(), shared.toFloatArray());
        } else {
            assertArrayEquals(alone.toArray(), shared.toArray());
        }
    }

    private static Tensor randn(DType dtype, long seed, int... shape) {
        return Tensor.randn(dtype, new Random(seed), shape);
    }

    /** A fresh leaf with the values of {@code t}, for an in-place update to change. */
    private static Tensor copy(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Tensor.of(t.toFloatArray(), t.shape()) : Tensor.of(t.toArray(), t.shape());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void unaryOps(DType dtype) {
        Tensor a = randn(dtype, 1, ROWS, COLS);
        assertSameOnAnyThreadCount(a::exp);
        assertSameOnAnyThreadCount(a::tanh);
        assertSameOnAnyThreadCount(a::sigmoid);
        assertSameOnAnyThreadCount(a::relu);
        assertSameOnAnyThreadCount(() -> a.abs().sqrt());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sameShapeBinaryOps(DType dtype) {
        Tensor a = randn(dtype, 1, ROWS, COLS), b = randn(dtype, 2, ROWS, COLS);
        assertSameOnAnyThreadCount(() -> a.add(b));
        assertSameOnAnyThreadCount(() -> a.sub(b));
        assertSameOnAnyThreadCount(() -> a.mul(b));
        assertSameOnAnyThreadCount(() -> a.div(b));
        assertSameOnAnyThreadCount(() -> a.maximum(b));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void mixedDTypesPromote(DType dtype) {
        Tensor a = randn(dtype, 1, ROWS, COLS), b = randn(DType.FLOAT64, 2, ROWS, COLS);
        assertSameOnAnyThreadCount(() -> a.mul(b));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void broadcasts(DType dtype) {
        Tensor a = randn(dtype, 1, ROWS, COLS), bias = randn(dtype, 3, COLS), column = randn(dtype, 4, ROWS, 1);
        assertSameOnAnyThreadCount(() -> a.add(bias));
        assertSameOnAnyThreadCount(() -> a.mul(column));
        assertSameOnAnyThreadCount(() -> column.sub(bias));
        assertSameOnAnyThreadCount(() -> a.add(2.5));
        assertSameOnAnyThreadCount(() -> bias.expand(ROWS, COLS));
        assertSameOnAnyThreadCount(() -> column.expand(ROWS, COLS));
        Tensor cube = randn(dtype, 5, 20, 15, COLS), middle = randn(dtype, 6, 15, 1);
        assertSameOnAnyThreadCount(() -> cube.mul(middle));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void fusedOptimizerUpdatesOfAFirstLayerWeight(DType dtype) {
        Tensor w = randn(dtype, 7, 784, 512), g = randn(dtype, 8, 784, 512), m = randn(dtype, 9, 784, 512);
        Tensor v = randn(dtype, 10, 784, 512).abs();
        assertSameOnAnyThreadCount(() -> withGradient(w, g, p -> FusedUpdate.adam(p, copy(m), copy(v), 3, 1e-3,
                0.9, 0.999, 1e-8, 0.01)));
        assertSameOnAnyThreadCount(() -> withGradient(w, g, p -> FusedUpdate.sgd(p, copy(m), 0.1, 0.9, true, 0)));
        assertSameOnAnyThreadCount(() -> withGradient(w, g, p -> FusedUpdate.rmsProp(p, copy(v), 0.01, 0.9, 1e-8,
                0)));
    }

    /** A fresh parameter with {@code w}'s values and gradient {@code g}, updated by {@code update}. */
    private static Tensor withGradient(Tensor w, Tensor g, java.util.function.Consumer<Tensor> update) {
        Tensor p = copy(w).requiresGrad(true);
        p.mul(g).sum().backward();
        try (var off = Tensor.noGrad()) {
            update.accept(p);
        }
        return p.detach();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void inPlaceUpdatesOfAFirstLayerWeight(DType dtype) {
        Tensor w = randn(dtype, 7, 784, 512), g = randn(dtype, 8, 784, 512);
        assertSameOnAnyThreadCount(() -> copy(w).addInPlace(g, -0.01));
        assertSameOnAnyThreadCount(() -> copy(w).mulInPlace(0.9));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reductionsOverAllElements(DType dtype) {
        Tensor a = randn(dtype, 1, ROWS, COLS);
        assertSameOnAnyThreadCount(a::sum);
        assertSameOnAnyThreadCount(a::mean);
        assertSameOnAnyThreadCount(a::max);
        // Just over one chunk: two chunks, the second of one element.
        Tensor small = randn(dtype, 2, Elementwise.PIECE + 1);
        assertSameOnAnyThreadCount(small::sum);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reductionsOverAnAxis(DType dtype) {
        Tensor a = randn(dtype, 1, ROWS, COLS);
        assertSameOnAnyThreadCount(() -> a.sum(0, false));
        assertSameOnAnyThreadCount(() -> a.sum(1, true));
        assertSameOnAnyThreadCount(() -> a.mean(0, false));
        assertSameOnAnyThreadCount(() -> a.max(0, false));
        assertSameOnAnyThreadCount(() -> a.max(-1, true));
        assertSameOnAnyThreadCount(() -> a.sumTo(COLS));
        assertSameOnAnyThreadCount(() -> a.sumTo(ROWS, 1));
        Tensor cube = randn(dtype, 5, 20, 15, COLS);
        assertSameOnAnyThreadCount(() -> cube.sum(1, false));
        assertSameOnAnyThreadCount(() -> cube.max(1, false));
        assertSameOnAnyThreadCount(() -> cube.sumTo(15, 1));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void backwardLoops(DType dtype) {
        Tensor a = randn(dtype, 1, ROWS, COLS), bias = randn(dtype, 3, COLS);
        assertSameOnAnyThreadCount(() -> {
            Tensor x = copy(a).requiresGrad(true), b = copy(bias).requiresGrad(true);
            x.add(b).relu().max(0, false).sum().backward();
            return x.grad().add(b.grad());
        });
    }

    @Test
    void aSumOverAllElementsAddsFixedChunksInChunkOrder() {
        int n = 2 * Elementwise.PIECE + 100;
        double[] v = new double[n];
        Random rng = new Random(9);
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(8));
        }
        double total = 0;
        for (int from = 0; from < n; from += Elementwise.PIECE) {
            double partial = 0;
            for (int i = from; i < Math.min(n, from + Elementwise.PIECE); i++) {
                partial += v[i];
            }
            total += partial;
        }
        Tensor x = Tensor.of(v, n);
        for (Workers.Sharing s : Workers.Sharing.values()) {
            Workers.sharing = s;
            assertEquals(total, x.sum().item(), 0.0, "sharing " + s);
        }
    }
}

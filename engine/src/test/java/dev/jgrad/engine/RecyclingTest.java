package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backward pass recycles the arrays of gradients it has consumed, and of gradients {@code zeroGrad()} forgets
 * without {@code grad()} having handed them out. These tests hold on to every kind of tensor a user can hold across
 * training steps and check that none of them changes under them, and that the recycling does happen. The shapes are
 * large enough for the pool ({@link ArrayPool#MIN_LENGTH} elements and more).
 */
class RecyclingTest {
    private static final int BATCH = 32;
    private static final int IN = 64;
    private static final int OUT = 48;

    private final Random rng = new Random(7);

    @BeforeEach
    void emptyPool() {
        ArrayPool.clear();
    }

    /** One step of a two-layer network: returns the loss; {@code keep} receives the intermediates. */
    private static Tensor step(Tensor x, Tensor w1, Tensor w2, List<Tensor> keep) {
        Tensor h = x.matmul(w1);
        Tensor a = h.relu();
        Tensor y = a.matmul(w2);
        keep.add(h);
        keep.add(a);
        keep.add(y);
        return y.mul(y).mean();
    }

    private Tensor weight(DType dtype, int rows, int cols) {
        return Tensor.randn(dtype, rng, rows, cols).mul(0.2).detach().requiresGrad(true);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void intermediatesAUserKeepsAcrossStepsNeverChange(DType dtype) {
        Tensor w1 = weight(dtype, IN, OUT), w2 = weight(dtype, OUT, OUT);
        List<Tensor> kept = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Tensor x = Tensor.randn(dtype, rng, BATCH, IN);
            int from = kept.size();
            Tensor loss = step(x, w1, w2, kept);
            for (int k = from; k < kept.size(); k++) {
                values.add(kept.get(k).toArray());
            }
            w1.zeroGrad();
            w2.zeroGrad();
            loss.backward();
            descend(w1, w2);
        }
        for (int k = 0; k < kept.size(); k++) {
            assertArrayEquals(values.get(k), kept.get(k).toArray(), "intermediate " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aGradientTheUserTookKeepsItsValuesAfterZeroGrad(DType dtype) {
        Tensor w1 = weight(dtype, IN, OUT), w2 = weight(dtype, OUT, OUT);
        step(Tensor.randn(dtype, rng, BATCH, IN), w1, w2, new ArrayList<>()).backward();
        Tensor taken = w1.grad();
        double[] before = taken.toArray();
        for (int s = 0; s < 3; s++) {
            w1.zeroGrad();
            w2.zeroGrad();
            step(Tensor.randn(dtype, rng, BATCH, IN), w1, w2, new ArrayList<>()).backward();
        }
        assertArrayEquals(before, taken.toArray());
        assertNotSame(taken.storage(), w1.grad.storage());
    }

    @Test
    void aGradientNobodyTookIsComputedInItsOwnArrayNextStep() {
        Tensor w1 = weight(DType.FLOAT64, IN, OUT), w2 = weight(DType.FLOAT64, OUT, OUT);
        Tensor x = Tensor.randn(DType.FLOAT64, rng, BATCH, IN);
        step(x, w1, w2, new ArrayList<>()).backward();
        Object first = w1.grad.storage();
        double[] expected = w1.grad.toArray();
        w1.zeroGrad();
        w2.zeroGrad();
        step(x, w1, w2, new ArrayList<>()).backward();
        assertArrayEquals(expected, w1.grad().toArray());
        assertTrue(first == w1.grad.storage() || first == w2.grad.storage(),
                "the second step's weight gradient reuses the first step's array");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void recycledStepsComputeTheSameGradientsAsFreshOnes(DType dtype) {
        Tensor w1 = weight(dtype, IN, OUT), w2 = weight(dtype, OUT, OUT);
        Tensor x = Tensor.randn(dtype, rng, BATCH, IN);
        // A recorded pass recycles nothing, so it is the reference.
        step(x, w1, w2, new ArrayList<>()).backward(Tensor.ones(dtype), true);
        double[] g1 = w1.grad().toArray(), g2 = w2.grad().toArray();
        for (int s = 0; s < 3; s++) {
            w1.zeroGrad();
            w2.zeroGrad();
            step(x, w1, w2, new ArrayList<>()).backward();
            assertArrayEquals(g1, w1.grad.toArray(), "step " + s);
            assertArrayEquals(g2, w2.grad.toArray(), "step " + s);
        }
    }

    @Test
    void gradientsAccumulateAcrossPassesIntoTheSameValues() {
        Tensor w1 = weight(DType.FLOAT64, IN, OUT), w2 = weight(DType.FLOAT64, OUT, OUT);
        Tensor x = Tensor.randn(DType.FLOAT64, rng, BATCH, IN);
        step(x, w1, w2, new ArrayList<>()).backward();
        double[] once = w1.grad.toArray();
        step(x, w1, w2, new ArrayList<>()).backward();
        double[] twice = w1.grad().toArray();
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 0, "element " + i);
        }
    }

    @Test
    void theCallersUpstreamGradientIsNeverRecycled() {
        Tensor w = weight(DType.FLOAT64, IN, OUT);
        Tensor x = Tensor.randn(DType.FLOAT64, rng, BATCH, IN);
        Tensor upstream = Tensor.randn(DType.FLOAT64, rng, BATCH, OUT);
        double[] before = upstream.toArray();
        for (int s = 0; s < 3; s++) {
            w.zeroGrad();
            x.matmul(w).relu().mul(2).backward(upstream);
        }
        assertArrayEquals(before, upstream.toArray());
    }

    @Test
    void anUpstreamGradientAUserFunctionSawIsNeverRecycled() {
        List<Tensor> seen = new ArrayList<>();
        Function keepUpstream = function(in -> in[0].mul(1.0), (upstream, in, out) -> {
            seen.add(upstream);
            return new Tensor[] {upstream.mul(1.0)};
        });
        Tensor w = weight(DType.FLOAT64, IN, OUT);
        List<double[]> values = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            w.zeroGrad();
            Tensor x = Tensor.randn(DType.FLOAT64, rng, BATCH, IN);
            Tensor.apply(keepUpstream, x.matmul(w)).relu().mul(3).sum().backward();
            values.add(seen.get(s).toArray());
        }
        for (int s = 0; s < 3; s++) {
            assertArrayEquals(values.get(s), seen.get(s).toArray(), "step " + s);
        }
    }

    @Test
    void anArrayReturnedTwiceIsRefused() {
        double[] array = new double[ArrayPool.MIN_LENGTH];
        ArrayPool.give(array);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArrayPool.give(array));
        assertEquals("backward: an array of 1024 elements was returned to the pool twice", e.getMessage());
    }

    @Test
    void shortArraysAreLeftToTheCollector() {
        ArrayPool.give(new double[ArrayPool.MIN_LENGTH - 1]);
        assertEquals(0, ArrayPool.held());
        assertSame(null, ArrayPool.doubles(ArrayPool.MIN_LENGTH - 1));
    }

    @Test
    void anomalyModeStillNamesTheOpWhoseBackwardMadeTheNaN() {
        Tensor w = weight(DType.FLOAT64, IN, OUT);
        Tensor x = Tensor.zeros(BATCH, IN);
        w.zeroGrad();
        x.matmul(w).relu().mul(2).sum().backward();
        try (var on = Tensor.detectAnomaly()) {
            Tensor loss = x.matmul(w).sqrt().sum();
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().contains("'sqrt'"), e.getMessage());
        }
    }

    private static void descend(Tensor... weights) {
        try (var off = Tensor.noGrad()) {
            for (Tensor w : weights) {
                w.addInPlace(w.grad, -0.1);
            }
        }
    }
}

package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Gradient checkpointing: {@code Tensor.checkpoint} recomputes its function during backward. */
class CheckpointTest {
    private static final int[] ROW = {3};

    private static Tensor leaf(Random rng, DType dtype, double scale, int... shape) {
        return Tensor.randn(dtype, rng, shape).mul(scale).detach().requiresGrad(true);
    }

    private static Tensor layer(Tensor h, Tensor w) {
        return h.matmul(w).tanh();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void valuesAndGradientsAreBitIdenticalToThePlainFunction(DType dtype) {
        Random rng = new Random(1);
        Tensor x = leaf(rng, dtype, 1, 4, 5), w = leaf(rng, dtype, 0.5, 5, 3);
        Function<Tensor[], Tensor> f = in -> layer(in[0], in[1]).mul(in[0].sum());
        Tensor plain = f.apply(new Tensor[] {x, w});
        plain.mul(plain).sum().backward();
        double[] gx = x.grad().toArray(), gw = w.grad().toArray();
        x.zeroGrad();
        w.zeroGrad();
        Tensor checkpointed = Tensor.checkpoint(f, x, w);
        checkpointed.mul(checkpointed).sum().backward();
        assertArrayEquals(plain.toArray(), checkpointed.toArray());
        assertArrayEquals(gx, x.grad().toArray());
        assertArrayEquals(gw, w.grad().toArray());
        assertEquals(dtype, w.grad().dtype());
    }

    @Test
    void theForwardPassRecordsOneNodeOverTheInputsOnly() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor y = Tensor.checkpoint(in -> in[0].exp().mul(in[0]).tanh(), x);
        assertEquals("checkpoint", y.op());
        assertTrue(y.requiresGrad());
        assertSame(x, y.node.inputs[0]);
        assertEquals(1, y.node.inputs.length);
    }

    @Test
    void anInputThatNeedsNoGradientGetsNone() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor c = Tensor.of(new double[] {4, 5, 6}, 3);
        Tensor.checkpoint(in -> in[0].mul(in[1]), x, c).sum().backward();
        assertValues(x.grad(), ROW, 4, 5, 6);
        assertNull(c.grad());
    }

    @Test
    void aFunctionReturningItsInputPassesTheGradientThrough() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor.checkpoint(in -> in[0], x).mul(2).sum().backward();
        assertValues(x.grad(), ROW, 2, 2, 2);
    }

    @Test
    void secondDerivativesGoThroughTheRecomputation() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor y = Tensor.checkpoint(in -> in[0].mul(in[0]).mul(in[0]), x).sum();
        y.backward(Tensor.scalar(1), true);
        Tensor gx = x.grad();
        assertValues(gx, ROW, 3, 12, 27);
        x.zeroGrad();
        gx.sum().backward();
        assertValues(x.grad(), ROW, 6, 12, 18);
    }

    @Test
    void withoutRecordingItIsJustTheFunction() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        try (var off = Tensor.noGrad()) {
            Tensor y = Tensor.checkpoint(in -> in[0].mul(2), x);
            assertValues(y, ROW, 2, 4, 6);
            assertFalse(y.requiresGrad());
            assertNull(y.op());
        }
    }

    @Test
    void aCapturedWeightGetsItsGradientDuringTheRecomputation() {
        Random rng = new Random(2);
        Tensor x = leaf(rng, DType.FLOAT64, 1, 4, 5), w = leaf(rng, DType.FLOAT64, 0.5, 5, 3);
        layer(x, w).sum().backward();
        double[] gx = x.grad().toArray(), gw = w.grad().toArray();
        x.zeroGrad();
        w.zeroGrad();
        Tensor.checkpoint(in -> layer(in[0], w), x).sum().backward();
        assertArrayEquals(gx, x.grad().toArray());
        assertArrayEquals(gw, w.grad().toArray());
    }

    @Test
    void aWeightCapturedInsideAndUsedOutsideGetsBothShares() {
        // The inner pass orders w too, while the outer pass has yet to reach w through h.
        Random rng = new Random(3);
        Tensor x = leaf(rng, DType.FLOAT64, 1, 4, 3), w = leaf(rng, DType.FLOAT64, 0.5, 3, 3);
        Function<Tensor, Tensor> block = h -> layer(h, w);
        block.apply(x.matmul(w)).sum().backward();
        double[] gx = x.grad().toArray(), gw = w.grad().toArray();
        x.zeroGrad();
        w.zeroGrad();
        Tensor.checkpoint(in -> block.apply(in[0]), x.matmul(w)).sum().backward();
        assertArrayEquals(gx, x.grad().toArray());
        assertArrayEquals(gw, w.grad().toArray());
    }

    @Test
    void hooksInsideTheCheckpointedGraphRunOnceInTheOuterPass() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        List<double[]> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g.toArray());
            return g;
        });
        Tensor.checkpoint(in -> in[0].mul(in[0]), x).sum().backward();
        assertEquals(1, seen.size());
        assertArrayEquals(new double[] {2, 4, 6}, seen.get(0));
    }

    // ---------------------------------------------------------------- a deep MLP

    private static final int LAYERS = 100, BLOCK = 10, BATCH = 512, WIDTH = 64;

    /** The bytes reachable now, after collection, leaving out the arrays the pool keeps for later passes. */
    private static long liveBytes() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory() - ArrayPool.held();
    }

    /** The most live memory any probe saw, above the baseline. */
    private static final class Peak {
        final long base = liveBytes();
        long max;

        Tensor probe(Tensor g) {
            max = Math.max(max, liveBytes() - base);
            return g;
        }
    }

    /**
     * A 100-layer tanh MLP, each block of 10 layers checkpointed or not; probes the heap as backward starts and, in
     * each recomputation, when all of a block's intermediates exist.
     */
    private static Tensor mlp(Tensor x, Tensor[] w, boolean checkpointed, Peak peak) {
        Tensor h = x;
        for (int b = 0; b < LAYERS / BLOCK; b++) {
            int first = b * BLOCK;
            Function<Tensor[], Tensor> block = in -> {
                Tensor a = in[0];
                for (int l = 0; l < BLOCK; l++) {
                    a = layer(a, in[1 + l]);
                }
                if (peak != null && Tensor.isGradEnabled()) {
                    // Only the recomputation records: this is the moment the block's intermediates are all alive.
                    peak.probe(a);
                }
                return a;
            };
            Tensor[] inputs = new Tensor[1 + BLOCK];
            inputs[0] = h;
            System.arraycopy(w, first, inputs, 1, BLOCK);
            h = checkpointed ? Tensor.checkpoint(block, inputs) : block.apply(inputs);
        }
        if (peak != null) {
            h.registerHook(peak::probe);
        }
        return h.sum();
    }

    private static Tensor[] weights(Random rng) {
        Tensor[] w = new Tensor[LAYERS];
        for (int l = 0; l < LAYERS; l++) {
            w[l] = leaf(rng, DType.FLOAT64, 1.2 / Math.sqrt(WIDTH), WIDTH, WIDTH);
        }
        return w;
    }

    @Test
    void aCheckpointedDeepMlpHasBitIdenticalGradients() {
        Random rng = new Random(4);
        Tensor[] w = weights(rng);
        Tensor x = leaf(rng, DType.FLOAT64, 1, 32, WIDTH);
        mlp(x, w, false, null).backward();
        double[] gx = x.grad().toArray();
        List<double[]> gw = new ArrayList<>();
        for (Tensor wl : w) {
            gw.add(wl.grad().toArray());
            wl.zeroGrad();
        }
        x.zeroGrad();
        mlp(x, w, true, null).backward();
        assertArrayEquals(gx, x.grad().toArray());
        for (int l = 0; l < LAYERS; l++) {
            assertArrayEquals(gw.get(l), w[l].grad().toArray(), "layer " + l);
        }
        assertTrue(Math.abs(gw.get(0)[0]) > 1e-12, "the gradient reaches the first layer: " + gw.get(0)[0]);
    }

    @Test
    void aCheckpointedDeepMlpHoldsFarLessDuringBackward() {
        Random rng = new Random(5);
        Tensor[] w = weights(rng);
        Tensor x = Tensor.randn(DType.FLOAT64, rng, BATCH, WIDTH);
        // Two activations a layer (matmul's and tanh's), each BATCH x WIDTH doubles.
        long activations = 2L * LAYERS * BATCH * WIDTH * 8;

        ArrayPool.clear();
        Peak plain = new Peak();
        mlp(x, w, false, plain).backward();
        for (Tensor wl : w) {
            wl.zeroGrad();
        }
        ArrayPool.clear();
        Peak checkpointed = new Peak();
        mlp(x, w, true, checkpointed).backward();

        // Plain: every activation is alive when backward starts. Checkpointed: the 10 block outputs, one block's 20
        // recomputed activations, and the weights' gradients (a sixteenth of the activations).
        assertTrue(plain.max > 0.8 * activations, "plain peak " + plain.max + " of " + activations);
        assertTrue(checkpointed.max < 0.3 * activations, "checkpointed peak " + checkpointed.max + " of "
                + activations + " (plain " + plain.max + ")");
    }

    // ---------------------------------------------------------------- randomness

    /** A layer with dropout whose mask comes from a generator made inside from {@code seed}. */
    private static Function<Tensor[], Tensor> dropoutLayer(long seed) {
        return in -> {
            Tensor h = layer(in[0], in[1]);
            return h.mul(Tensor.dropoutMask(h.dtype(), new SplittableRandom(seed), 0.5, h.shape()));
        };
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void dropoutSeededInsideTheFunctionDrawsTheSameMaskOnRecomputation(DType dtype) {
        Random rng = new Random(6);
        Tensor x = leaf(rng, dtype, 1, 8, 16), w = leaf(rng, dtype, 0.3, 16, 16);
        long seed = new SplittableRandom(7).nextLong();
        Function<Tensor[], Tensor> f = dropoutLayer(seed);
        Tensor plain = f.apply(new Tensor[] {x, w});
        plain.sum().backward();
        double[] gx = x.grad().toArray(), gw = w.grad().toArray();
        x.zeroGrad();
        w.zeroGrad();
        Tensor checkpointed = Tensor.checkpoint(f, x, w);
        checkpointed.sum().backward();
        assertArrayEquals(plain.toArray(), checkpointed.toArray());
        assertArrayEquals(gx, x.grad().toArray());
        assertArrayEquals(gw, w.grad().toArray());
        long dropped = java.util.Arrays.stream(plain.toArray()).filter(v -> v == 0).count();
        assertTrue(dropped > 20 && dropped < 108, "about half of the 128 values dropped: " + dropped);
    }

    private static final String MUST = "; f must compute the same values from the same inputs (draw random tensors"
            + " with Tensor.dropoutMask or Tensor.rand from a SplittableRandom, which a checkpoint replays, or from a"
            + " generator made inside f from a seed fixed outside it)";

    /** What nn's dropout does: a mask from a generator the layer keeps, advanced at every forward. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void aMaskFromAGeneratorOutsideTheFunctionIsReplayedNotDrawnAgain(DType dtype) {
        Random rng = new Random(6);
        Tensor x = leaf(rng, dtype, 1, 8, 16), w = leaf(rng, dtype, 0.3, 16, 16);
        SplittableRandom layers = new SplittableRandom(3), plainLayers = new SplittableRandom(3);
        Function<Tensor[], Tensor> f = in -> {
            Tensor h = layer(in[0], in[1]);
            return h.mul(Tensor.dropoutMask(h.dtype(), layers, 0.5, h.shape()));
        };
        Tensor h = layer(x, w);
        Tensor plain = h.mul(Tensor.dropoutMask(h.dtype(), plainLayers, 0.5, h.shape()));
        plain.sum().backward();
        double[] gx = x.grad().toArray(), gw = w.grad().toArray();
        x.zeroGrad();
        w.zeroGrad();
        Tensor checkpointed = Tensor.checkpoint(f, x, w);
        checkpointed.sum().backward();
        assertArrayEquals(plain.toArray(), checkpointed.toArray());
        assertArrayEquals(gx, x.grad().toArray());
        assertArrayEquals(gw, w.grad().toArray());
        // The recomputation took the forward's mask: the generator moved on once, as the plain one did.
        assertEquals(plainLayers.nextLong(), layers.nextLong());
    }

    @Test
    void nestedCheckpointsEachReplayTheirOwnDraws() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 4).requiresGrad(true);
        SplittableRandom g = new SplittableRandom(1), same = new SplittableRandom(1);
        Tensor y = Tensor.checkpoint(outer -> {
            Tensor a = outer[0].mul(Tensor.rand(DType.FLOAT64, g, 4));
            return Tensor.checkpoint(inner -> inner[0].mul(Tensor.rand(DType.FLOAT64, g, 4)), a);
        }, x);
        y.sum().backward();
        Tensor r1 = Tensor.rand(DType.FLOAT64, same, 4), r2 = Tensor.rand(DType.FLOAT64, same, 4);
        assertArrayEquals(r1.mul(r2).toArray(), x.grad().toArray());
        assertEquals(same.nextLong(), g.nextLong());
    }

    @Test
    void aFunctionThatDrawsFromAnotherGeneratorOutsideItIsCaughtInBackward() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 4).requiresGrad(true);
        Random shared = new Random(1);
        Tensor y = Tensor.checkpoint(in -> in[0].mul(Tensor.rand(DType.FLOAT64, shared, 4)), x);
        double first = y.get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("checkpoint: recomputing f during backward gave element 0 = "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(" where the forward pass gave " + first + MUST), e.getMessage());
    }

    @Test
    void aRecomputationThatDrawsOtherwiseIsCaught() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 4).requiresGrad(true);
        SplittableRandom g = new SplittableRandom(1);
        int[] calls = {0};
        Tensor y = Tensor.checkpoint(in -> calls[0]++ == 0 ? in[0].mul(Tensor.rand(DType.FLOAT64, g, 4)) : in[0], x);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("checkpoint: recomputing f during backward gave 0 random draws where the forward pass made 1"
                + MUST, e.getMessage());
        int[] zCalls = {0};
        Tensor z = Tensor.checkpoint(in -> in[0].mul(Tensor.rand(DType.FLOAT64, g, zCalls[0]++ == 0 ? 4 : 2,
                zCalls[0] == 1 ? 1 : 2).reshape(4)), x);
        e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertEquals("checkpoint: recomputing f during backward gave a draw (Tensor.rand) of a FLOAT64 tensor of"
                + " shape [2, 2] where the forward pass drew a FLOAT64 one of shape [4, 1]" + MUST, e.getMessage());
    }

    @Test
    void aFunctionGivingAnotherShapeOnRecomputationIsCaught() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 4).requiresGrad(true);
        int[] calls = {0};
        Tensor y = Tensor.checkpoint(in -> calls[0]++ == 0 ? in[0] : in[0].reshape(2, 2), x);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("checkpoint: recomputing f during backward gave a FLOAT64 output of shape [2, 2] where the"
                + " forward pass gave a FLOAT64 one of shape [4]" + MUST, e.getMessage());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void aWeightCapturedWhenNoInputRequiresGradIsRefused() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.checkpoint(in -> in[0].mul(w), Tensor.ones(3)));
        assertEquals("checkpoint: f reads a tensor that requires grad, but none of its 1 inputs does; pass that tensor"
                + " (a weight, say) as an input", e.getMessage());
    }

    @Test
    void noInputRequiringGradAndNoneCapturedIsJustTheFunction() {
        Tensor y = Tensor.checkpoint(in -> in[0].mul(2), Tensor.ones(3));
        assertValues(y, ROW, 2, 2, 2);
        assertFalse(y.requiresGrad());
    }

    @Test
    void aFunctionReturningNullIsRefused() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.checkpoint(in -> null, x));
        assertEquals("checkpoint: f returned null; it must return the output tensor", e.getMessage());
    }
}

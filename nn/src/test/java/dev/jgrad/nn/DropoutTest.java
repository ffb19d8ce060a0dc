package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DropoutTest {
    /** Dropout inside a checkpointed block drops on recomputation what it dropped in the forward pass. */
    @Test
    void insideACheckpointTheRecomputationReusesTheForwardsMask() {
        Random rng = new Random(4);
        Tensor x = Tensor.randn(rng, 6, 8).requiresGrad(true);
        Dense dense = new Dense(8, 8, Init.XAVIER_UNIFORM, rng);
        Module plain = new Sequential(dense, Activation.tanh(), new Dropout(0.5, 9L));
        Module block = new Sequential(dense, Activation.tanh(), new Dropout(0.5, 9L));
        plain.forward(x).sum().backward();
        double[] gx = x.grad().toArray(), gw = dense.weight().grad().toArray();
        x.zeroGrad();
        dense.weight().zeroGrad();
        Tensor.checkpoint(in -> block.forward(in[0]), x).sum().backward();
        assertArrayEquals(gx, x.grad().toArray());
        assertArrayEquals(gw, dense.weight().grad().toArray());
    }

    @Test
    void keepsTheExpectedValue() {
        Tensor y = new Dropout(0.3, new Random(1)).forward(Tensor.ones(100_000));
        assertEquals(1.0, y.mean().item(), 0.01);
    }

    @Test
    void zeroesAboutPAndScalesTheRestByOneOverOneMinusP() {
        double[] y = new Dropout(0.25, new Random(2)).forward(Tensor.ones(10_000)).toArray();
        int zeros = 0;
        for (double v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.75, v, 1e-15);
            }
        }
        assertEquals(0.25, zeros / 10_000.0, 0.015);
    }

    @Test
    void gradientIsTheSameMask() {
        Tensor x = Tensor.ones(50).requiresGrad(true);
        Tensor y = new Dropout(0.5, new Random(4)).forward(x);
        y.sum().backward();
        assertArrayEquals(y.toArray(), x.grad().toArray());
    }

    @Test
    void aFourDimensionalBatchOfImagesKeepsItsShapeAndGetsTheMaskOfItsElementsInOrder() {
        Tensor images = Tensor.ones(2, 3, 4, 5);

        Tensor y = new Dropout(0.25, 21L).forward(images);

        assertArrayEquals(new int[] {2, 3, 4, 5}, y.shape());
        assertArrayEquals(new Dropout(0.25, 21L).forward(Tensor.ones(120)).toArray(), y.toArray());
        int zeros = 0;
        for (double v : y.toArray()) {
            assertTrue(v == 0 || v == 1 / 0.75, () -> "element " + v);
            zeros += v == 0 ? 1 : 0;
        }
        // 120 draws at p = 0.25: 30 expected, with a standard deviation of about 4.7.
        assertEquals(30, zeros, 15);
    }

    @Test
    void theGradientOfAFourDimensionalInputIsItsMask() {
        Tensor x = Tensor.ones(2, 1, 3, 4).requiresGrad(true);

        Tensor y = new Dropout(0.5, 5L).forward(x);
        y.sum().backward();

        assertArrayEquals(new int[] {2, 1, 3, 4}, x.grad().shape());
        assertArrayEquals(y.toArray(), x.grad().toArray());
    }

    @Test
    void sameSeedGivesSameMask() {
        Tensor x = Tensor.ones(20);
        assertArrayEquals(new Dropout(0.5, new Random(9)).forward(x).toArray(),
                new Dropout(0.5, new Random(9)).forward(x).toArray());
    }

    @Test
    void aSeedAndARandomThatDrawsItGiveTheSameMasks() {
        Tensor x = Tensor.ones(64, 64);
        long seed = new Random(9).nextLong();
        Dropout fromSeed = new Dropout(0.5, seed), fromRandom = new Dropout(0.5, new Random(9));
        for (int step = 0; step < 3; step++) {
            assertArrayEquals(fromSeed.forward(x).toArray(), fromRandom.forward(x).toArray(), "step " + step);
        }
    }

    @Test
    void successiveForwardsDrawNewMasks() {
        Dropout drop = new Dropout(0.5, 3L);
        Tensor x = Tensor.ones(1000);
        assertFalse(java.util.Arrays.equals(drop.forward(x).toArray(), drop.forward(x).toArray()));
    }

    @Test
    void evalIsTheIdentity() {
        Tensor x = Tensor.ones(3);
        Module drop = new Dropout(0.9, new Random(0)).eval();
        assertSame(x, drop.forward(x));
    }

    @Test
    void pZeroKeepsEverythingAndPOneDropsEverything() {
        Tensor x = Tensor.full(2, 4);
        assertArrayEquals(x.toArray(), new Dropout(0, new Random(0)).forward(x).toArray());
        assertArrayEquals(new double[4], new Dropout(1, new Random(0)).forward(x).toArray());
    }

    @Test
    void pOutsideUnitIntervalRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, new Random(0)));
        assertEquals("Dropout: p 1.5 is outside [0, 1]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1, new Random(0)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN, new Random(0)))
                .getMessage().contains("NaN"));
    }

    @Test
    void gradientMatchesCentralDifferencesWithAFixedSeed() {
        GradCheck.assertGradients(in -> new Dropout(0.4, new Random(8)).forward(in[0]),
                Tensor.randn(new Random(1), 3, 5));
    }

    @Test
    void reseedGivesEveryRandomLayerMasksOfTheSeedsOwn() {
        Module net = new Sequential(new Dropout(0.5, new Random(1)), new RReLU(new Random(2)));
        Tensor x = Tensor.ones(2, 64).mul(-1.0);
        double[] first = net.reseed(7).forward(x).toArray();
        double[] again = net.forward(x).toArray();
        assertArrayEquals(first, net.reseed(7).forward(x).toArray(), 0.0);
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(again));
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(net.reseed(8).forward(x).toArray()));
    }
}

package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutMaskTest {

    @Test
    void dropsAboutTheFractionAskedAndScalesTheRest() {
        double[] mask = Tensor.dropoutMask(DType.FLOAT64, new SplittableRandom(1), 0.2, 100_000).toArray();
        int dropped = 0;
        for (double m : mask) {
            assertTrue(m == 0 || m == 1.25, "element " + m);
            dropped += m == 0 ? 1 : 0;
        }
        // 100,000 draws with p = 0.2: the standard deviation of the count is about 126.
        assertEquals(20_000, dropped, 600);
    }

    @Test
    void theSameGeneratorStateGivesTheSameMaskInEitherDType() {
        double[] f64 = Tensor.dropoutMask(DType.FLOAT64, new SplittableRandom(5), 0.3, 7, 9).toArray();
        Tensor f32 = Tensor.dropoutMask(DType.FLOAT32, new SplittableRandom(5), 0.3, 7, 9);
        assertEquals(DType.FLOAT32, f32.dtype());
        assertArrayEquals(new int[] {7, 9}, f32.shape());
        for (int i = 0; i < f64.length; i++) {
            assertEquals((float) f64[i], f32.toFloatArray()[i], 0, "element " + i);
        }
    }

    @Test
    void eachElementTakesHalfOfADraw() {
        SplittableRandom rng = new SplittableRandom(11);
        long first = rng.nextLong();
        long threshold = (long) Math.ceil(0.5 * 0x1p32);
        double[] expected = {first >>> 32 >= threshold ? 2 : 0, (first & 0xFFFF_FFFFL) >= threshold ? 2 : 0};
        assertArrayEquals(expected, Tensor.dropoutMask(DType.FLOAT64, new SplittableRandom(11), 0.5, 2).toArray());
    }

    @Test
    void randFromASplittableRandomTakesItsDrawsInOrder() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] expected = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
        assertArrayEquals(expected, Tensor.rand(DType.FLOAT64, new SplittableRandom(3), 3).toArray());
        float[] f32 = Tensor.rand(DType.FLOAT32, new SplittableRandom(3), 3).toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertEquals((float) expected[i], f32[i], 0, "element " + i);
        }
        assertEquals("Tensor.rand: rng is null", assertThrows(IllegalArgumentException.class,
                () -> Tensor.rand(DType.FLOAT64, (SplittableRandom) null, 3)).getMessage());
    }

    @Test
    void pZeroKeepsEverything() {
        assertArrayEquals(new double[] {1, 1, 1}, Tensor.dropoutMask(DType.FLOAT64, new SplittableRandom(0), 0, 3)
                .toArray());
    }

    @Test
    void badArgumentsAreNamed() {
        SplittableRandom rng = new SplittableRandom(0);
        assertEquals("Tensor.dropoutMask: p 1.0 is outside [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> Tensor.dropoutMask(DType.FLOAT64, rng, 1, 3)).getMessage());
        assertEquals("Tensor.dropoutMask: p NaN is outside [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> Tensor.dropoutMask(DType.FLOAT64, rng, Double.NaN, 3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.dropoutMask(DType.FLOAT64, rng, 0.5, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.dropoutMask(DType.FLOAT64, null, 0.5, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.dropoutMask(null, rng, 0.5, 3));
    }
}

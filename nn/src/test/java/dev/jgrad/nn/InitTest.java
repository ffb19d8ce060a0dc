package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitTest {
    private static final int FAN_IN = 200;
    private static final int FAN_OUT = 100;

    private static double std(Init init) {
        Tensor w = init.sample(new Random(11), FAN_IN, FAN_OUT, FAN_IN, FAN_OUT);
        return Math.sqrt(w.pow(2).mean().item() - Math.pow(w.mean().item(), 2));
    }

    /** 20,000 draws estimate a standard deviation to well within 2 %. */
    private static void assertStd(double expected, Init init) {
        assertEquals(expected, std(init), 0.02 * expected, init.name());
    }

    @Test
    void zerosAreZero() {
        assertArrayEquals(new double[6], Init.ZEROS.sample(new Random(0), 2, 3, 2, 3).toArray());
    }

    @Test
    void smallRandomHasStd0Point01() {
        assertStd(0.01, Init.SMALL_RANDOM);
    }

    @Test
    void xavierVarianceIsTwoOverFanInPlusFanOut() {
        double expected = Math.sqrt(2.0 / (FAN_IN + FAN_OUT));
        assertStd(expected, Init.XAVIER_NORMAL);
        assertStd(expected, Init.XAVIER_UNIFORM);
    }

    @Test
    void heVarianceIsTwoOverFanIn() {
        double expected = Math.sqrt(2.0 / FAN_IN);
        assertStd(expected, Init.HE_NORMAL);
        assertStd(expected, Init.HE_UNIFORM);
    }

    @Test
    void xavierUniformStaysInsideItsBound() {
        Tensor w = Init.XAVIER_UNIFORM.sample(new Random(2), 3, 3, 50, 50);
        assertTrue(w.abs().max().item() <= 1.0);
        assertTrue(w.abs().max().item() > 0.95);
    }
}

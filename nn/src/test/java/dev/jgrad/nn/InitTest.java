package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitTest {
    private static final int FAN_IN = 200;
    private static final int FAN_OUT = 100;

    private static Tensor draw(Init init) {
        return init.sample(new Random(11), FAN_IN, FAN_OUT, FAN_IN, FAN_OUT);
    }

    private static double mean(Tensor w) {
        return w.mean().item();
    }

    private static double std(Tensor w) {
        return Math.sqrt(w.pow(2).mean().item() - Math.pow(mean(w), 2));
    }

    /** 20,000 draws estimate a standard deviation to well within 2 %. */
    private static void assertStd(double expected, Init init) {
        assertEquals(expected, std(draw(init)), 0.02 * expected);
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

    @Test
    void uniformFillsItsRangeWithTheMeanAtTheMiddle() {
        Tensor w = draw(Init.uniform(-1, 3));
        double min = w.neg().max().item() * -1;
        assertTrue(min >= -1 && min < -0.99, "min " + min);
        assertTrue(w.max().item() < 3 && w.max().item() > 2.99, "max " + w.max().item());
        // U(a, b) has mean (a + b) / 2 = 1 and std (b - a) / sqrt(12) = 1.1547; 20,000 draws are within 2 %.
        assertEquals(1.0, mean(w), 0.02);
        assertEquals(4 / Math.sqrt(12), std(w), 0.02 * 4 / Math.sqrt(12));
    }

    @Test
    void normalHasTheGivenMeanAndStd() {
        Tensor w = draw(Init.normal(5, 0.5));
        // the mean of 20,000 draws has a standard error of 0.5 / sqrt(20000) = 0.0035
        assertEquals(5.0, mean(w), 0.015);
        assertEquals(0.5, std(w), 0.01);
    }

    @Test
    void theNamedSchemesAreTheParametricOnesWithTheirBounds() {
        double a = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        assertArrayEquals(draw(Init.uniform(-a, a)).toArray(), draw(Init.XAVIER_UNIFORM).toArray());
        assertArrayEquals(draw(Init.normal(0, Math.sqrt(2.0 / FAN_IN))).toArray(), draw(Init.HE_NORMAL).toArray());
    }

    @Test
    void aLambdaIsAnInitGivenTheLayersFansAndShape() {
        List<String> calls = new ArrayList<>();
        Init lecun = (rng, fanIn, fanOut, shape) -> {
            calls.add(fanIn + " -> " + fanOut + " " + Arrays.toString(shape));
            return Tensor.randn(rng, shape).mul(Math.sqrt(1.0 / fanIn));
        };
        Dense layer = new Dense(4, 3, lecun, new Random(5));

        assertEquals(List.of("4 -> 3 [4, 3]"), calls);
        assertArrayEquals(Tensor.randn(new Random(5), 4, 3).mul(0.5).toArray(), layer.weight().toArray());
    }

    @Test
    void sampleReturnsWhatTheSchemeDrew() {
        Tensor drawn = Tensor.ones(2, 2);
        assertSame(drawn, ((Init) (rng, fanIn, fanOut, shape) -> drawn).sample(new Random(0), 1, 1, 2, 2));
    }

    @Test
    void aSchemeReturningAnotherShapeIsRejected() {
        Init wrong = (rng, fanIn, fanOut, shape) -> Tensor.zeros(3);
        var e = assertThrows(IllegalArgumentException.class, () -> wrong.sample(new Random(0), 2, 2, 2, 2));
        assertEquals("Init.sample: the scheme returned a tensor of shape [3] for shape [2, 2]", e.getMessage());
        Init none = (rng, fanIn, fanOut, shape) -> null;
        e = assertThrows(IllegalArgumentException.class, () -> none.sample(new Random(0), 2, 2, 2, 2));
        assertEquals("Init.sample: the scheme returned null for shape [2, 2]", e.getMessage());
    }

    @Test
    void nonPositiveFansAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Init.HE_NORMAL.sample(new Random(0), 0, 3, 2));
        assertEquals("Init.sample: fan-in 0 and fan-out 3 must be positive", e.getMessage());
    }

    @Test
    void uniformNeedsFiniteLoBelowHi() {
        var e = assertThrows(IllegalArgumentException.class, () -> Init.uniform(1, 1));
        assertEquals("Init.uniform: bounds [1.0, 1.0) need finite lo < hi", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Init.uniform(0, Double.POSITIVE_INFINITY));
        assertEquals("Init.uniform: bounds [0.0, Infinity) need finite lo < hi", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(Double.NaN, 1));
    }

    @Test
    void normalNeedsAPositiveFiniteStdAndAFiniteMean() {
        var e = assertThrows(IllegalArgumentException.class, () -> Init.normal(0, 0));
        assertEquals("Init.normal: mean 0.0 and std 0.0 need a finite mean and a positive, finite std",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Init.normal(0, -1));
        assertThrows(IllegalArgumentException.class, () -> Init.normal(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Init.normal(Double.POSITIVE_INFINITY, 1));
    }
}

package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FusedUpdateTest {

    /** A leaf requiring grad whose gradient is exactly {@code g}, the gradient of {@code sum(p * g)}. */
    private static Tensor withGradient(Tensor values, Tensor g) {
        Tensor p = values.requiresGrad(true);
        p.mul(g).sum().backward();
        return p;
    }

    private static Tensor leaf(double... v) {
        return withGradient(Tensor.of(v, v.length), Tensor.of(new double[v.length], v.length).add(0.5));
    }

    @Test
    void sgdStepsAgainstTheGradientWithCoupledWeightDecay() {
        Tensor p = withGradient(Tensor.of(new double[] {1, 2}, 2), Tensor.of(new double[] {0.5, -1}, 2));
        try (var off = Tensor.noGrad()) {
            FusedUpdate.sgd(p, 0.1, 0.5);   // g + 0.5 p = [1, 0]
        }
        assertArrayEquals(new double[] {0.9, 2.0}, p.toArray(), 1e-15);
        assertArrayEquals(new double[] {0.5, -1}, p.grad().toArray(), "the gradient itself is left as it was");
    }

    @Test
    void adamsFirstStepMovesByTheLearningRateAndSetsBothMoments() {
        Tensor p = withGradient(Tensor.of(new double[] {1, 1}, 2), Tensor.of(new double[] {2, -4}, 2));
        Tensor m = Tensor.zeros(2), v = Tensor.zeros(2);
        try (var off = Tensor.noGrad()) {
            FusedUpdate.adam(p, m, v, 1, 0.01, 0.9, 0.999, 1e-8, 0);
        }
        assertArrayEquals(new double[] {0.99, 1.01}, p.toArray(), 1e-9);
        assertArrayEquals(new double[] {0.2, -0.4}, m.toArray(), 1e-15);
        assertArrayEquals(new double[] {0.004, 0.016}, v.toArray(), 1e-15);
    }

    @Test
    void adamWShrinksTheParameterBeforeTheAdamStep() {
        Tensor p = withGradient(Tensor.of(new double[] {2}, 1), Tensor.of(new double[] {3}, 1));
        try (var off = Tensor.noGrad()) {
            FusedUpdate.adamW(p, Tensor.zeros(1), Tensor.zeros(1), 1, 0.1, 0.9, 0.999, 1e-8, 0.5);
        }
        assertArrayEquals(new double[] {2 * (1 - 0.1 * 0.5) - 0.1}, p.toArray(), 1e-9);
    }

    /**
     * Across FLOAT32's blocks (a length that is not a multiple of one), each element gets the bits of Adam's
     * formula written with tensor ops.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void adamGivesTheBitsOfItsOpByOpFormulaOverSeveralSteps(DType dtype) {
        Random rng = new Random(3);
        Tensor start = Tensor.randn(dtype, rng, 2500);
        Tensor p = start.mul(1.0), q = start.mul(1.0);
        Tensor m = Tensor.zeros(dtype, 2500), v = Tensor.zeros(dtype, 2500);
        Tensor mq = Tensor.zeros(dtype, 2500), vq = Tensor.zeros(dtype, 2500);
        for (int t = 1; t <= 3; t++) {
            Tensor g = Tensor.randn(dtype, rng, 2500);
            p.zeroGrad();
            withGradient(p, g);
            try (var off = Tensor.noGrad()) {
                FusedUpdate.adam(p, m, v, t, 1e-3, 0.9, 0.999, 1e-8, 0.01);
                Tensor gd = g.add(q.mul(0.01));
                mq.mulInPlace(0.9).addInPlace(gd, 1 - 0.9);
                vq.mulInPlace(0.999).addInPlace(gd.pow(2), 1 - 0.999);
                Tensor mHat = mq.div(1 - Math.pow(0.9, t)), vHat = vq.div(1 - Math.pow(0.999, t));
                q.addInPlace(mHat.div(vHat.sqrt().add(1e-8)), -1e-3);
            }
        }
        assertArrayEquals(q.toArray(), p.toArray());
        assertArrayEquals(mq.toArray(), m.toArray());
        assertArrayEquals(vq.toArray(), v.toArray());
        assertEquals(dtype, p.dtype());
    }

    @Test
    void hasGradSaysWhetherABackwardPassReachedTheParameter() {
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        assertFalse(p.hasGrad());
        p.sum().backward();
        assertTrue(p.hasGrad());
        p.zeroGrad();
        assertFalse(p.hasGrad());
    }

    @Test
    void anUpdateCountsAsAnInPlaceChangeOfTheParameter() {
        Tensor p = leaf(1, 2);
        Tensor saved = p.mul(p);
        try (var off = Tensor.noGrad()) {
            FusedUpdate.rmsProp(p, Tensor.zeros(2), 0.1, 0.9, 1e-8, 0);
        }
        var e = assertThrows(IllegalStateException.class, () -> saved.sum().backward());
        assertEquals("backward of 'mul': input 0 of shape [2] was modified in place after it was saved for backward"
                + " (version 0, now 1); change a copy instead, or update parameters only after backward() has run",
                e.getMessage());
    }

    static Stream<Arguments> rejected() {
        Tensor p = leaf(1, 2);
        Tensor noGradient = Tensor.zeros(2).requiresGrad(true);
        Tensor computed = leaf(1, 2).mul(2);
        Tensor z = Tensor.zeros(2);
        return Stream.of(
                rejects(IllegalArgumentException.class, "FusedUpdate.adam: parameter is null",
                        () -> FusedUpdate.adam(null, z, z, 1, 0.1, 0.9, 0.999, 1e-8, 0)),
                rejects(IllegalArgumentException.class, "FusedUpdate.sgd: velocity is null",
                        () -> FusedUpdate.sgd(p, null, 0.1, 0.9, false, 0)),
                rejects(IllegalStateException.class, "FusedUpdate.sgd: the parameter of shape [2] has no gradient:"
                        + " run backward() first, or skip parameters without one (Tensor.hasGrad)",
                        () -> FusedUpdate.sgd(noGradient, 0.1, 0)),
                rejects(IllegalArgumentException.class, "FusedUpdate.adamW: second moment [3] FLOAT64 does not match"
                        + " the parameter, [2] FLOAT64",
                        () -> FusedUpdate.adamW(p, z, Tensor.zeros(3), 1, 0.1, 0.9, 0.999, 1e-8, 0)),
                rejects(IllegalArgumentException.class, "FusedUpdate.rmsProp: mean square [2] FLOAT32 does not"
                        + " match the parameter, [2] FLOAT64",
                        () -> FusedUpdate.rmsProp(p, Tensor.zeros(DType.FLOAT32, 2), 0.1, 0.9, 1e-8, 0)),
                rejects(IllegalArgumentException.class, "FusedUpdate.adam: step 0 must be at least 1",
                        () -> FusedUpdate.adam(p, z, Tensor.zeros(2), 0, 0.1, 0.9, 0.999, 1e-8, 0)),
                rejects(IllegalArgumentException.class, "FusedUpdate.sgd: the velocity is the parameter itself",
                        () -> FusedUpdate.sgd(p, p, 0.1, 0.9, false, 0)),
                rejects(IllegalStateException.class, "FusedUpdate.sgd: the tensor of shape [2] was computed by"
                        + " 'mul'; only leaves can change in place (detach() it first)",
                        () -> FusedUpdate.sgd(computed, 0.1, 0)),
                rejects(IllegalStateException.class, "FusedUpdate.adam: the tensor of shape [2] was computed by"
                        + " 'mul'; only leaves can change in place (detach() it first)",
                        () -> FusedUpdate.adam(p, z, computed, 1, 0.1, 0.9, 0.999, 1e-8, 0)),
                rejects(IllegalStateException.class, "FusedUpdate.sgd: a leaf of shape [2] that requires grad"
                        + " changes in place only inside try (var off = Tensor.noGrad()) { ... }",
                        () -> FusedUpdate.sgd(p, 0.1, 0)));
    }

    private static Arguments rejects(Class<? extends Throwable> type, String message, Executable call) {
        return Arguments.of(type, message, call);
    }

    /** Every check runs with recording off unless the case is about recording, which it then switches on. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("rejected")
    void badInputIsRejectedNamingTheUpdate(Class<? extends Throwable> type, String message, Executable call) {
        Throwable e;
        if (message.contains("noGrad")) {
            e = assertThrows(type, call);
        } else {
            try (var off = Tensor.noGrad()) {
                e = assertThrows(type, call);
            }
        }
        assertEquals(message, e.getMessage());
    }
}

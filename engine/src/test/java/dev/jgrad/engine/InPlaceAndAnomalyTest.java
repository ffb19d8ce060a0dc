package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InPlaceAndAnomalyTest {

    @Test
    void optimizerStyleUpdatesWorkWithRecordingOff() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        w.mul(w).sum().backward();
        try (var off = Tensor.noGrad()) {
            w.addInPlace(w.grad(), -0.25).mulInPlace(2);
        }
        assertValues(w, new int[] {2}, 1, 2);
        try (var off = Tensor.noGrad()) {
            w.assign(Tensor.of(new double[] {5, 6}, 2));
        }
        assertValues(w, new int[] {2}, 5, 6);
    }

    @Test
    void inPlaceUpdateOfALeafRequiringGradNeedsNoGrad() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertThrowsNaming(IllegalStateException.class, () -> w.mulInPlace(2), "mulInPlace", "[2]", "noGrad");
    }

    @Test
    void inPlaceUpdateOfAComputedTensorIsRejected() {
        Tensor y = Tensor.ones(2).requiresGrad(true).mul(2);
        try (var off = Tensor.noGrad()) {
            assertThrowsNaming(IllegalStateException.class, () -> y.addInPlace(Tensor.ones(2), 1), "addInPlace",
                    "'mul'");
        }
    }

    @Test
    void inPlaceUpdateWithTheWrongShapeIsRejected() {
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.ones(2).assign(Tensor.ones(3)), "assign",
                "[3]", "[2]");
    }

    @Test
    void changingASavedTensorBeforeBackwardIsCaughtNamingTheOp() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = w.exp().sum();
        try (var off = Tensor.noGrad()) {
            w.addInPlace(Tensor.ones(2), 1);
        }
        assertThrowsNaming(IllegalStateException.class, loss::backward, "exp", "modified in place", "[2]");
    }

    @Test
    void changingAViewOfASavedTensorIsCaughtToo() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = w.reshape(1, 2).log().sum();
        try (var off = Tensor.noGrad()) {
            w.detach().mulInPlace(3);
        }
        assertThrowsNaming(IllegalStateException.class, loss::backward, "log", "[1, 2]");
    }

    @Test
    void anomalyModeNamesTheFirstForwardThatProducesNaN() {
        Tensor x = Tensor.of(new double[] {1, -1}, 2).requiresGrad(true);
        try (var on = Tensor.detectAnomaly()) {
            assertThrowsNaming(IllegalStateException.class, () -> x.mul(2).sqrt().add(1), "anomaly", "'sqrt'", "NaN",
                    "[2]");
        }
        assertEquals(Double.NaN, x.sqrt().get(1));
    }

    @Test
    void anomalyModeNamesTheFirstBackwardThatProducesInfinity() {
        Tensor x = Tensor.of(new double[] {0, 4}, 2).requiresGrad(true);
        try (var on = Tensor.detectAnomaly()) {
            Tensor y = x.sqrt().sum();
            assertThrowsNaming(IllegalStateException.class, y::backward, "anomaly", "backward of 'sqrt'", "Infinity",
                    "[2]");
        }
    }

    @Test
    void anomalyModeIsOffByDefault() {
        Tensor x = Tensor.of(new double[] {-1}, 1);
        assertEquals(Double.NaN, x.log().item());
    }
}

package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import org.junit.jupiter.api.Test;

class GradCheckTest {

    private static final Tensor A = Tensor.of(new double[] {1, -2, 3, 0.5, 1.5, -1}, 2, 3);
    private static final Tensor B = Tensor.of(new double[] {2, 1, -1, 0.25, -3, 2}, 2, 3);

    @Test
    void aCorrectGradientPasses() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3);

        GradCheckResult r = GradCheck.check(in -> in[0].mul(in[0]).sum(), x);

        assertTrue(r.passed(), r::report);
        assertEquals(1, r.order());
        // d(sum x^2)/dx = 2x; the worst element is wherever rounding was largest, within 1e-8 of it.
        InputReport in = r.input(0);
        assertEquals(2 * x.get(in.worstIndex()), in.analytic(), 1e-12);
        assertEquals(in.analytic(), in.numerical(), 1e-8);
        assertTrue(in.relativeError() < 1e-9, () -> "relative error " + in.relativeError());
    }

    @Test
    void theRelativeErrorIsTheNormOfTheDifferenceOverTheSumOfNorms() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3);

        GradCheckResult r = GradCheck.check(in -> Tensor.apply(CustomOps.tripleWithSlip(0.1), in[0]), x);

        // ||1.1 g - g|| / (||g|| + ||1.1 g||) = 0.1 / 2.1 for any g.
        assertEquals(0.1 / 2.1, r.input(0).relativeError(), 1e-8);
        assertFalse(r.passed());
    }

    @Test
    void aBackwardOffByTwoInOneElementIsCaughtAndTheReportNamesTheInputAndTheElement() {
        // Flat element 5 of a [2, 3] input is [1, 2].
        TensorFunction f = in -> Tensor.apply(CustomOps.productWrongAt(5), in[0], in[1]);

        GradCheckResult r = GradCheck.check(f, A, B);

        assertTrue(r.input(0).passed(), r::report);
        InputReport wrong = r.input(1);
        assertFalse(wrong.passed());
        assertFalse(wrong.kinkSuspected());
        assertArrayEquals(new int[] {1, 2}, wrong.worstIndex());
        assertEquals(2 * wrong.numerical(), wrong.analytic(), 1e-8);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertGradients(f, A, B));
        assertTrue(e.getMessage().contains("input 1 [2, 3]: mismatch at element [1, 2]"), e::getMessage);
        assertTrue(e.getMessage().contains("do NOT match"), e::getMessage);
    }

    @Test
    void aKinkIsReportedAsANonDifferentiablePoint() {
        Tensor x = Tensor.of(new double[] {0.0, 1.0}, 2);

        GradCheckResult r = GradCheck.check(in -> in[0].relu(), x);

        InputReport in = r.input(0);
        assertFalse(in.passed());
        assertTrue(in.kinkSuspected());
        assertArrayEquals(new int[] {0}, in.worstIndex());
        // relu'(0) is taken as 0; the one-sided slopes of the weighted output are w and 0.
        assertEquals(0.0, in.analytic());
        assertEquals(0.0, in.leftDifference(), 1e-9);
        assertEquals(2 * in.numerical(), in.rightDifference(), 1e-6);
        assertTrue(r.report().contains("non-differentiable point suspected at element [0]"), r::report);
    }

    @Test
    void aClampBoundIsReportedAsANonDifferentiablePoint() {
        Tensor x = Tensor.of(new double[] {0.5, 1.0}, 2);

        GradCheckResult r = GradCheck.check(in -> in[0].clamp(-1, 1), x);

        assertTrue(r.input(0).kinkSuspected(), r::report);
        assertArrayEquals(new int[] {1}, r.input(0).worstIndex());
    }

    @Test
    void theFullJacobianModeNamesTheOutputElementToo() {
        Tensor x = Tensor.of(new double[] {2, 3}, 2);
        GradCheckOptions full = GradCheckOptions.defaults().withFullJacobian(true);

        GradCheckResult r = GradCheck.check(full, in -> Tensor.apply(CustomOps.PAIR_WRONG_JACOBIAN_ENTRY, in[0]), x);

        InputReport in = r.input(0);
        assertFalse(in.passed());
        assertEquals(1, in.outputElement());
        assertArrayEquals(new int[] {0}, in.worstIndex());
        assertEquals(1.0, in.numerical(), 1e-8);
        assertEquals(2.0, in.analytic());
        assertTrue(r.report().contains("at element [0] of output element [1]"), r::report);
    }

    @Test
    void theElementwiseModeComparesEachElementWithAtolAndRtol() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3);
        TensorFunction f = in -> Tensor.apply(CustomOps.tripleWithSlip(1e-5), in[0]);

        GradCheckResult loose = GradCheck.check(GradCheckOptions.defaults().withTolerances(0, 1e-4), f, x);
        GradCheckResult tight = GradCheck.check(GradCheckOptions.defaults().withTolerances(0, 1e-6), f, x);

        assertTrue(loose.passed(), loose::report);
        assertFalse(tight.passed());
        // |3.00003 - 3| / (1e-6 * 3) = 10 at every element.
        assertEquals(10, tight.input(0).elementExcess(), 1e-3);
        assertFalse(GradCheck.check(f, x).passed(), "a relative error of 5e-6 fails the default threshold");
    }

    @Test
    void aNonScalarOutputIsWeightedTheSameWayForTheSameSeed() {
        TensorFunction f = in -> in[0].mul(in[1]).exp();
        GradCheckOptions seeded = GradCheckOptions.defaults().withSeed(99);

        GradCheckResult first = GradCheck.check(seeded, f, A, B);
        GradCheckResult again = GradCheck.check(seeded, f, A, B);

        assertEquals(first.input(1).numerical(), again.input(1).numerical());
        assertEquals(first.input(1).analytic(), again.input(1).analytic());
    }

    @Test
    void everyWeightIsAtLeastAHalfInMagnitude() {
        for (double w : GradCheck.weighting(new int[] {4, 5, 5}, 7)) {
            assertTrue(Math.abs(w) >= 0.5 && Math.abs(w) < 1.5, () -> "weight " + w);
        }
        assertArrayEquals(new double[] {1.0}, GradCheck.weighting(new int[] {1, 1}, 7));
    }

    @Test
    void anInputTheOutputIgnoresHasAZeroGradientAndPasses() {
        GradCheckResult r = GradCheck.check(in -> in[0].mul(2.0), A, B);

        assertTrue(r.passed(), r::report);
        assertEquals(0.0, r.input(1).relativeError());
        assertEquals(0.0, r.input(1).analytic());
    }

    @Test
    void theCallersTensorsAreNeitherChangedNorGivenGradients() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);

        GradCheck.assertGradients(in -> in[0].exp(), x);
        GradCheck.assertGradGradients(in -> in[0].exp(), x);

        assertArrayEquals(new double[] {1, 2}, x.toArray());
        assertEquals(null, x.grad());
    }

    @Test
    void gradgradcheckPassesForACustomOpWithADifferentiableBackward() {
        Tensor x = Tensor.of(new double[] {1, -2, 0.5}, 3);

        GradCheckResult r = GradCheck.assertGradGradients(in -> Tensor.apply(CustomOps.CUBE, in[0]), x);

        assertEquals(2, r.order());
        assertEquals("upstream", r.input(1).name());
        assertTrue(r.maxRelativeError() < 1e-8, r::report);
    }

    @Test
    void gradgradcheckCatchesABackwardThatIsNotItselfDifferentiable() {
        Tensor x = Tensor.of(new double[] {1, -2, 0.5}, 3);
        TensorFunction f = in -> Tensor.apply(CustomOps.CUBE_WITH_CONSTANT_BACKWARD, in[0]);

        assertTrue(GradCheck.check(f, x).passed(), "its first derivatives are right");
        GradCheckResult r = GradCheck.gradgradcheck(f, x);

        assertFalse(r.input(0).passed());
        assertEquals(0.0, r.input(0).analytic(), "the detached backward has no second derivative");
        assertTrue(r.input(1).passed(), "the backward still depends on the upstream gradient correctly");
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertGradGradients(f, x));
        assertTrue(e.getMessage().startsWith("second derivatives do NOT match"), e::getMessage);
    }

    @Test
    void aDerivativeBelowTheRoundingNoiseOfCentralDifferencesPassesAndSaysSo() {
        // tanh''(1e-8) = -2e-8 next to a gradient of 1: central differences resolve it only to about 1e-10.
        Tensor x = Tensor.scalar(1e-8);

        GradCheckResult r = GradCheck.gradgradcheck(in -> in[0].tanh(), x);

        assertTrue(r.passed(), r::report);
        assertTrue(r.input(0).withinNumericalAccuracy());
        assertEquals(-2e-8, r.input(0).analytic(), 1e-15);
        assertTrue(r.report().contains("ok within numerical accuracy"), r::report);
    }

    @Test
    void aDerivativeBelowTheTruncationErrorOfCentralDifferencesPassesAndSaysSo() {
        // (x^3)' = 3x^2 = 4.8e-10 at 1.26e-5, while central differences are off by h^2 = 1e-12.
        Tensor x = Tensor.scalar(1.263e-5);

        GradCheckResult r = GradCheck.check(in -> Tensor.apply(CustomOps.CUBE, in[0]), x);

        assertTrue(r.passed(), r::report);
        assertTrue(r.input(0).withinNumericalAccuracy());
        // The allowance covers the true error, h^2, and is twice the gap between steps h and 2h (3h^2): 6e-12.
        assertEquals(6e-12, r.input(0).numericalAccuracy(), 1e-13);
    }

    @Test
    void aDerivativeThatRoundingHidesEntirelyPassesWithinNumericalAccuracy() {
        // sigmoid'(30) = 9.4e-14: sigmoid(30 + h) and sigmoid(30 - h) round to the same double, so the central
        // difference is exactly 0, which is as close as double precision can measure.
        GradCheckResult r = GradCheck.check(in -> in[0].sigmoid(), Tensor.scalar(30));

        assertTrue(r.passed(), r::report);
        assertTrue(r.input(0).withinNumericalAccuracy());
        assertEquals(9.357622968839299e-14, r.input(0).analytic(), 1e-15);
        assertEquals(0.0, r.input(0).numerical());
    }

    @Test
    void aZeroDerivativeAtAMinimumPassesThoughTheStepsAroundItAreRounded() {
        // (x + 1)^2 at x = -1: -1 + h and -1 - h are not h away from -1 in doubles, so the central difference of a
        // function curved there is about 1e-16 instead of 0; the analytic derivative is exactly 0.
        GradCheckResult r = GradCheck.check(in -> in[0].add(1.0).pow(2), Tensor.scalar(-1));

        assertTrue(r.passed(), r::report);
        assertEquals(0.0, r.input(0).analytic());
        assertTrue(Math.abs(r.input(0).numerical()) < 1e-15, r::report);
    }

    @Test
    void aWrongGradientOfSizeOneIsNotMistakenForNumericalError() {
        GradCheckResult r = GradCheck.check(in -> Tensor.apply(CustomOps.tripleWithSlip(1e-6), in[0]),
                Tensor.scalar(0.7));

        assertFalse(r.passed(), r::report);
        assertFalse(r.input(0).withinNumericalAccuracy());
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(in -> in[0]));
        assertTrue(none.getMessage().contains("at least one input"), none::getMessage);

        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(in -> in[0], Tensor.of(new double[] {1, Double.NaN}, 2)));
        assertTrue(nan.getMessage().contains("input 0 of shape [2] holds NaN"), nan::getMessage);

        IllegalStateException moving = assertThrows(IllegalStateException.class, () -> GradCheck.check(
                in -> Tensor.zeros(in[0].get(0) > 1 ? 2 : 3), Tensor.of(new double[] {1}, 1)));
        assertTrue(moving.getMessage().contains("output shape changed from [3] to [2]"), moving::getMessage);

        assertThrows(IllegalArgumentException.class, () -> GradCheckOptions.defaults().withStep(0));
        assertThrows(IllegalArgumentException.class, () -> GradCheckOptions.defaults().withThreshold(-1));
        assertThrows(IllegalArgumentException.class, () -> GradCheckOptions.defaults().withTolerances(0, 0));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        GradCheckOptions d = GradCheckOptions.defaults();

        assertEquals(1e-6, d.step());
        assertEquals(1e-7, d.threshold());
        assertEquals(GradCheckOptions.Mode.RELATIVE_NORM, d.mode());
        assertFalse(d.fullJacobian());
    }
}

package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradCheckFloat32Test {

    private static final double RTOL = GradCheckOptions.FLOAT32_RTOL;
    private static final Tensor X = Tensor.of(new double[] {0.5, -1.25, 2, 0.1}, 4);

    @Test
    void aCorrectOpPassesKeepsFloat32AndAgreesToAboutAnUlp() {
        Tensor a = Tensor.randn(new Random(1), 3, 4);
        Tensor b = Tensor.randn(new Random(2), 4, 2);

        Float32CheckResult r = GradCheck.assertFloat32(in -> in[0].matmul(in[1]).tanh(), a, b);

        assertEquals(1, r.order());
        assertEquals(DType.FLOAT32, r.output().dtype());
        assertEquals(DType.FLOAT32, r.input(0).dtype());
        assertEquals(DType.FLOAT32, r.input(1).dtype());
        assertArrayEquals(new int[] {3, 2}, r.output().shape());
        // A matmul of 4 products and a tanh: a few unit roundoffs (6e-8) of the scale.
        assertTrue(r.output().relativeDifference() > 0 && r.output().relativeDifference() < 1e-6, r::report);
        assertTrue(r.maxGradientDifference() > 0 && r.maxGradientDifference() < 1e-6, r::report);
        assertTrue(r.report().startsWith("float32 values and first derivatives match float64 (|f32 - f64| <= 9.54e-07"
                + " + 6.10e-05 * (|f64| + scale), FLOAT32 kept)"), r::report);
    }

    @Test
    void bothRunsSeeTheInputsRoundedToFloat() {
        // 1 + 2^-30 rounds to 1 in float: float64 on the unrounded value would differ from float32 by 2^-30 * e.
        Tensor x = Tensor.of(new double[] {1 + 0x1p-30}, 1);

        Float32CheckResult r = GradCheck.checkFloat32(in -> in[0].exp(), x);

        assertEquals(Math.exp(1), r.output().float64(), 1e-15);
        assertEquals((float) Math.exp(1), r.output().float32(), 0.0);
    }

    @Test
    void secondDerivativesPassForACorrectOpAndReportTheUpstreamToo() {
        Float32CheckResult r = GradCheck.assertFloat32GradGradients(in -> Tensor.apply(CustomOps.CUBE, in[0]), X);

        assertEquals(2, r.order());
        assertNull(r.output());
        assertEquals(List.of("input 0", "upstream"), r.inputs().stream().map(Float32Report::name).toList());
        assertEquals(DType.FLOAT32, r.input(0).dtype());
        assertTrue(r.report().startsWith("float32 second derivatives match float64"), r::report);
    }

    @Test
    void aFloat32ForwardThatComputesSomethingElseFailsAtItsWorstElement() {
        // 2x (1 + 1e-3) in float32: every element is off by 1e-3 of itself, far beyond 512 float ulps.
        TensorFunction f = in -> Tensor.apply(CustomOps.doubleWithFloat32Slip(1e-3, 0), in[0]);

        Float32CheckResult r = GradCheck.checkFloat32(f, X);

        assertFalse(r.passed());
        assertFalse(r.output().passed());
        assertTrue(r.input(0).passed(), r::report);
        assertArrayEquals(new int[] {2}, r.output().worstIndex());
        assertEquals(4.004, r.output().float32(), 1e-6);
        assertEquals(4.0, r.output().float64(), 0.0);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertFloat32(f, X));
        assertTrue(e.getMessage().contains("do NOT match"), e::getMessage);
        assertTrue(e.getMessage().contains("output [4]: mismatch at element [2]: float32 4.004000186920166, float64"
                + " 4.0,"), e::getMessage);
    }

    @Test
    void aFloat32BackwardThatIsOffFailsForItsInput() {
        Float32CheckResult r = GradCheck.checkFloat32(in -> Tensor.apply(CustomOps.doubleWithFloat32Slip(0, 1e-3),
                in[0]), X);

        assertTrue(r.output().passed(), r::report);
        assertFalse(r.input(0).passed());
        // d(sum w * 2x)/dx = 2w: off by 1e-3 of itself, where the scale is about the element's own size.
        assertTrue(r.input(0).relativeDifference() > 2e-4 && r.input(0).relativeDifference() < 1e-3, r::report);
        assertTrue(r.report().contains("input 0 [4]: mismatch at element"), r::report);
    }

    @Test
    void anOpThatReturnsFloat64ForFloat32InputsFailsNamingTheDType() {
        TensorFunction widening = in -> in[0].to(DType.FLOAT64).mul(2.0);

        Float32CheckResult r = GradCheck.checkFloat32(widening, X);

        assertFalse(r.passed());
        assertEquals(DType.FLOAT64, r.output().dtype());
        assertFalse(r.output().dtypeKept());
        // The values are right, and the cast's backward brings the gradient back as FLOAT32.
        assertTrue(r.output().relativeDifference() <= RTOL, r::report);
        assertEquals(DType.FLOAT32, r.input(0).dtype());
        assertTrue(r.input(0).passed(), r::report);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertFloat32(widening, X));
        assertTrue(e.getMessage().contains("output [4]: dtype FLOAT64 instead of FLOAT32: the op does not keep"
                + " float32; values ok, at element"), e::getMessage);
    }

    @Test
    void aGradientOfAnotherDTypeIsReportedAsSuch() {
        Float32Report r = new Float32Report("input 1", new int[] {2}, DType.FLOAT64, 0x1p-20, RTOL,
                new double[] {1, 2}, new double[] {1, 2}, new double[] {0, 0});

        assertFalse(r.passed());
        assertTrue(r.describe().startsWith("input 1 [2]: dtype FLOAT64 instead of FLOAT32"), r::describe);
    }

    @Test
    void aBackwardThatIsNotDifferentiableInFloat32OnlyFailsTheSecondDerivativesOnly() {
        TensorFunction f = in -> Tensor.apply(CustomOps.CUBE_WITH_CONSTANT_BACKWARD_IN_FLOAT32, in[0]);

        assertTrue(GradCheck.checkFloat32(f, X).passed(), "the first derivatives agree");
        Float32CheckResult second = GradCheck.gradgradcheckFloat32(f, X);

        assertFalse(second.input(0).passed());
        // The float32 second derivative is 0; float64's is 6 x w u, nowhere near it.
        assertEquals(0.0, second.input(0).float32());
        assertTrue(second.input(1).passed(), second::report);
        assertThrows(AssertionError.class, () -> GradCheck.assertFloat32GradGradients(f, X));
    }

    @Test
    void theFloat32CheckComparesWithFloat64NotWithCentralDifferences() {
        // A backward that is wrong in both dtypes alike is the float64 check's to catch, not this one's.
        TensorFunction wrongAlike = in -> Tensor.apply(CustomOps.tripleWithSlip(0.1), in[0]);

        assertFalse(GradCheck.check(wrongAlike, X).passed());
        assertTrue(GradCheck.checkFloat32(wrongAlike, X).passed());
    }

    @Test
    void aProductThatCancelsIsJudgedByTheSizeOfItsTermsNotOfItsResult() {
        // [1e6, 0.3, -1e6] . [1, 1, 1], accumulated in float: 1e6 + 0.3 rounds to a multiple of 1/16, 1000000.3125,
        // so the result is 0.3125, not 0.3 (4% off), yet that is one rounding of a term of size 1e6: the scale,
        // about ||[1e6, 0.3, -1e6]||_2 = 1.41e6 (the terms of x and of y alike), allows it.
        Tensor x = Tensor.of(new double[] {1e6, 0.3, -1e6}, 1, 3);
        Tensor y = Tensor.ones(3, 1);

        Float32CheckResult r = GradCheck.checkFloat32(in -> in[0].matmul(in[1]), x, y);

        assertEquals(0.3125, r.output().float32(), 0.0);
        assertEquals((float) 0.3, r.output().float64(), 0.0);
        assertTrue(Math.abs(r.output().float32() - r.output().float64()) > 100 * RTOL * r.output().float64());
        assertTrue(r.output().scale() > 1e6 && r.output().scale() < 5e6, r::report);
        assertTrue(r.passed(), r::report);
    }

    @Test
    void theSameErrorOnAWellConditionedElementFails() {
        // The 0.0125 that the cancelling product may lose, added to x = 0.3 where nothing cancels: the scale is
        // about the size of x, so 0.0125 is 1.4% of |f64| + scale.
        Tensor x = Tensor.of(new double[] {0.3}, 1);

        Float32CheckResult r = GradCheck.checkFloat32(in -> in[0].add(in[0].dtype() == DType.FLOAT32 ? 0.0125 : 0),
                x);

        assertFalse(r.output().passed());
        assertTrue(r.output().scale() < 1.5, r::report);
        assertTrue(r.output().relativeDifference() > 0.005, r::report);
    }

    @Test
    void anElementThatCancelsToNearZeroInsideAFormulaPassesByTheAbsoluteTolerance() {
        // sigmoid''(x) = s (1 - s) (1 - 2s): float's sigmoid(1e-8) is 0.5 exactly, so float32 says 0 where float64
        // says -x/8 = -1.25e-9; the input's own scale (1e-8) sees none of the 0.5 inside.
        Float32CheckResult r = GradCheck.gradgradcheckFloat32(in -> in[0].sigmoid(), Tensor.scalar(1e-8));

        assertEquals(0.0, r.input(0).float32());
        assertEquals(-1.25e-9, r.input(0).float64(), 1e-15);
        assertTrue(r.passed(), r::report);
        Float32CheckResult strict = GradCheck.gradgradcheckFloat32(GradCheckOptions.defaults()
                .withFloat32Tolerances(0, RTOL), in -> in[0].sigmoid(), Tensor.scalar(1e-8));
        assertFalse(strict.input(0).passed(), strict::report);
    }

    @Test
    void inputsOfEitherDTypeAreAccepted() {
        Tensor x32 = Tensor.of(new float[] {0.5f, 1.5f}, 2);

        Float32CheckResult r = GradCheck.assertFloat32(in -> in[0].log().sum(), x32);

        assertEquals(Math.log(0.5) + Math.log(1.5), r.output().float64(), 1e-15);
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkFloat32(in -> in[0], Tensor.of(new double[] {1, 1e300}, 2)));
        assertEquals("checkFloat32: input 0 of shape [2] holds 1.0E300, beyond float32's range", range.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.gradgradcheckFloat32(in -> in[0]));
        assertEquals("gradgradcheckFloat32: needs at least one input tensor", none.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkFloat32(null, X));
        assertEquals("checkFloat32: the function is null", f.getMessage());
        IllegalArgumentException tol = assertThrows(IllegalArgumentException.class,
                () -> GradCheckOptions.defaults().withFloat32Tolerances(-1, 1e-5));
        assertEquals("GradCheckOptions: float32 tolerances must be finite, atol >= 0 and rtol > 0, got atol -1.0,"
                + " rtol 1.0E-5", tol.getMessage());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        GradCheckOptions o = GradCheckOptions.defaults();

        assertEquals(0x1p-20, o.float32Atol());
        assertEquals(0x1p-14, o.float32Rtol());
        assertEquals(512 * Math.ulp(1.0f), o.float32Rtol());
        GradCheckOptions loose = o.withFloat32Tolerances(1e-5, 1e-4);
        assertEquals(1e-5, loose.float32Atol());
        assertEquals(1e-4, loose.float32Rtol());
        assertEquals(o.step(), loose.step());
    }

    @Test
    void theCallersTensorsAreNeitherChangedNorGivenGradients() {
        Tensor x = Tensor.of(new double[] {0.1, 0.2}, 2).requiresGrad(true);

        GradCheck.assertFloat32(in -> in[0].exp(), x);
        GradCheck.assertFloat32GradGradients(in -> in[0].exp(), x);

        assertNull(x.grad());
        assertEquals(DType.FLOAT64, x.dtype());
        assertArrayEquals(new double[] {0.1, 0.2}, x.toArray());
    }
}

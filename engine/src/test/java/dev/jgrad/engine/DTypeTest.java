package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static dev.jgrad.engine.TensorAssertions.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** FLOAT32 beside FLOAT64: storage, creation, promotion, gradients' dtypes, accuracy, and the errors. */
class DTypeTest {
    private static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64;

    private static Tensor floats(float... v) {
        return Tensor.of(v, v.length);
    }

    // ---------------------------------------------------------------- storage and creation

    @Test
    void aFloat32TensorIsStoredAsFloats() {
        Tensor t = floats(0.1f, 0.2f);
        assertNotNull(t.floats);
        assertNull(t.data);
        assertNotNull(t.exp().floats, "an op's output keeps the storage");
        assertNull(Tensor.of(new double[] {0.1}, 1).floats);
    }

    @Test
    void toFloatArrayReturnsTheStoredFloatsExactly() {
        float[] v = {0.1f, 1e-30f, 3.4e38f};
        assertArrayEquals(v, Tensor.of(v, 3).toFloatArray());
    }

    @Test
    void toArrayWidensFloatsExactly() {
        assertArrayEquals(new double[] {0.1f, 0.3f}, floats(0.1f, 0.3f).toArray());
        assertEquals((double) 0.1f, floats(0.1f).item());
        assertEquals((double) 0.3f, Tensor.of(new float[] {0.1f, 0.3f}, 2, 1).get(1, 0));
    }

    @Test
    void toFloatArrayOfFloat64RoundsToNearest() {
        assertArrayEquals(new float[] {0.1f, 1f / 3}, Tensor.of(new double[] {0.1, 1.0 / 3}, 2).toFloatArray());
    }

    @Test
    void theDtypeOfEachCreation() {
        assertEquals(F32, floats(1).dtype());
        assertEquals(F64, Tensor.of(new double[] {1}, 1).dtype());
        assertValues(Tensor.zeros(F32, 2), new int[] {2}, 0, 0);
        assertEquals(F32, Tensor.zeros(F32, 2).dtype());
        assertEquals(F32, Tensor.ones(F32, 2, 2).dtype());
        assertValues(Tensor.ones(F32, 2), new int[] {2}, 1, 1);
        assertValues(Tensor.full(F32, 0.5, 1), new int[] {1}, 0.5);
        assertArrayEquals(new float[] {0.1f}, Tensor.full(F32, 0.1, 1).toFloatArray());
        assertEquals(F64, Tensor.zeros(2).dtype());
        assertEquals(F64, Tensor.full(F64, 2, 2).dtype());
    }

    @Test
    void float32RandomDrawsAreTheFloat64DrawsRounded() {
        Tensor r64 = Tensor.rand(F64, new Random(5), 100);
        Tensor r32 = Tensor.rand(F32, new Random(5), 100);
        assertEquals(F32, r32.dtype());
        assertArrayEquals(r64.toFloatArray(), r32.toFloatArray());
        Tensor n64 = Tensor.randn(new Random(6), 100);
        assertArrayEquals(n64.toFloatArray(), Tensor.randn(F32, new Random(6), 100).toFloatArray());
    }

    @Test
    void float32UniformDrawsStayBelowOne() {
        // A double draw within 2^-25 of 1 rounds up to 1.0f; the largest float below 1 stands in for it.
        Random nearOne = new Random() {
            @Override
            public double nextDouble() {
                return Math.nextDown(1.0);
            }
        };
        assertArrayEquals(new float[] {Math.nextDown(1.0f)}, Tensor.rand(F32, nearOne, 1).toFloatArray());
    }

    @Test
    void toStringNamesFloat32() {
        assertEquals("Tensor[2] float32 [1.0, 0.1]", floats(1, 0.1f).toString());
        assertEquals("Tensor[2] [1.0, 0.1]", Tensor.of(new double[] {1, 0.1}, 2).toString());
    }

    @Test
    void viewsShareTheFloatStorage() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertSame(x.floats, x.reshape(4).floats);
        assertSame(x.floats, x.detach().floats);
    }

    // ---------------------------------------------------------------- to()

    @Test
    void toItsOwnDtypeReturnsTheTensorItself() {
        Tensor x = floats(1, 2);
        assertSame(x, x.to(F32));
        Tensor y = Tensor.ones(2);
        assertSame(y, y.to(F64));
    }

    @Test
    void toConvertsRoundingToNearest() {
        Tensor x = Tensor.of(new double[] {0.1, 1e-50}, 2).to(F32);
        assertEquals(F32, x.dtype());
        assertArrayEquals(new float[] {0.1f, 0f}, x.toFloatArray());
        assertArrayEquals(new double[] {0.1f, 0}, x.to(F64).toArray());
    }

    @Test
    void toIsDifferentiableAndCastsTheGradientBack() {
        Tensor x = floats(1, 2).requiresGrad(true);
        Tensor y = x.to(F64);
        assertEquals("to", y.op());
        y.mul(y).sum().backward();
        assertEquals(F32, x.grad().dtype());
        assertValues(x.grad(), new int[] {2}, 2, 4);
    }

    // ---------------------------------------------------------------- promotion

    @Test
    void aBinaryOpOfMixedDtypesPromotesAndGivesEachInputItsOwnDtype() {
        Tensor a = floats(1, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3, 4}, 2).requiresGrad(true);
        Tensor y = a.mul(b);
        assertEquals(F64, y.dtype());
        assertEquals(F64, b.mul(a).dtype());
        y.sum().backward();
        assertEquals(F32, a.grad().dtype());
        assertEquals(F64, b.grad().dtype());
        assertValues(a.grad(), new int[] {2}, 3, 4);
        assertValues(b.grad(), new int[] {2}, 1, 2);
    }

    @Test
    void everyBinaryOpPromotes() {
        Tensor a = floats(1, 2), b = Tensor.of(new double[] {3, 0.5}, 2);
        assertEquals(F64, a.add(b).dtype());
        assertEquals(F64, a.sub(b).dtype());
        assertEquals(F64, a.div(b).dtype());
        assertEquals(F64, a.maximum(b).dtype());
        assertEquals(F64, b.minimum(a).dtype());
        assertValues(a.maximum(b), new int[] {2}, 3, 2);
    }

    @Test
    void matmulOfMixedDtypesPromotes() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2).requiresGrad(true);
        Tensor y = a.matmul(b);
        assertEquals(F64, y.dtype());
        assertValues(y, new int[] {2, 2}, 1, 2, 3, 4);
        y.sum().backward();
        assertEquals(F32, a.grad().dtype());
        assertEquals(F64, b.grad().dtype());
        assertValues(a.grad(), new int[] {2, 2}, 1, 1, 1, 1);
        assertValues(b.grad(), new int[] {2, 2}, 4, 4, 6, 6);
    }

    @Test
    void concatOfMixedDtypesPromotes() {
        Tensor a = floats(1, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        Tensor y = Tensor.concat(0, a, b);
        assertEquals(F64, y.dtype());
        assertValues(y, new int[] {3}, 1, 2, 3);
        y.mul(Tensor.of(new double[] {1, 2, 3}, 3)).sum().backward();
        assertEquals(F32, a.grad().dtype());
        assertValues(a.grad(), new int[] {2}, 1, 2);
        assertValues(b.grad(), new int[] {1}, 3);
        assertEquals(F32, Tensor.concat(0, floats(1), floats(2)).dtype());
    }

    @Test
    void scalarArgumentsKeepTheTensorsDtype() {
        Tensor x = floats(1, 4);
        for (Tensor t : new Tensor[] {x.add(1), x.sub(1), x.mul(0.1), x.div(3), x.pow(0.5), x.clamp(0, 2),
                x.mean(), x.mean(0, false)}) {
            assertEquals(F32, t.dtype(), t::toString);
        }
        assertArrayEquals(new float[] {0.1f, 0.4f}, x.mul(0.1).toFloatArray());
    }

    @Test
    void aSeededOutputOfFloat32HasAFloat32Gradient() {
        Tensor x = floats(1, 2, 3).requiresGrad(true);
        x.mul(x).sum().backward();
        assertEquals(F32, x.grad().dtype());
        assertValues(x.grad(), new int[] {3}, 2, 4, 6);
    }

    @Test
    void anUpstreamGradientOfTheOtherDtypeIsCast() {
        Tensor x = floats(1, 2).requiresGrad(true);
        x.mul(3).backward(Tensor.of(new double[] {1, 0.5}, 2));
        assertEquals(F32, x.grad().dtype());
        assertValues(x.grad(), new int[] {2}, 3, 1.5);
        Tensor z = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        z.mul(3).backward(floats(1, 1));
        assertEquals(F64, z.grad().dtype());
    }

    // ---------------------------------------------------------------- second derivatives and custom ops

    @Test
    void secondDerivativeOfACubeInFloat32() {
        Tensor x = floats(1, 2, -3).requiresGrad(true);
        x.pow(3).sum().backward(Tensor.scalar(1), true);
        Tensor first = x.grad();
        assertEquals(F32, first.dtype());
        assertValues(first, new int[] {3}, 3, 12, 27);
        x.zeroGrad();
        first.sum().backward();
        assertEquals(F32, x.grad().dtype());
        assertValues(x.grad(), new int[] {3}, 6, 12, -18);
    }

    /** x³ with a hand-written backward; {@code wide} makes the backward return its gradient in FLOAT64. */
    private static Function cube(boolean wide) {
        return function("cube", in -> in[0].mul(in[0]).mul(in[0]), (g, in, out) -> {
            Tensor grad = g.mul(in[0].mul(in[0]).mul(3));
            return new Tensor[] {wide ? grad.to(F64) : grad};
        });
    }

    @Test
    void aCustomFunctionWorksInFloat32WithSecondDerivatives() {
        Tensor x = floats(1, 2).requiresGrad(true);
        Tensor y = Tensor.apply(cube(false), x);
        assertEquals(F32, y.dtype());
        assertValues(y, new int[] {2}, 1, 8);
        y.sum().backward(Tensor.scalar(1), true);
        assertEquals(F32, x.grad().dtype());
        assertValues(x.grad(), new int[] {2}, 3, 12);
        Tensor first = x.grad();
        x.zeroGrad();
        first.sum().backward();
        assertValues(x.grad(), new int[] {2}, 6, 12);
    }

    @Test
    void aCustomBackwardReturningTheWrongDtypeIsNamed() {
        Tensor x = floats(1, 2).requiresGrad(true);
        Tensor y = Tensor.apply(cube(true), x).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertEquals("backward of 'cube' returned a FLOAT64 gradient for input 0, which is FLOAT32", e.getMessage());
    }

    // ---------------------------------------------------------------- accuracy

    @Test
    void aFloat32SumOfAMillionValuesIsAsAccurateAsPairwiseSummation() {
        Tensor x = Tensor.rand(F32, new Random(11), 1_000_000);
        double exact = 0;
        for (double v : x.toArray()) {
            exact += v;
        }
        // Accumulated in float, the running sum's ulp grows to 0.03 and the error to about 1e-3 relative.
        assertEquals(exact, x.sum().item(), 1e-5 * exact);
        assertEquals(exact, x.reshape(1000, 1000).sum(0, false).sum().item(), 1e-5 * exact);
        assertEquals(exact / 1e6, x.mean().item(), 1e-5 * exact / 1e6);
    }

    @Test
    void aFloat32SumIsTheDoubleSumRoundedOnce() {
        Tensor x = Tensor.rand(F32, new Random(12), 10_000);
        assertEquals((float) x.to(F64).sum().item(), (float) x.sum().item());
    }

    @Test
    void logSumExpOfFloat32LogitsOf100IsFinite() {
        Tensor logits = Tensor.of(new float[] {100, 100, 99, 0}, 1, 4).requiresGrad(true);
        Tensor lse = logits.logSumExp(1, false);
        assertEquals(F32, lse.dtype());
        double expected = 100 + Math.log(2 + Math.exp(-1) + Math.exp(-100));
        assertEquals(expected, lse.item(), Math.ulp((float) expected));
        lse.sum().backward();
        double[] softmax = logits.grad().toArray();
        double z = 2 + Math.exp(-1);
        // As good as float logits of 100 allow: an ulp of 100 moves the softmax by as much, relatively.
        double ulp = Math.ulp(100f);
        assertEquals(1 / z, softmax[0], ulp / z);
        assertEquals(Math.exp(-1) / z, softmax[2], ulp / z);
        assertEquals(1, softmax[0] + softmax[1] + softmax[2] + softmax[3], ulp);
    }

    @Test
    void kernelsOverManyBlocksGiveEachElementTheRoundedDoubleResult() {
        // Rows longer than the kernels' blocks, broadcast along either axis: every element is checked.
        Random rng = new Random(13);
        Tensor x = Tensor.rand(F32, rng, 3, 1100), row = Tensor.rand(F32, rng, 1100).add(0.5);
        Tensor column = Tensor.rand(F32, rng, 3, 1).add(0.5);
        double[] xs = x.toArray(), rs = row.toArray(), cs = column.toArray();
        float[] exp = x.exp().toFloatArray(), max = x.maximum(row).toFloatArray();
        float[] quotient = x.div(column).toFloatArray(), product = column.mul(x).toFloatArray();
        float[] sum = x.sum(0, false).toFloatArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 1100; j++) {
                int k = i * 1100 + j;
                assertEquals((float) Math.exp(xs[k]), exp[k], "exp " + k);
                assertEquals((float) Math.max(xs[k], rs[j]), max[k], "maximum " + k);
                assertEquals((float) (xs[k] / cs[i]), quotient[k], "div " + k);
                assertEquals((float) (cs[i] * xs[k]), product[k], "mul " + k);
            }
        }
        for (int j = 0; j < 1100; j++) {
            assertEquals((float) (xs[j] + xs[1100 + j] + xs[2200 + j]), sum[j], "sum " + j);
        }
    }

    // ---------------------------------------------------------------- in place, anomaly, versions

    @Test
    void inPlaceUpdatesWorkInFloat32FromEitherDtype() {
        Tensor w = floats(1, 2);
        w.assign(Tensor.of(new double[] {0.1, 3}, 2));
        assertArrayEquals(new float[] {0.1f, 3}, w.toFloatArray());
        w.addInPlace(Tensor.of(new double[] {1, 1}, 2), -0.5);
        assertArrayEquals(new float[] {(float) (0.1f - 0.5), 2.5f}, w.toFloatArray());
        w.addInPlace(floats(2, 2), 0.25);
        w.mulInPlace(2);
        float first = (float) (0.1f - 0.5), second = (float) (first + 0.5);
        assertArrayEquals(new float[] {second * 2, 6}, w.toFloatArray());
        Tensor d = Tensor.zeros(2);
        d.assign(floats(0.1f, 2));
        assertArrayEquals(new double[] {0.1f, 2}, d.toArray());
    }

    @Test
    void gradientsAccumulateInFloat32AcrossBackwardCalls() {
        Tensor x = floats(1, 2).requiresGrad(true);
        x.mul(2).sum().backward();
        x.mul(3).sum().backward();
        assertEquals(F32, x.grad().dtype());
        assertValues(x.grad(), new int[] {2}, 5, 5);
        x.mul(x).sum().backward();
        assertValues(x.grad(), new int[] {2}, 7, 9);
    }

    @Test
    void aFloat32GradientKeptByOneLeafIsNotChangedThroughAnother() {
        Tensor a = floats(1, 2).requiresGrad(true), b = floats(3, 4).requiresGrad(true);
        a.add(b).mul(3).sum().backward();
        try (var off = Tensor.noGrad()) {
            a.grad().mulInPlace(2);
        }
        assertValues(a.grad(), new int[] {2}, 6, 6);
        assertValues(b.grad(), new int[] {2}, 3, 3);
    }

    @Test
    void anomalyModeNamesTheOpInFloat32() {
        try (var on = Tensor.detectAnomaly()) {
            assertThrowsNaming(IllegalStateException.class, () -> floats(-1, 1).log(),
                    "anomaly: forward of 'log' produced NaN at flat index 0");
        }
    }

    @Test
    void anInPlaceChangeOfASavedFloat32TensorIsCaught() {
        Tensor w = floats(1, 2).requiresGrad(true);
        Tensor y = w.mul(w).sum();
        try (var off = Tensor.noGrad()) {
            w.mulInPlace(2);
        }
        assertThrowsNaming(IllegalStateException.class, y::backward, "backward of 'mul'", "modified in place");
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void float32DataOfTheWrongLengthNamesTheShape() {
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2),
                "Tensor.of: 3 values do not fill shape [2, 2] (4 elements)");
    }

    @Test
    void nullDtypesNameTheOp() {
        assertThrowsNaming(IllegalArgumentException.class, () -> floats(1).to(null), "to: dtype is null");
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros((DType) null, 2),
                "Tensor.zeros: dtype is null");
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.full(null, 1, 2),
                "Tensor.full: dtype is null");
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.rand(null, new Random(), 2),
                "Tensor.rand: dtype is null");
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.of((float[]) null, 2),
                "Tensor.of: data is null");
    }

    @Test
    void float64ResultsAreUnchangedByTheFloat32Path() {
        Tensor x = Tensor.of(new double[] {0.1, 0.7, 1.3}, 3);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = Math.exp(x.get(i)) * 0.1 + x.get(i) / 3;
        }
        assertArrayEquals(expected, x.exp().mul(0.1).add(x.div(3)).toArray());
        assertTrue(x.exp().floats == null);
    }
}

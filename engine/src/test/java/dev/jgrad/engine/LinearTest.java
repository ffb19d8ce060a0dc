package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertGradientMatches;
import static dev.jgrad.engine.TensorAssertions.assertRejectedWith;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Tensor#linear}: the fused {@code x · W + b} with its epilogue. Its values and gradients are compared with
 * the composed ops {@code x.matmul(w).add(b).relu()} bit for bit (not to an ulp): both run the same product on the
 * same kernel and then the same additions and maxima, each rounded once, and the bias gradient sums the same
 * values in the same order in double.
 */
class LinearTest {
    private static final Tensor X = Tensor.of(new double[] {1, 2, -3, 4}, 2, 2);
    private static final Tensor W = Tensor.of(new double[] {1, 0, -1, 1, 1, 0}, 2, 3);
    private static final Tensor B = Tensor.of(new double[] {0.5, -3, 0}, 3);

    @Test
    void computesTheProductPlusTheBias() {
        // x · W = [[3, 2, -1], [1, 4, 3]]
        assertValues(X.linear(W, B), new int[] {2, 3}, 3.5, -1, -1, 1.5, 1, 3);
    }

    @Test
    void reluEpilogueClampsNegativesToZero() {
        assertValues(X.linear(W, B, Epilogue.RELU), new int[] {2, 3}, 3.5, 0, 0, 1.5, 1, 3);
    }

    @Test
    void aNullBiasIsTheProductAlone() {
        assertValues(X.linear(W, null), new int[] {2, 3}, 3, 2, -1, 1, 4, 3);
        assertValues(X.linear(W, null, Epilogue.RELU), new int[] {2, 3}, 3, 2, 0, 1, 4, 3);
    }

    @Test
    void gradientsOfTheWorkedExample() {
        Tensor x = leaf(X), w = leaf(W), b = leaf(B);
        x.linear(w, b, Epilogue.RELU).sum().backward();
        // dZ = relu'(z): [[1, 0, 0], [1, 1, 1]]; db = column sums; dW = xᵀ · dZ; dx = dZ · Wᵀ
        assertValues(b.grad(), new int[] {3}, 2, 1, 1);
        assertValues(w.grad(), new int[] {2, 3}, -2, -3, -3, 6, 4, 4);
        assertValues(x.grad(), new int[] {2, 2}, 1, 1, 0, 2);
    }

    @Test
    void reluDerivativeAtZeroIsZero() {
        // z = x · W + b is exactly 0 in its first column.
        Tensor x = leaf(Tensor.of(new double[] {1, 2}, 1, 2)), w = leaf(Tensor.of(new double[] {1, 1, 1, 1}, 2, 2));
        Tensor b = leaf(Tensor.of(new double[] {-3, 0}, 2));
        x.linear(w, b, Epilogue.RELU).sum().backward();
        assertValues(b.grad(), new int[] {2}, 0, 1);
        assertValues(w.grad(), new int[] {2, 2}, 0, 1, 0, 2);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void valuesEqualTheComposedOpsBitForBit(DType dtype) {
        Random rng = new Random(11);
        Tensor x = Tensor.randn(dtype, rng, 37, 70), w = Tensor.randn(dtype, rng, 70, 53);
        Tensor b = Tensor.randn(dtype, rng, 53);
        Tensor x3 = Tensor.randn(dtype, rng, 3, 5, 70);
        assertBitsEqual(x.matmul(w).add(b).relu(), x.linear(w, b, Epilogue.RELU));
        assertBitsEqual(x.matmul(w).add(b), x.linear(w, b));
        assertBitsEqual(x.matmul(w).relu(), x.linear(w, null, Epilogue.RELU));
        assertBitsEqual(x3.matmul(w).add(b).relu(), x3.linear(w, b, Epilogue.RELU));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gradientsEqualTheComposedOpsBitForBit(DType dtype) {
        Random rng = new Random(13);
        Tensor x = Tensor.randn(dtype, rng, 37, 70), w = Tensor.randn(dtype, rng, 70, 53);
        Tensor b = Tensor.randn(dtype, rng, 53);
        Tensor x3 = Tensor.randn(dtype, rng, 3, 5, 70);
        assertSameGradients(in -> in[0].matmul(in[1]).add(in[2]).relu(),
                in -> in[0].linear(in[1], in[2], Epilogue.RELU), x, w, b);
        assertSameGradients(in -> in[0].matmul(in[1]).add(in[2]), in -> in[0].linear(in[1], in[2]), x, w, b);
        assertSameGradients(in -> in[0].matmul(in[1]).relu(), in -> in[0].linear(in[1], null, Epilogue.RELU), x, w);
        assertSameGradients(in -> in[0].matmul(in[1]).add(in[2]).relu(),
                in -> in[0].linear(in[1], in[2], Epilogue.RELU), x3, w, b);
    }

    @Test
    void secondDerivativesEqualTheComposedOps() {
        Random rng = new Random(17);
        Tensor x = Tensor.randn(rng, 4, 6), w = Tensor.randn(rng, 6, 5), b = Tensor.randn(rng, 5);
        double[][] composed = gradientPenaltyGradients(in -> in[0].matmul(in[1]).add(in[2]).relu(), x, w, b);
        double[][] fused = gradientPenaltyGradients(in -> in[0].linear(in[1], in[2], Epilogue.RELU), x, w, b);
        assertNull(composed[2]);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(composed[i], fused[i], 1e-12, "input " + i);
        }
    }

    /**
     * The gradients of the first gradients' squared norms: {@code |dx|²} depends on W and {@code |dW|²} on x, so
     * both reach the graph that the backward recorded with createGraph.
     */
    private static double[][] gradientPenaltyGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] in = leaves(inputs);
        Tensor out = f.apply(in);
        out.backward(Tensor.randn(new Random(19), out.shape()), true);
        Tensor penalty = in[0].grad().pow(2).sum().add(in[1].grad().pow(2).sum()).add(in[2].grad().pow(2).sum());
        for (Tensor t : in) {
            t.zeroGrad();
        }
        penalty.backward();
        double[][] grads = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            // The bias's gradient is a constant times the upstream: nothing of it reaches the bias again (null).
            grads[i] = in[i].grad() == null ? null : in[i].grad().toArray();
        }
        return grads;
    }

    @Test
    void gradientsMatchCentralDifferencesForABatchOfMatrices() {
        Random rng = new Random(23);
        Tensor x = Tensor.randn(rng, 2, 3, 4), w = Tensor.randn(rng, 4, 5), b = Tensor.randn(rng, 5);
        assertGradientMatches(t -> t.linear(w, b, Epilogue.RELU), x);
        assertGradientMatches(t -> x.linear(t, b, Epilogue.RELU), w);
        assertGradientMatches(t -> x.linear(w, t, Epilogue.RELU), b);
        assertGradientMatches(t -> x.linear(w, t), b);
    }

    @Test
    void float32StaysFloat32WithGradientsInFloat32() {
        Tensor x = leaf(X.to(DType.FLOAT32)), w = leaf(W.to(DType.FLOAT32)), b = leaf(B.to(DType.FLOAT32));
        Tensor y = x.linear(w, b, Epilogue.RELU);
        assertEquals(DType.FLOAT32, y.dtype());
        y.sum().backward();
        assertEquals(DType.FLOAT32, b.grad().dtype());
        assertValues(b.grad(), new int[] {3}, 2, 1, 1);
        assertValues(w.grad(), new int[] {2, 3}, -2, -3, -3, 6, 4, 4);
    }

    @Test
    void mixedDTypesComputeInFloat64AndGiveEachInputItsOwnDType() {
        Tensor x = leaf(X.to(DType.FLOAT32)), w = leaf(W), b = leaf(B.to(DType.FLOAT32));
        Tensor y = x.linear(w, b, Epilogue.RELU);
        assertEquals(DType.FLOAT64, y.dtype());
        assertValues(y, new int[] {2, 3}, 3.5, 0, 0, 1.5, 1, 3);
        y.sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertEquals(DType.FLOAT64, w.grad().dtype());
        assertEquals(DType.FLOAT32, b.grad().dtype());
        assertValues(x.grad(), new int[] {2, 2}, 1, 1, 0, 2);
    }

    @Test
    void onlyInputsThatRequireGradGetOne() {
        Tensor w = leaf(W), b = B.detach();
        X.linear(w, b, Epilogue.RELU).sum().backward();
        assertValues(w.grad(), new int[] {2, 3}, -2, -3, -3, 6, 4, 4);
        assertNull(b.grad());
        assertNull(X.grad());
    }

    @Test
    void recordsOneOpNamedLinear() {
        assertEquals("linear", leaf(X).linear(W, B, Epilogue.RELU).op());
    }

    @Test
    void aWeightChangedInPlaceAfterForwardIsCaughtInBackward() {
        Tensor w = leaf(W);
        Tensor y = X.linear(w, B);
        try (var off = Tensor.noGrad()) {
            w.mulInPlace(2);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("backward of 'linear': input 1 of shape [2, 3] was modified in place"),
                e.getMessage());
    }

    @Test
    void badShapesAreRejectedNamingTheOpAndTheShapes() {
        assertRejectedWith("linear: inner dimensions differ: [2, 2] x [3, 3]",
                () -> X.linear(Tensor.zeros(3, 3), null));
        assertRejectedWith("linear: needs an input of rank 2 or 3 and a weight of rank 2, got [4] x [4, 2]",
                () -> Tensor.zeros(4).linear(Tensor.zeros(4, 2), null));
        assertRejectedWith("linear: needs an input of rank 2 or 3 and a weight of rank 2, got [2, 2] x [2, 2, 3]",
                () -> X.linear(Tensor.zeros(2, 2, 3), null));
        assertRejectedWith("linear: bias of shape [2] does not match weight [2, 3]: needs [3]",
                () -> X.linear(W, Tensor.zeros(2)));
        assertRejectedWith("linear: bias of shape [1, 3] does not match weight [2, 3]: needs [3]",
                () -> X.linear(W, Tensor.zeros(1, 3), Epilogue.RELU));
    }

    @Test
    void nullWeightOrEpilogueIsRejectedNamingTheParameter() {
        assertRejectedWith("linear: weight is null", () -> X.linear(null, B));
        assertRejectedWith("linear: epilogue is null", () -> X.linear(W, B, null));
    }

    /** A fresh leaf that requires grad, with {@code t}'s values, shape and dtype. */
    private static Tensor leaf(Tensor t) {
        Tensor copy = t.dtype() == DType.FLOAT64 ? Tensor.of(t.toArray(), t.shape())
                : Tensor.of(t.toFloatArray(), t.shape());
        return copy.requiresGrad(true);
    }

    private static Tensor[] leaves(Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = leaf(inputs[i]);
        }
        return leaves;
    }

    private static void assertBitsEqual(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toArray(), actual.toArray());
    }

    /** Both functions of fresh leaves, back-propagated from one random upstream: equal gradients, bit for bit. */
    private static void assertSameGradients(Function<Tensor[], Tensor> composed, Function<Tensor[], Tensor> fused,
                                            Tensor... inputs) {
        double[][] expected = gradients(composed, inputs), actual = gradients(fused, inputs);
        for (int i = 0; i < inputs.length; i++) {
            assertArrayEquals(expected[i], actual[i], "input " + i);
        }
    }

    private static double[][] gradients(Function<Tensor[], Tensor> f, Tensor[] inputs) {
        Tensor[] leaves = leaves(inputs);
        Tensor out = f.apply(leaves);
        out.backward(Tensor.randn(out.dtype(), new Random(29), out.shape()));
        double[][] grads = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            assertEquals(inputs[i].dtype(), leaves[i].grad().dtype());
            grads[i] = leaves[i].grad().toArray();
        }
        return grads;
    }
}

package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertGradientMatches;
import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatmulTest {
    private static final Tensor A = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    private static final Tensor B = Tensor.of(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);

    @Test
    void twoByTwoProduct() {
        assertValues(A.matmul(B), new int[] {2, 2}, 58, 64, 139, 154);
    }

    @Test
    void gradientsAreTransposedProducts() {
        Tensor a = Tensor.of(A.toArray(), 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(B.toArray(), 3, 2).requiresGrad(true);
        a.matmul(b).sum().backward();
        // dA = 1 · Bᵀ: row sums of B; dB = Aᵀ · 1: column sums of A
        assertValues(a.grad(), new int[] {2, 3}, 15, 19, 23, 15, 19, 23);
        assertValues(b.grad(), new int[] {3, 2}, 5, 5, 7, 7, 9, 9);
    }

    @Test
    void batchedProductsMatchPerMatrixProducts() {
        Random rng = new Random(3);
        Tensor a = Tensor.randn(rng, 4, 3, 5), b = Tensor.randn(rng, 4, 5, 2), w = Tensor.randn(rng, 5, 2);
        Tensor batched = a.matmul(b), shared = a.matmul(w), left = w.transpose().matmul(a.transpose());
        for (int i = 0; i < 4; i++) {
            Tensor ai = a.slice(0, i, i + 1).reshape(3, 5);
            assertArrayEquals(ai.matmul(b.slice(0, i, i + 1).reshape(5, 2)).toArray(),
                    batched.slice(0, i, i + 1).toArray(), 1e-12);
            assertArrayEquals(ai.matmul(w).toArray(), shared.slice(0, i, i + 1).toArray(), 1e-12);
            assertArrayEquals(w.transpose().matmul(ai.transpose()).toArray(), left.slice(0, i, i + 1).toArray(), 1e-12);
        }
        assertArrayEquals(new int[] {4, 3, 2}, shared.shape());
        assertArrayEquals(new int[] {4, 2, 3}, left.shape());
    }

    @Test
    void gradientsMatchCentralDifferencesForEveryForm() {
        Random rng = new Random(5);
        Tensor a2 = Tensor.randn(rng, 3, 4), b2 = Tensor.randn(rng, 4, 2);
        Tensor a3 = Tensor.randn(rng, 2, 3, 4), b3 = Tensor.randn(rng, 2, 4, 2);
        assertGradientMatches(t -> t.matmul(b2), a2);
        assertGradientMatches(a2::matmul, b2);
        assertGradientMatches(t -> t.matmul(b3), a3);
        assertGradientMatches(a3::matmul, b3);
        assertGradientMatches(t -> t.matmul(b2), a3);
        assertGradientMatches(a3::matmul, b2);
        assertGradientMatches(t -> t.matmul(b3), a2);
        assertGradientMatches(t -> b2.transpose().matmul(t), b3);
    }

    @Test
    void transposedOperandProductsMatchMaterialisedTransposes() {
        Random rng = new Random(9);
        Tensor a = Tensor.randn(rng, 5, 3), b = Tensor.randn(rng, 4, 5);
        assertArrayEquals(a.transpose().matmul(b.transpose()).toArray(),
                MatmulOps.product(a, b, true, true).toArray(), 1e-12);
        assertGradientMatches(t -> MatmulOps.product(t, b, true, true), a);
        assertGradientMatches(t -> MatmulOps.product(a, t, true, true), b);
        assertGradientMatches(t -> MatmulOps.product(t, a, true, false), b.transpose());
    }

    @Test
    void mismatchedShapesAreRejectedNamingBoth() {
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2)),
                "matmul: inner dimensions differ: [3, 4] x [5, 2]");
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 2)),
                "matmul", "batch", "[2, 3, 4]", "[3, 4, 2]");
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros(4).matmul(Tensor.zeros(4, 2)),
                "matmul", "rank", "[4]", "[4, 2]");
    }
}

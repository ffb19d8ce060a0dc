package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertValues;
import static dev.jgrad.engine.TensorAssertions.function;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A leaf keeps its first gradient without a copy when nothing else holds it; these are the cases where something
 * does, in which changing one {@code grad()} in place must leave every other tensor as it was.
 */
class GradientOwnershipTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    private static void doubleInPlace(Tensor t) {
        try (var off = Tensor.noGrad()) {
            t.mulInPlace(2);
        }
    }

    @Test
    void twoLeavesHandedTheSameGradientByAddKeepSeparateCopies() {
        Tensor a = leaf(1, 2), b = leaf(3, 4);
        a.add(b).mul(3).sum().backward();
        doubleInPlace(a.grad());
        assertValues(a.grad(), new int[] {2}, 6, 6);
        assertValues(b.grad(), new int[] {2}, 3, 3);
    }

    @Test
    void aLeafReachedThroughAViewOfAGradientAnotherLeafKeepsHasItsOwnCopy() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor w = leaf(0, 0, 0, 0);
        x.reshape(4).add(w).mul(3).sum().backward();
        doubleInPlace(x.grad());
        assertValues(x.grad(), new int[] {2, 2}, 6, 6, 6, 6);
        assertValues(w.grad(), new int[] {4}, 3, 3, 3, 3);
    }

    @Test
    void theCallersUpstreamGradientIsNeverKeptAsAGradient() {
        Tensor x = leaf(1, 2);
        Tensor upstream = Tensor.of(new double[] {5, 7}, 2);
        x.add(Tensor.ones(2)).backward(upstream);
        doubleInPlace(x.grad());
        assertValues(upstream, new int[] {2}, 5, 7);
    }

    @Test
    void aGradientAUserFunctionReturnsIsCopied() {
        Tensor kept = Tensor.of(new double[] {1, 1}, 2);
        Function passKept = function(in -> in[0].mul(1.0), (upstream, in, out) -> new Tensor[] {kept});
        Tensor x = leaf(1, 2);
        Tensor.apply(passKept, x).sum().backward();
        doubleInPlace(x.grad());
        assertValues(kept, new int[] {2}, 1, 1);
    }

    @Test
    void aKeptGradientSumsTheGradientsOfLaterPasses() {
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2);
        x.matmul(w).sum().backward();
        x.matmul(w).sum().backward();
        assertValues(w.grad(), new int[] {2, 2}, 2, 2, 2, 2);
    }

    @Test
    void aGradientAfterZeroGradIsCopiedWhenItIsNotThePasses() {
        Tensor x = leaf(1, 2);
        Tensor upstream = Tensor.of(new double[] {5, 7}, 2);
        x.mul(3).sum().backward();
        x.zeroGrad();
        x.add(Tensor.ones(2)).backward(upstream);
        doubleInPlace(x.grad());
        assertValues(x.grad(), new int[] {2}, 10, 14);
        assertValues(upstream, new int[] {2}, 5, 7);
    }

    @Test
    void aPassThatFailsPartwayLeavesNoGradientForTheNext() {
        Function failing = function(in -> in[0].mul(1.0), (upstream, in, out) -> {
            throw new IllegalStateException("backward failed");
        });
        Tensor a = leaf(1, 2);
        // The sweep reaches add first, which hands a its gradient before the failing op's backward runs.
        Tensor out = Tensor.apply(failing, a.mul(2)).add(a).sum();
        assertThrows(IllegalStateException.class, out::backward);
        assertNull(a.grad());
        a.mul(3).sum().backward();
        assertValues(a.grad(), new int[] {2}, 3, 3);
    }
}

package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertValues;

import org.junit.jupiter.api.Test;

/**
 * A pass with createGraph stores gradients as the backward computed them, so one object can be the caller's
 * upstream tensor and several leaves' grad() at once; a later pass must not sum into it in place.
 */
class GradAccumulationAfterCreateGraphTest {

    @Test
    void aPlainPassAfterARecordingPassAddsToEachLeafOnce() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3, 4}, 2).requiresGrad(true);
        Tensor upstream = Tensor.of(new double[] {1, 1}, 2);
        Tensor y = a.add(b);

        y.backward(upstream, true);
        y.backward(upstream);

        // Each pass sends the upstream [1, 1] to both inputs of add.
        assertValues(a.grad(), new int[] {2}, 2, 2);
        assertValues(b.grad(), new int[] {2}, 2, 2);
    }

    @Test
    void aPlainPassAfterARecordingPassLeavesTheUpstreamTensorAlone() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor upstream = Tensor.of(new double[] {0.5, 3}, 2);
        Tensor y = a.add(Tensor.zeros(2));

        y.backward(upstream, true);
        y.backward(upstream);

        assertValues(upstream, new int[] {2}, 0.5, 3);
        assertValues(a.grad(), new int[] {2}, 1, 6);
    }

    @Test
    void aGradientHeldFromARecordingPassKeepsItsValues() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor z = x.mul(x).sum();
        z.backward(Tensor.scalar(1), true);
        Tensor first = x.grad();

        z.backward();

        // d(sum x^2)/dx = 2x per pass.
        assertValues(first, new int[] {2}, 2, 4);
        assertValues(x.grad(), new int[] {2}, 4, 8);
    }
}

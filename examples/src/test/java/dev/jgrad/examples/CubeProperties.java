package dev.jgrad.examples;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.GradCheck;
import dev.jgrad.gradcheck.TensorArbitraries;
import dev.jgrad.gradcheck.TensorFunction;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CubeProperties {
    @Property(tries = 100)
    void cubeHasTheRightDerivatives(@ForAll("inputs") Tensor x) {
        TensorFunction f = in -> Tensor.apply(new Cube(), in[0]);   // your dev.jgrad.engine.Function
        GradCheck.assertGradients(f, x);        // first derivatives
        GradCheck.assertGradGradients(f, x);    // second derivatives, through backward(upstream, true)
    }

    @Provide
    Arbitrary<Tensor> inputs() {
        return TensorArbitraries.tensors().between(-2, 2);   // also positive(), distinct(), awayFrom(margin, kinks...)
    }
}

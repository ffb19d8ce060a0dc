package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.Float32CheckResult;
import dev.jgrad.gradcheck.GradCheck;
import dev.jgrad.gradcheck.TensorFunction;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CubeFloat32Test {
    @Test
    void theCubeKeepsFloat32AndAgreesWithFloat64() {
        Tensor x = Tensor.randn(new Random(4), 2, 3);
        TensorFunction f = in -> Tensor.apply(new Cube(), in[0]);
        GradCheck.assertFloat32(f, x);                 // values and first derivatives, float32 against float64
        GradCheck.assertFloat32GradGradients(f, x);    // second derivatives too
        Float32CheckResult r = GradCheck.checkFloat32(f, x);
        assertTrue(r.passed(), r.report());
        assertEquals(DType.FLOAT32, Tensor.apply(new Cube(), x.to(DType.FLOAT32)).dtype());
    }
}

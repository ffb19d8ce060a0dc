package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Function;
import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.GradCheck;
import dev.jgrad.gradcheck.GradCheckResult;
import dev.jgrad.gradcheck.TensorArbitraries;
import dev.jgrad.gradcheck.TensorFunction;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Deliberately wrong backward passes, and the gradient checker catching every one of them. */
class BrokenOpProperties {
    /** {@link Cube}'s {@code x^3} with a backward that forgets the factor 3 of {@code 3x^2}. */
    static final class CubeWithoutFactor implements Function {
        private final Cube cube = new Cube();

        @Override
        public Tensor forward(Tensor... inputs) {
            return cube.forward(inputs);
        }

        @Override
        public Tensor[] backward(Tensor upstream, Tensor[] inputs, Tensor output) {
            return new Tensor[] {upstream.mul(inputs[0].mul(inputs[0]))};
        }
    }

    /** {@code a * b} whose backward doubles the gradient of element [1, 2] of {@code b} (an off-by-one in a loop). */
    static final class MulDoublingOneElement implements Function {
        @Override
        public Tensor forward(Tensor... inputs) {
            return inputs[0].mul(inputs[1]);
        }

        @Override
        public Tensor[] backward(Tensor upstream, Tensor[] inputs, Tensor output) {
            double[] bump = new double[6];
            bump[5] = 1;
            Tensor gradB = upstream.mul(inputs[0]);
            return new Tensor[] {upstream.mul(inputs[1]), gradB.add(gradB.mul(Tensor.of(bump, 2, 3)))};
        }
    }

    @Property(tries = 50)
    void aMissingFactorIsCaughtOnEveryInput(@ForAll("awayFromZero") Tensor x) {
        TensorFunction f = in -> Tensor.apply(new CubeWithoutFactor(), in[0]);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertGradients(f, x));
        assertTrue(e.getMessage().startsWith("first derivatives do NOT match"), e.getMessage());
    }

    /** Away from 0, where {@code 3x^2} and {@code x^2} differ by more than the check's own accuracy. */
    @Provide
    Arbitrary<Tensor> awayFromZero() {
        return TensorArbitraries.tensors().between(0.5, 2);
    }

    @Example
    void oneWrongElementFailsItsInputAndNamesTheElement() {
        Tensor a = Tensor.randn(new Random(1), 2, 3);
        Tensor b = Tensor.randn(new Random(2), 2, 3);
        GradCheckResult r = GradCheck.check(in -> Tensor.apply(new MulDoublingOneElement(), in[0], in[1]), a, b);
        assertFalse(r.passed(), r.report());
        assertTrue(r.input(0).passed(), r.report());
        assertFalse(r.input(1).passed(), r.report());
        assertTrue(r.report().startsWith("first derivatives do NOT match (h = 1.0E-6, relative error <= 1.0E-7)\n"),
                r.report());
        assertTrue(r.report().contains("\n  input 1 [2, 3]: mismatch at element [1, 2]: numerical "), r.report());
    }
}

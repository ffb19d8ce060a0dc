package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static dev.jgrad.engine.TensorAssertions.function;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FunctionTest {

    /** x * y² with a hand-written backward. */
    static final class MulSquare implements Function {
        @Override
        public Tensor forward(Tensor... in) {
            assertFalse(Tensor.isGradEnabled(), "forward runs with recording off");
            return in[0].mul(in[1].pow(2));
        }

        @Override
        public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
            return new Tensor[] {g.mul(in[1].pow(2)), g.mul(in[0]).mul(in[1]).mul(2)};
        }
    }

    @Test
    void customOpIsDifferentiatedThroughItsOwnBackward() {
        Tensor x = Tensor.of(new double[] {2, 3}, 2).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {5, 7}, 2).requiresGrad(true);
        Tensor out = Tensor.apply(new MulSquare(), x, y);
        assertEquals("MulSquare", out.op());
        assertValues(out, new int[] {2}, 50, 147);
        out.add(x).sum().backward();
        assertValues(x.grad(), new int[] {2}, 26, 50);
        assertValues(y.grad(), new int[] {2}, 20, 42);
    }

    @Test
    void customOpSupportsSecondDerivatives() {
        Tensor x = Tensor.of(new double[] {2}, 1).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {5}, 1).requiresGrad(true);
        Tensor.apply(new MulSquare(), x, y).backward(Tensor.ones(1), true);
        Tensor dy = y.grad();
        x.zeroGrad();
        y.zeroGrad();
        dy.backward();
        // d(2xy)/dx = 2y, d(2xy)/dy = 2x
        assertValues(x.grad(), new int[] {1}, 10);
        assertValues(y.grad(), new int[] {1}, 4);
    }

    @Test
    void aBackwardReturningTheWrongShapeIsReported() {
        Function broken = function("double", in -> in[0].mul(2), (g, in, out) -> new Tensor[] {g.sum()});
        Tensor x = Tensor.ones(3).requiresGrad(true);
        assertThrowsNaming(IllegalStateException.class, () -> Tensor.apply(broken, x).sum().backward(), "double",
                "[]", "[3]");
    }

    @Test
    void aBackwardReturningTooFewGradientsIsReported() {
        Function broken = function(in -> in[0].add(in[1]), (g, in, out) -> new Tensor[] {g});
        Tensor x = Tensor.ones(1).requiresGrad(true);
        assertThrowsNaming(IllegalStateException.class, () -> Tensor.apply(broken, x, x).backward(), "1 gradients",
                "2 inputs");
    }

    @Test
    void aForwardReturningNullIsReported() {
        Function silent = function("silent", in -> null, (g, in, out) -> new Tensor[] {g});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.apply(silent, Tensor.ones(1)));
        assertEquals("forward of 'silent' returned null; it must return the output tensor", e.getMessage());
    }
}

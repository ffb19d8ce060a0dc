package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertRejectedWith;
import static dev.jgrad.engine.TensorAssertions.call;
import static dev.jgrad.engine.TensorAssertions.function;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public method of Tensor and Derivatives that takes an object rejects null with a message naming the op and
 * the parameter.
 */
class NullArgumentTest {
    private static final Tensor X = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    private static final int[] ONE = {1, 1}, ZERO = {0, 0};
    private static final Derivatives.Fn SUM = in -> in[0].sum();
    private static final Function IDENTITY = function(in -> in[0], (upstream, in, out) -> new Tensor[] {upstream});

    static Stream<Arguments> calls() {
        Random rng = new Random(1);
        return Stream.of(
                call("Tensor.of: data is null", () -> Tensor.of((double[]) null, 2)),
                call("Tensor.of: shape is null", () -> Tensor.of(new double[] {1, 2}, (int[]) null)),
                call("Tensor.zeros: shape is null", () -> Tensor.zeros((int[]) null)),
                call("Tensor.ones: shape is null", () -> Tensor.ones((int[]) null)),
                call("Tensor.full: shape is null", () -> Tensor.full(1.0, (int[]) null)),
                call("Tensor.rand: rng is null", () -> Tensor.rand(null, 2)),
                call("Tensor.rand: shape is null", () -> Tensor.rand(rng, (int[]) null)),
                call("Tensor.randn: rng is null", () -> Tensor.randn(null, 2)),
                call("Tensor.randn: shape is null", () -> Tensor.randn(rng, (int[]) null)),
                call("get: index is null", () -> X.get((int[]) null)),
                call("add: other is null", () -> X.add(null)),
                call("sub: other is null", () -> X.sub(null)),
                call("mul: other is null", () -> X.mul(null)),
                call("div: other is null", () -> X.div(null)),
                call("maximum: other is null", () -> X.maximum(null)),
                call("minimum: other is null", () -> X.minimum(null)),
                call("matmul: other is null", () -> X.matmul(null)),
                call("linear: weight is null", () -> X.linear(null, X)),
                call("linear: epilogue is null", () -> X.linear(X, null, null)),
                call("reshape: shape is null", () -> X.reshape((int[]) null)),
                call("concat: parts is null", () -> Tensor.concat(0, (Tensor[]) null)),
                call("concat: part 1 is null", () -> Tensor.concat(0, X, null, X)),
                call("indexSelect: indices is null", () -> X.indexSelect(0, (int[]) null)),
                call("gather: index is null", () -> X.gather(1, null)),
                call("expand: shape is null", () -> X.expand((int[]) null)),
                call("sumTo: shape is null", () -> X.sumTo((int[]) null)),
                call("unfold: kernel is null", () -> X.reshape(1, 1, 2, 2).unfold(null, ONE, ZERO, ONE)),
                call("fold: outputSize is null", () -> X.reshape(1, 4, 1).fold(null, ONE, ONE, ZERO, ONE)),
                call("conv2d: weight is null", () -> X.reshape(1, 1, 2, 2).conv2d(null, null, 1, 0)),
                call("conv2d: stride is null", () -> X.reshape(1, 1, 2, 2).conv2d(X.reshape(1, 1, 2, 2), null, null,
                        ZERO, ONE, 1)),
                call("maxPool2d: kernel is null", () -> X.reshape(1, 1, 2, 2).maxPool2d(null, ONE, ZERO)),
                call("avgPool2d: stride is null", () -> X.reshape(1, 1, 2, 2).avgPool2d(ONE, null, ZERO)),
                call("backward: upstream is null", () -> computed().backward(null)),
                call("backward: upstream is null", () -> computed().backward(null, true)),
                call("assign: source is null", () -> Tensor.zeros(2).assign(null)),
                call("addInPlace: other is null", () -> Tensor.zeros(2).addInPlace(null, 1.0)),
                call("apply: function is null", () -> Tensor.apply(null, X)),
                call("apply: inputs is null", () -> Tensor.apply(IDENTITY, (Tensor[]) null)),
                call("apply: input 0 is null", () -> Tensor.apply(IDENTITY, (Tensor) null)),
                call("grad: f is null", () -> Derivatives.grad(null, X)),
                call("grad: inputs is null", () -> Derivatives.grad(SUM, (Tensor[]) null)),
                call("grad: input 1 is null", () -> Derivatives.grad(SUM, X, null)),
                call("grad: unused is null", () -> Derivatives.grad(SUM, new Tensor[] {X}, false, null)),
                call("vjp: f is null", () -> Derivatives.vjp(null, new Tensor[] {X}, X)),
                call("vjp: v is null", () -> Derivatives.vjp(SUM, new Tensor[] {X}, null)),
                call("jvp: tangents is null", () -> Derivatives.jvp(SUM, new Tensor[] {X}, null)),
                call("jvp: tangent 0 is null", () -> Derivatives.jvp(SUM, new Tensor[] {X}, new Tensor[1])),
                call("jvp: inputs is null", () -> Derivatives.jvp(SUM, null, new Tensor[] {X})),
                call("jacobian: f is null", () -> Derivatives.jacobian(null, X)),
                call("jacobian: mode is null", () -> Derivatives.jacobian(SUM, new Tensor[] {X}, null)),
                call("jacobian: input 0 is null", () -> Derivatives.jacobian(SUM, (Tensor) null)),
                call("hessian: f is null", () -> Derivatives.hessian(null, X)),
                call("hessian: inputs is null", () -> Derivatives.hessian(SUM, (Tensor[]) null)),
                call("hvp: v is null", () -> Derivatives.hvp(SUM, new Tensor[] {X}, null)),
                call("hvp: v 0 is null", () -> Derivatives.hvp(SUM, new Tensor[] {X}, new Tensor[1])),
                call("hvp: f is null", () -> Derivatives.hvp(null, new Tensor[] {X}, new Tensor[] {X})),
                call("registerHook: hook is null", () -> computed().registerHook(null)),
                call("checkpoint: f is null", () -> Tensor.checkpoint(null, X)),
                call("checkpoint: inputs is null", () -> Tensor.checkpoint(in -> in[0], (Tensor[]) null)),
                call("checkpoint: input 1 is null", () -> Tensor.checkpoint(in -> in[0], X, null)));
    }

    private static Tensor computed() {
        return Tensor.zeros(2).requiresGrad(true).mul(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void nullIsRejectedNamingTheOpAndTheParameter(String message, Executable call) {
        assertRejectedWith(message, call);
    }
}

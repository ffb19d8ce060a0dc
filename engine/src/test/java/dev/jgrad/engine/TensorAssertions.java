package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Assertions about tensors that JUnit lacks: a shape and its values at once, an exception whose message names the
 * op and the shapes, and a gradient checked against central differences. The engine's tests cannot use gradcheck
 * for the last one, because gradcheck depends on the engine; this is the small version they need.
 */
final class TensorAssertions {
    private TensorAssertions() {
    }

    static void assertValues(Tensor t, int[] shape, double... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toArray(), 1e-12, "values");
    }

    /** Asserts the exception type and that its message contains every fragment (the op, the shapes...). */
    static <T extends Throwable> T assertThrowsNaming(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' should name '" + f + "'");
        }
        return e;
    }

    /** One case of a table of rejected calls: the exact message, then the call that must fail with it. */
    static Arguments call(String message, Executable call) {
        return Arguments.of(message, call);
    }

    /** Asserts that the call throws an IllegalArgumentException with exactly this message. */
    static void assertRejectedWith(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    /** The forward half of a test's user function. */
    interface Forward {
        Tensor apply(Tensor[] inputs);
    }

    /** The backward half of a test's user function. */
    interface Backward {
        Tensor[] apply(Tensor upstream, Tensor[] inputs, Tensor output);
    }

    /** A user function made of the two halves, with the default name. */
    static Function function(Forward forward, Backward backward) {
        return function(null, forward, backward);
    }

    /** A user function made of the two halves, called {@code name} in errors, or the default when that is null. */
    static Function function(String name, Forward forward, Backward backward) {
        return new Function() {
            @Override
            public Tensor forward(Tensor... inputs) {
                return forward.apply(inputs);
            }

            @Override
            public Tensor[] backward(Tensor upstream, Tensor[] inputs, Tensor output) {
                return backward.apply(upstream, inputs, output);
            }

            @Override
            public String name() {
                return name == null ? Function.super.name() : name;
            }
        };
    }

    /**
     * Central-difference gradient of sum(w * f(x)) with respect to x, for a fixed weighting w, next to the
     * analytic gradient from backward: the quick check the engine's own tests use.
     */
    static void assertGradientMatches(java.util.function.Function<Tensor, Tensor> f, Tensor x) {
        Tensor leaf = Tensor.of(x.toArray(), x.shape()).requiresGrad(true);
        Tensor out = f.apply(leaf);
        java.util.Random rng = new java.util.Random(7);
        Tensor w = Tensor.rand(rng, out.shape()).add(0.5);
        out.mul(w).sum().backward();
        double[] analytic = leaf.grad().toArray();
        double[] xs = x.toArray();
        double h = 1e-6;
        for (int i = 0; i < xs.length; i++) {
            double keep = xs[i];
            xs[i] = keep + h;
            double plus = f.apply(Tensor.of(xs, x.shape())).mul(w).sum().item();
            xs[i] = keep - h;
            double minus = f.apply(Tensor.of(xs, x.shape())).mul(w).sum().item();
            xs[i] = keep;
            double numeric = (plus - minus) / (2 * h);
            double err = Math.abs(numeric - analytic[i]) / Math.max(1.0, Math.abs(numeric));
            int at = i;
            assertTrue(err < 1e-6, () -> "element " + at + ": numeric " + numeric + " vs analytic " + analytic[at]);
        }
    }
}

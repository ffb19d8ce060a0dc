package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public op of {@link Tensor}, run in FLOAT32 and in FLOAT64 on the same values: the FLOAT32 output keeps
 * its dtype and equals the FLOAT64 output rounded to float within a few ulps, and so do the gradients.
 */
class Float32OpsTest {

    /**
     * One op: {@code f(x, y)} with x of shape [2, 3] and y of {@code yShape} (unused when null); {@code positive}
     * asks for inputs in [0.5, 2), else they are signed, away from 0.
     */
    record Case(String name, int[] yShape, boolean positive, BinaryOperator<Tensor> f) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case unary(String name, boolean positive, java.util.function.UnaryOperator<Tensor> f) {
        return new Case(name, null, positive, (x, y) -> f.apply(x));
    }

    private static Case binary(String name, int[] yShape, BinaryOperator<Tensor> f) {
        return new Case(name, yShape, false, f);
    }

    /** A product: its inputs are positive, so that no output cancels to near 0 and ulps stay meaningful. */
    private static Case product(String name, int[] yShape) {
        return new Case(name, yShape, true, Tensor::matmul);
    }

    private static final int[] ROW = {3}, SAME = {2, 3};

    static List<Case> cases() {
        return List.of(
                binary("add", SAME, Tensor::add),
                binary("add broadcast", ROW, Tensor::add),
                unary("add scalar", false, x -> x.add(0.1)),
                binary("sub", ROW, Tensor::sub),
                unary("sub scalar", false, x -> x.sub(0.3)),
                binary("mul", SAME, Tensor::mul),
                binary("mul broadcast", ROW, Tensor::mul),
                unary("mul scalar", false, x -> x.mul(0.7)),
                binary("div", ROW, Tensor::div),
                unary("div scalar", false, x -> x.div(3)),
                binary("maximum", SAME, Tensor::maximum),
                binary("minimum", ROW, Tensor::minimum),
                unary("pow", true, x -> x.pow(2.5)),
                unary("pow square", false, x -> x.pow(2)),
                unary("neg", false, Tensor::neg),
                unary("exp", false, Tensor::exp),
                unary("log", true, Tensor::log),
                unary("sqrt", true, Tensor::sqrt),
                unary("abs", false, Tensor::abs),
                unary("tanh", false, Tensor::tanh),
                unary("sigmoid", false, Tensor::sigmoid),
                unary("relu", false, Tensor::relu),
                unary("clamp", false, x -> x.clamp(-0.9, 0.8)),
                unary("sum", false, Tensor::sum),
                unary("sum axis", false, x -> x.sum(0, false)),
                unary("mean", false, Tensor::mean),
                unary("mean axis", false, x -> x.mean(-1, true)),
                unary("max", false, Tensor::max),
                unary("max axis", false, x -> x.max(1, false)),
                unary("logSumExp", false, x -> x.logSumExp(1, false)),
                product("matmul", new int[] {3, 2}),
                product("matmul batched", new int[] {4, 3, 2}),
                new Case("linear", new int[] {3, 2}, true, (x, w) -> x.linear(w, w.sum(0, false))),
                // Positive, as the products are, so the ReLU passes everything here; LinearTest has it clamp FLOAT32.
                new Case("linear relu", new int[] {3, 2}, true,
                        (x, w) -> x.linear(w, w.sum(0, false), Epilogue.RELU)),
                unary("transpose", false, Tensor::transpose),
                unary("reshape", false, x -> x.reshape(3, -1)),
                binary("concat", new int[] {1, 3}, (x, y) -> Tensor.concat(0, x, y)),
                unary("slice", false, x -> x.slice(1, 1, 3)),
                unary("indexSelect", false, x -> x.indexSelect(1, 2, 0, 2)),
                unary("gather", false, x -> x.gather(1, new int[] {2, 0})),
                unary("expand", false, x -> x.reshape(2, 1, 3).expand(2, 4, 3)),
                unary("sumTo", false, x -> x.sumTo(1, 3)),
                unary("unfold", false, x -> x.reshape(1, 1, 2, 3).unfold(new int[] {2, 2}, new int[] {1, 1},
                        new int[] {1, 0}, new int[] {1, 1})),
                unary("fold", false, x -> x.reshape(1, 2, 3).fold(new int[] {1, 4}, new int[] {1, 2},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1})),
                unary("conv2d", false, x -> x.reshape(1, 1, 2, 3).conv2d(Tensor.full(x.dtype(), 0.5, 2, 1, 2, 2),
                        Tensor.full(x.dtype(), 0.25, 2), 1, 1)),
                unary("maxPool2d", false, x -> x.reshape(1, 1, 2, 3).maxPool2d(2, 1)),
                unary("avgPool2d", false, x -> x.reshape(1, 1, 2, 3).avgPool2d(new int[] {2, 2}, new int[] {1, 1},
                        new int[] {1, 1})),
                unary("to", false, x -> x.to(DType.FLOAT64).mul(x.to(DType.FLOAT64)).to(x.dtype())),
                unary("detach", false, x -> x.detach().mul(x)),
                unary("apply", false, x -> Tensor.apply(new Square(), x)),
                unary("checkpoint", false, x -> Tensor.checkpoint(in -> in[0].tanh().mul(in[0]), x)));
    }

    /** x², with a hand-written backward: a custom op in either dtype. */
    static final class Square implements Function {
        @Override
        public Tensor forward(Tensor... in) {
            return in[0].mul(in[0]);
        }

        @Override
        public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
            return new Tensor[] {g.mul(in[0]).mul(2)};
        }
    }

    /** Float-valued inputs of {@code shape}, so that the two dtypes start from exactly the same numbers. */
    private static float[] values(Random rng, int[] shape, boolean positive) {
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            double u = 0.5 + 1.5 * rng.nextDouble();
            v[i] = (float) (positive || rng.nextBoolean() ? u : -u);
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32OutputIsTheFloat64OutputRoundedToFloat(Case c) {
        Random rng = new Random(c.name().hashCode());
        float[] xv = values(rng, SAME, c.positive());
        float[] yv = c.yShape() == null ? new float[0] : values(rng, c.yShape(), c.positive());
        Run f32 = run(c, Tensor.of(xv, SAME), c.yShape() == null ? null : Tensor.of(yv, c.yShape()));
        Run f64 = run(c, Tensor.of(xv, SAME).to(DType.FLOAT64).detach(),
                c.yShape() == null ? null : Tensor.of(yv, c.yShape()).to(DType.FLOAT64).detach());

        assertEquals(DType.FLOAT32, f32.out.dtype(), "output dtype");
        assertEquals(Arrays.toString(f64.out.shape()), Arrays.toString(f32.out.shape()), "shape");
        assertWithinUlps(f64.out.toArray(), f32.out.toArray(), 4, "output");
        assertEquals(DType.FLOAT32, f32.x.grad().dtype(), "x gradient dtype");
        assertGradientClose(f64.x.grad().toArray(), f32.x.grad().toArray(), "x gradient");
        if (c.yShape() != null) {
            assertEquals(DType.FLOAT32, f32.y.grad().dtype(), "y gradient dtype");
            assertGradientClose(f64.y.grad().toArray(), f32.y.grad().toArray(), "y gradient");
        }
    }

    /** The leaves, the output, and after {@code sum(w * out).backward()} for a fixed weighting w, their gradients. */
    private record Run(Tensor x, Tensor y, Tensor out) {
    }

    private static Run run(Case c, Tensor x, Tensor y) {
        x.requiresGrad(true);
        if (y != null) {
            y.requiresGrad(true);
        }
        Tensor out = c.f().apply(x, y);
        Tensor w = Tensor.rand(DType.FLOAT32, new Random(3), out.shape()).add(0.5).to(x.dtype());
        out.mul(w).sum().backward();
        return new Run(x, y, out);
    }

    private static void assertWithinUlps(double[] expected, double[] actual, int ulps, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            float rounded = (float) expected[i];
            assertEquals(rounded, actual[i], ulps * Math.ulp(rounded), what + " element " + i);
        }
    }

    /** Gradients pass through a few float ops each: within a few float ulps of the largest element. */
    private static void assertGradientClose(double[] expected, double[] actual, String what) {
        double scale = Arrays.stream(expected).map(Math::abs).max().orElse(0);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * scale, what + " element " + i);
        }
    }

    /** The methods that are not ops: creation, reading, autograd and in-place updates. */
    private static final Set<String> NOT_OPS = Set.of("requiresGrad", "retainGrad", "grad", "assign", "addInPlace", "mulInPlace",
            "of", "scalar", "zeros", "ones", "full", "rand", "randn", "dropoutMask", "noGrad", "enableGrad",
            "detectAnomaly");

    @Test
    void theTableCoversEveryPublicOpOfTensor() {
        Set<String> ops = Stream.of(Tensor.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == Tensor.class)
                .map(Method::getName)
                .filter(name -> !NOT_OPS.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = cases().stream().map(c -> c.name().split(" ")[0]).collect(Collectors.toSet());
        ops.removeAll(covered);
        assertTrue(ops.isEmpty(), "ops missing from the float32 table: " + ops);
    }
}

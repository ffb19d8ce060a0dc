package dev.jgrad.gradcheck;

import static dev.jgrad.gradcheck.TensorArbitraries.scalars;
import static dev.jgrad.gradcheck.TensorArbitraries.shapes;
import static dev.jgrad.gradcheck.TensorArbitraries.tensors;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Epilogue;
import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.ArrayArbitrary;

/**
 * The engine's entries of the op catalog, in the order of {@link Tensor}'s API, and the methods that return a
 * tensor without having a gradient to check. Each domain keeps the inputs where the op is differentiable (log on
 * positive values, values away from the kinks of relu, abs and clamp, no ties for max) and nothing narrower.
 */
final class EngineCatalog {
    private EngineCatalog() {
    }

    /** How far values stay from a kink or a tie: far beyond the step h = 1e-6, close enough to test near it. */
    static final double MARGIN = 1e-3;

    static final Map<String, String> NOT_DIFFERENTIABLE = notDifferentiable();

    static final OpCatalog CATALOG = OpCatalog.of(List.of(
            binary("Tensor.add(Tensor)", tensors(), tensors(), Tensor::add),
            withScalar("Tensor.add(double)", tensors(), scalars(-3, 3), Tensor::add),
            binary("Tensor.sub(Tensor)", tensors(), tensors(), Tensor::sub),
            withScalar("Tensor.sub(double)", tensors(), scalars(-3, 3), Tensor::sub),
            binary("Tensor.mul(Tensor)", tensors(), tensors(), Tensor::mul),
            withScalar("Tensor.mul(double)", tensors(), scalars(-3, 3), Tensor::mul),
            binary("Tensor.div(Tensor)", tensors(), tensors().between(-1.5, 1.5).awayFrom(0.5, 0.0), Tensor::div),
            withScalar("Tensor.div(double)", tensors(), scalars(0.5, 3).eitherSign(), Tensor::div),
            routed("Tensor.maximum(Tensor)", Tensor::maximum),
            routed("Tensor.minimum(Tensor)", Tensor::minimum),
            pow(),
            unary("Tensor.neg()", tensors(), Tensor::neg),
            unary("Tensor.exp()", tensors().between(-3, 3), Tensor::exp),
            unary("Tensor.log()", tensors().positive(), Tensor::log),
            unary("Tensor.sqrt()", tensors().positive(), Tensor::sqrt),
            unary("Tensor.abs()", tensors().awayFrom(MARGIN, 0.0), Tensor::abs),
            unary("Tensor.tanh()", tensors().between(-3, 3), Tensor::tanh),
            unary("Tensor.sigmoid()", tensors().between(-6, 6), Tensor::sigmoid),
            unary("Tensor.relu()", tensors().awayFrom(MARGIN, 0.0), Tensor::relu),
            clamp(),
            unary("Tensor.sum()", tensors(), Tensor::sum),
            alongAxis("Tensor.sum(int, boolean)", tensors(), Tensor::sum),
            unary("Tensor.mean()", tensors(), Tensor::mean),
            alongAxis("Tensor.mean(int, boolean)", tensors(), Tensor::mean),
            unary("Tensor.max()", tensors().distinct(MARGIN), Tensor::max),
            alongAxis("Tensor.max(int, boolean)", tensors().distinct(MARGIN), Tensor::max),
            alongAxis("Tensor.logSumExp(int, boolean)", tensors().between(-5, 5), Tensor::logSumExp),
            matmul(),
            linear(),
            linearWithEpilogue(),
            OpEntry.forMethod("Tensor.transpose()", tensors().describe() + "; rank 2 to 4",
                    tensors().shapes(shapes(2, 4, 1, 5)).map(x -> OpCase.of("transpose", in -> in[0].transpose(), x))),
            reshape(),
            concat(),
            slice(),
            indexSelect(),
            gather(),
            expand(),
            sumTo(),
            unfold(),
            fold(),
            conv2d(),
            conv2dSquare(),
            pool("Tensor.maxPool2d(int[], int[], int[])", tensors().distinct(MARGIN),
                    (x, w) -> x.maxPool2d(w.kernel(), w.stride(), w.padding())),
            squarePool("Tensor.maxPool2d(int, int)", tensors().distinct(MARGIN), Tensor::maxPool2d),
            pool("Tensor.avgPool2d(int[], int[], int[])", tensors(),
                    (x, w) -> x.avgPool2d(w.kernel(), w.stride(), w.padding())),
            squarePool("Tensor.avgPool2d(int, int)", tensors(), Tensor::avgPool2d),
            cast(),
            unary("Tensor.checkpoint(Function, Tensor[])", tensors().between(-3, 3),
                    x -> Tensor.checkpoint(in -> in[0].tanh().mul(in[0].exp()), x))));

    private static Map<String, String> notDifferentiable() {
        return OpCatalog.exemptions()
                .because("creates a leaf from plain values: there is no tensor input to differentiate",
                        "Tensor.of(double[], int[])", "Tensor.scalar(double)", "Tensor.zeros(int[])",
                        "Tensor.ones(int[])", "Tensor.full(double, int[])", "Tensor.rand(Random, int[])",
                        "Tensor.randn(Random, int[])", "Tensor.of(float[], int[])", "Tensor.zeros(DType, int[])",
                        "Tensor.ones(DType, int[])", "Tensor.full(DType, double, int[])",
                        "Tensor.rand(DType, Random, int[])", "Tensor.randn(DType, Random, int[])",
                        "Tensor.rand(DType, SplittableRandom, int[])",
                        "Tensor.dropoutMask(DType, SplittableRandom, double, int[])")
                .because("marks a leaf and returns the same tensor: computes nothing", "Tensor.requiresGrad(boolean)")
                .because("marks a tensor to keep its gradient and returns the same tensor: computes nothing",
                        "Tensor.retainGrad()")
                .because("reads the gradient accumulated by backward: not an op", "Tensor.grad()")
                .because("cuts the graph on purpose: the copy has no gradient", "Tensor.detach()")
                .because("in-place update of a leaf, allowed only outside recording (optimizer steps)",
                        "Tensor.assign(Tensor)", "Tensor.addInPlace(Tensor, double)", "Tensor.mulInPlace(double)")
                .because("runs a user-defined op whose gradient is the user's own backward: check it with GradCheck,"
                        + " as the checker's self-test does with a wrong one", "Tensor.apply(Function, Tensor[])")
                .build();
    }

    // ---------------------------------------------------------------- elementwise

    private static OpEntry unary(String signature, TensorArbitrary xs, UnaryOperator<Tensor> op) {
        String name = OpEntry.methodName(signature);
        return OpEntry.forMethod(signature, xs.describe(), xs.map(x -> OpCase.of(name, in -> op.apply(in[0]), x)));
    }

    private static OpEntry binary(String signature, TensorArbitrary a, TensorArbitrary b, BinaryOperator<Tensor> op) {
        String name = OpEntry.methodName(signature);
        return OpEntry.forMethod(signature, pairDomain(a, b) + "; equal or broadcast shapes",
                pairs(a, b).map(p -> OpCase.of(name, in -> op.apply(in[0], in[1]), p[0], p[1])));
    }

    /** One text for two inputs drawn alike, one per input otherwise. */
    private static String pairDomain(TensorArbitrary a, TensorArbitrary b) {
        String first = a.describe(), second = b.describe();
        return first.equals(second) ? first : "first: " + first + "; second: " + second;
    }

    private static OpEntry withScalar(String signature, TensorArbitrary xs, ScalarArbitrary constants,
                                      BiFunction<Tensor, Double, Tensor> op) {
        String name = OpEntry.methodName(signature);
        return OpEntry.forMethod(signature, xs.describe() + "; constant " + constants.describe(),
                Combinators.combine(xs, constants)
                        .as((x, c) -> OpCase.of(name + "(" + c + ")", in -> op.apply(in[0], c), x)));
    }

    /** Two tensors of equal shapes (a third of the time) or of broadcast-compatible shapes. */
    static Arbitrary<Tensor[]> pairs(TensorArbitrary a, TensorArbitrary b) {
        Arbitrary<int[][]> equal = shapes().map(s -> new int[][] {s, s.clone()});
        Arbitrary<int[][]> shapes = Arbitraries.frequencyOf(Tuple.of(1, equal), Tuple.of(2, TensorArbitraries.broadcastPairs()));
        return shapes.flatMap(s -> Combinators.combine(a.shape(s[0]), b.shape(s[1])).as((x, y) -> new Tensor[] {x, y}));
    }

    /** maximum and minimum, on pairs that differ by at least the margin wherever they meet (no ties). */
    private static OpEntry routed(String signature, BinaryOperator<Tensor> op) {
        String name = OpEntry.methodName(signature);
        Arbitrary<OpCase> cases = pairs(tensors(), tensors()).filter(p -> apart(p[0], p[1]))
                .map(p -> OpCase.of(name, in -> op.apply(in[0], in[1]), p[0], p[1]));
        return OpEntry.forMethod(signature, tensors().describe() + ", the two inputs at least "
                + TensorArbitrary.number(MARGIN) + " apart at every position (no ties); equal or broadcast shapes",
                cases);
    }

    private static boolean apart(Tensor a, Tensor b) {
        try (var off = Tensor.noGrad()) {
            for (double d : a.sub(b).toArray()) {
                if (Math.abs(d) < MARGIN) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Integer exponents on values of either sign (1/4 away from 0, where negative powers blow up); other exponents,
     * where negative bases have no real power, on positive values.
     */
    private static OpEntry pow() {
        ScalarArbitrary anyExponent = scalars(-3, 3);
        Arbitrary<Double> exponents = Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, 2.0, 3.0, -1.0, -2.0, 0.5, -0.5),
                anyExponent);
        TensorArbitrary integerBases = tensors().awayFrom(0.25, 0.0), otherBases = tensors().positive();
        Arbitrary<OpCase> cases = exponents.flatMap(p -> (p == Math.rint(p) ? integerBases : otherBases)
                .map(x -> OpCase.of("pow(" + p + ")", in -> in[0].pow(p), x)));
        return OpEntry.forMethod("Tensor.pow(double)", "exponent " + anyExponent.describe() + " and the common"
                + " ones; integer exponents on " + integerBases.describe() + ", others on " + otherBases.describe(),
                cases);
    }

    /** clamp with random bounds at least 0.2 apart, values away from both bounds. */
    private static OpEntry clamp() {
        ScalarArbitrary lows = scalars(-1.5, 0.5), widths = scalars(0.2, 2);
        Arbitrary<OpCase> cases = Combinators.combine(lows, widths).as(Tuple::of).flatMap(t -> {
            double lo = t.get1(), hi = t.get1() + t.get2();
            return tensors().awayFrom(MARGIN, lo, hi)
                    .map(x -> OpCase.of("clamp(" + lo + ", " + hi + ")", in -> in[0].clamp(lo, hi), x));
        });
        return OpEntry.forMethod("Tensor.clamp(double, double)", "lower bound " + lows.describe() + ", upper bound "
                + widths.describe() + " above it; " + tensors().describe() + ", at least " + TensorArbitrary.number(MARGIN)
                + " away from both bounds", cases);
    }

    // ---------------------------------------------------------------- reductions

    @FunctionalInterface
    private interface AxisOp {
        Tensor apply(Tensor x, int axis, boolean keepDims);
    }

    /** An axis reduction on rank 1 to 4, along any axis (negative ones too), with and without keepDims. */
    private static OpEntry alongAxis(String signature, TensorArbitrary xs, AxisOp op) {
        String name = OpEntry.methodName(signature);
        Arbitrary<OpCase> cases = xs.shapes(shapes(1, 4, 1, 5)).flatMap(x -> Combinators.combine(
                Arbitraries.integers().between(-x.rank(), x.rank() - 1), Arbitraries.of(false, true))
                .as((axis, keep) -> OpCase.of(name + "(axis=" + axis + ", keepDims=" + keep + ")",
                        in -> op.apply(in[0], axis, keep), x)));
        return OpEntry.forMethod(signature, xs.describe() + "; rank 1 to 4, every axis", cases);
    }

    // ---------------------------------------------------------------- linear algebra and shape

    /** The four layouts matmul accepts: matrix x matrix, batch x batch, batch x matrix, matrix x batch. */
    private static OpEntry matmul() {
        Arbitrary<Integer> dim = Arbitraries.integers().between(1, 5);
        Arbitrary<int[][]> layouts = Combinators.combine(dim, dim, dim, dim, Arbitraries.integers().between(0, 3))
                .as((b, m, k, n, layout) -> {
                    switch (layout) {
                        case 0: return new int[][] {{m, k}, {k, n}};
                        case 1: return new int[][] {{b, m, k}, {b, k, n}};
                        case 2: return new int[][] {{b, m, k}, {k, n}};
                        default: return new int[][] {{m, k}, {b, k, n}};
                    }
                });
        Arbitrary<OpCase> cases = layouts.flatMap(s -> Combinators.combine(tensors().shape(s[0]), tensors().shape(s[1]))
                .as((a, b) -> OpCase.of("matmul", in -> in[0].matmul(in[1]), a, b)));
        return OpEntry.forMethod("Tensor.matmul(Tensor)", tensors().describe() + "; [m,k]x[k,n], [b,m,k]x[b,k,n],"
                + " [b,m,k]x[k,n], [m,k]x[b,k,n]", cases);
    }

    /** {@code x} of {@code [m, k]} or {@code [b, m, k]}, a weight {@code [k, n]}, half the time a bias {@code [n]}. */
    private static Arbitrary<Tensor[]> linearInputs() {
        Arbitrary<Integer> dim = Arbitraries.integers().between(1, 5);
        Arbitrary<Boolean> coin = Arbitraries.of(false, true);
        return Combinators.combine(dim, dim, dim, dim, coin, coin).as((b, m, k, n, batched, withBias) -> {
            Arbitrary<Tensor> x = tensors().shape(batched ? new int[] {b, m, k} : new int[] {m, k});
            Arbitrary<Tensor> w = tensors().shape(k, n), bias = tensors().shape(n);
            return withBias ? Combinators.combine(x, w, bias).as((xs, ws, bs) -> new Tensor[] {xs, ws, bs})
                    : Combinators.combine(x, w).as((xs, ws) -> new Tensor[] {xs, ws});
        }).flatMap(inputs -> inputs);
    }

    private static final String LINEAR_LAYOUTS = "; x [m,k] or [b,m,k], weight [k,n], bias [n] or null";

    /** The inputs' bias, or null for a case drawn without one. */
    private static Tensor bias(Tensor[] in) {
        return in.length > 2 ? in[2] : null;
    }

    private static OpEntry linear() {
        Arbitrary<OpCase> cases = linearInputs().map(p -> OpCase.of("linear" + (p.length > 2 ? "" : "(no bias)"),
                in -> in[0].linear(in[1], bias(in)), p));
        return OpEntry.forMethod("Tensor.linear(Tensor, Tensor)", tensors().describe() + LINEAR_LAYOUTS, cases);
    }

    /** Both epilogues; for RELU only inputs whose x · W + b stays away from relu's kink at 0. */
    private static OpEntry linearWithEpilogue() {
        Arbitrary<OpCase> cases = Combinators.combine(linearInputs(), Arbitraries.of(Epilogue.class)).as(Tuple::of)
                .filter(t -> t.get2() != Epilogue.RELU || awayFromZero(t.get1()))
                .map(t -> OpCase.of("linear(" + t.get2() + (t.get1().length > 2 ? "" : ", no bias") + ")",
                        in -> in[0].linear(in[1], bias(in), t.get2()), t.get1()));
        return OpEntry.forMethod("Tensor.linear(Tensor, Tensor, Epilogue)", tensors().describe() + LINEAR_LAYOUTS
                + "; for RELU, x·W + b at least " + TensorArbitrary.number(MARGIN) + " away from 0", cases);
    }

    private static boolean awayFromZero(Tensor[] in) {
        try (var off = Tensor.noGrad()) {
            for (double z : in[0].linear(in[1], bias(in)).toArray()) {
                if (Math.abs(z) < MARGIN) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A target shape made by regrouping the prime factors of the size, sometimes with one dimension left as -1. */
    private static OpEntry reshape() {
        Arbitrary<OpCase> cases = tensors().flatMap(x -> {
            int size = (int) x.size();
            List<Integer> factors = primeFactors(size);
            return Combinators.combine(Arbitraries.integers().between(size == 1 ? 0 : 1, 4),
                    Arbitraries.integers().between(0, 3).list().ofSize(factors.size()),
                    Arbitraries.integers().between(-1, 3)).as((rank, slots, inferred) -> {
                        int[] shape = new int[rank];
                        Arrays.fill(shape, 1);
                        for (int i = 0; i < factors.size(); i++) {
                            shape[slots.get(i) % rank] *= factors.get(i);
                        }
                        if (inferred >= 0 && inferred < rank) {
                            shape[inferred] = -1;
                        }
                        return OpCase.of("reshape(" + Arrays.toString(shape) + ")", in -> in[0].reshape(shape), x);
                    });
        });
        return OpEntry.forMethod("Tensor.reshape(int[])", tensors().describe() + "; any shape of the same size, rank"
                + " 0 to 4, with or without -1", cases);
    }

    private static List<Integer> primeFactors(int n) {
        List<Integer> factors = new ArrayList<>();
        for (int p = 2; n > 1; p++) {
            while (n % p == 0) {
                factors.add(p);
                n /= p;
            }
        }
        return factors;
    }

    /** One to three parts that agree outside the axis, each 1 to 5 long along it. */
    private static OpEntry concat() {
        Arbitrary<OpCase> cases = shapes(1, 4, 1, 5).flatMap(shape -> Combinators.combine(
                Arbitraries.integers().between(-shape.length, shape.length - 1),
                Arbitraries.integers().between(1, 5).list().ofMinSize(1).ofMaxSize(3)).as(Tuple::of).flatMap(t -> {
                    int axis = t.get1(), ax = axis < 0 ? axis + shape.length : axis;
                    List<Arbitrary<Tensor>> parts = new ArrayList<>();
                    for (int length : t.get2()) {
                        int[] s = shape.clone();
                        s[ax] = length;
                        parts.add(tensors().shape(s));
                    }
                    return Combinators.combine(parts).as(list -> OpCase.of("concat(axis=" + axis + ", "
                            + list.size() + " parts)", in -> Tensor.concat(axis, in), list.toArray(new Tensor[0])));
                }));
        return OpEntry.forMethod("Tensor.concat(int, Tensor[])", tensors().describe() + "; 1 to 3 parts, rank 1 to"
                + " 4, every axis", cases);
    }

    /** Any range {@code from <= to} along any axis, the empty one included. */
    private static OpEntry slice() {
        Arbitrary<OpCase> cases = alongAnyAxis((x, axis, n) -> Arbitraries.integers().between(0, n)
                .flatMap(from -> Arbitraries.integers().between(from, n)
                        .map(to -> OpCase.of("slice(axis=" + axis + ", from=" + from + ", to=" + to + ")",
                                in -> in[0].slice(axis, from, to), x))));
        return OpEntry.forMethod("Tensor.slice(int, int, int)", tensors().describe() + "; rank 1 to 4, every axis,"
                + " every range including empty ones", cases);
    }

    /** 1 to 5 indices along any axis, repeats allowed (their gradients add up). */
    private static OpEntry indexSelect() {
        Arbitrary<OpCase> cases = alongAnyAxis((x, axis, n) -> indices(n).ofMinSize(1).ofMaxSize(5)
                .map(idx -> OpCase.of("indexSelect(axis=" + axis + ", " + Arrays.toString(idx) + ")",
                        in -> in[0].indexSelect(axis, idx), x)));
        return OpEntry.forMethod("Tensor.indexSelect(int, int[])", tensors().describe() + "; rank 1 to 4, every"
                + " axis, 1 to 5 indices with repeats", cases);
    }

    /** One index per position of the result, along any axis. */
    private static OpEntry gather() {
        Arbitrary<OpCase> cases = alongAnyAxis((x, axis, n) -> indices(n).ofSize((int) x.size() / n)
                .map(idx -> OpCase.of("gather(axis=" + axis + ", " + Arrays.toString(idx) + ")",
                        in -> in[0].gather(axis, idx), x)));
        return OpEntry.forMethod("Tensor.gather(int, int[])", tensors().describe() + "; rank 1 to 4, every axis,"
                + " any indices", cases);
    }

    /** The cases of an op along one axis of a tensor, given the axis (as the caller wrote it) and its length. */
    @FunctionalInterface
    private interface AxisCases {
        Arbitrary<OpCase> draw(Tensor x, int axis, int n);
    }

    /** Tensors of rank 1 to 4, each with every axis, negative ones too, and the cases {@code cases} draws there. */
    private static Arbitrary<OpCase> alongAnyAxis(AxisCases cases) {
        return tensors().shapes(shapes(1, 4, 1, 5)).flatMap(x -> Arbitraries.integers()
                .between(-x.rank(), x.rank() - 1)
                .flatMap(axis -> cases.draw(x, axis, x.shape()[axis < 0 ? axis + x.rank() : axis])));
    }

    /** Arrays of valid indices into an axis of length {@code n}. */
    private static ArrayArbitrary<Integer, int[]> indices(int n) {
        return Arbitraries.integers().between(0, n - 1).array(int[].class);
    }

    private static OpEntry expand() {
        return OpEntry.forMethod("Tensor.expand(int[])", tensors().describe() + "; any shape that broadcasts to a"
                + " target of rank 0 to 4", broadcasting("expand", false, Tensor::expand));
    }

    private static OpEntry sumTo() {
        return OpEntry.forMethod("Tensor.sumTo(int[])", tensors().describe() + "; any target shape that broadcasts"
                + " to the input's", broadcasting("sumTo", true, Tensor::sumTo));
    }

    /**
     * Cases of expand or of sumTo, each the other's backward: a shape of rank 0 to 4 and one that broadcasts to it,
     * the input of {@code op} having the larger one ({@code fromLarger}, sumTo) or the smaller (expand).
     */
    private static Arbitrary<OpCase> broadcasting(String name, boolean fromLarger,
                                                  BiFunction<Tensor, int[], Tensor> op) {
        return shapes().flatMap(larger -> TensorArbitraries.broadcastableTo(larger).flatMap(smaller -> {
            int[] to = fromLarger ? smaller : larger;
            return tensors().shape(fromLarger ? larger : smaller).map(x -> OpCase.of(name + "(" + Arrays.toString(to)
                    + ")", in -> op.apply(in[0], to), x));
        }));
    }

    // ---------------------------------------------------------------- windows

    /**
     * A window over images of {@code [n, c, h, w]}: per axis a kernel of 1 to 3, stride and dilation 1 or 2,
     * padding 0 or 1, kept where the dilated kernel fits in the padded image.
     */
    private record Window(int[] image, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        static final String DOMAIN = "batch and channels 1 or 2, height and width 1 to 4; per axis a kernel of 1 to"
                + " 3, stride 1 or 2, padding 0 or 1, dilation 1 or 2, where the dilated kernel fits in the padded"
                + " image";

        static Arbitrary<Window> all() {
            return Combinators.combine(pair(1, 2), pair(1, 4), pair(1, 3), pair(1, 2), pair(0, 1), pair(1, 2))
                    .as((nc, hw, k, s, p, d) -> new Window(new int[] {nc[0], nc[1], hw[0], hw[1]}, k, s, p, d))
                    .filter(w -> w.positions(0) >= 1 && w.positions(1) >= 1);
        }

        private static Arbitrary<int[]> pair(int min, int max) {
            return Arbitraries.integers().between(min, max).array(int[].class).ofSize(2);
        }

        /** PyTorch's count of window positions along axis {@code a} (0 height, 1 width). */
        int positions(int a) {
            int padded = image[2 + a] + 2 * padding[a], span = dilation[a] * (kernel[a] - 1) + 1;
            return padded < span ? 0 : (padded - span) / stride[a] + 1;
        }

        int[] size() {
            return new int[] {image[2], image[3]};
        }

        /** The shape unfold gives and fold takes: {@code [n, c*kH*kW, L]}. */
        int[] columns() {
            return new int[] {image[0], image[1] * kernel[0] * kernel[1], positions(0) * positions(1)};
        }

        @Override
        public String toString() {
            return "kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                    + Arrays.toString(padding) + ", dilation=" + Arrays.toString(dilation);
        }
    }

    /** Images of every window's domain; fold of the gradient is the backward. */
    private static OpEntry unfold() {
        Arbitrary<OpCase> cases = Window.all().flatMap(w -> tensors().shape(w.image()).map(x -> OpCase.of(
                "unfold(" + w + ") of " + Arrays.toString(w.image()),
                in -> in[0].unfold(w.kernel(), w.stride(), w.padding(), w.dilation()), x)));
        return OpEntry.forMethod("Tensor.unfold(int[], int[], int[], int[])", tensors().describe() + "; "
                + Window.DOMAIN, cases);
    }

    /** The columns unfold would make of such images, folded back; unfold of the gradient is the backward. */
    private static OpEntry fold() {
        Arbitrary<OpCase> cases = Window.all().flatMap(w -> tensors().shape(w.columns()).map(x -> OpCase.of(
                "fold(outputSize=" + Arrays.toString(w.size()) + ", " + w + ") of " + Arrays.toString(w.columns()),
                in -> in[0].fold(w.size(), w.kernel(), w.stride(), w.padding(), w.dilation()), x)));
        return OpEntry.forMethod("Tensor.fold(int[], int[], int[], int[], int[])", tensors().describe() + "; "
                + Window.DOMAIN, cases);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * Every window of {@link Window#all()} as a convolution: groups 1 or the image's channels (so 2, and depthwise
     * when there are 2), one or two output channels per group, a bias half the time.
     */
    private static OpEntry conv2d() {
        Arbitrary<OpCase> cases = Combinators.combine(Window.all(), Arbitraries.integers().between(1, 2),
                Arbitraries.of(false, true), Arbitraries.of(false, true)).as((w, perGroup, depthwise, withBias) -> {
                    int c = w.image()[1], groups = depthwise ? c : 1, o = perGroup * groups;
                    Arbitrary<Tensor> x = tensors().shape(w.image());
                    Arbitrary<Tensor> weight = tensors().shape(o, c / groups, w.kernel()[0], w.kernel()[1]);
                    String name = "conv2d(" + w + ", groups=" + groups + (withBias ? "" : ", no bias") + ") of "
                            + Arrays.toString(w.image());
                    return withBias
                            ? Combinators.combine(x, weight, tensors().shape(o)).as((xs, ws, bs) -> OpCase.of(name,
                                    in -> in[0].conv2d(in[1], in[2], w.stride(), w.padding(), w.dilation(), groups),
                                    xs, ws, bs))
                            : Combinators.combine(x, weight).as((xs, ws) -> OpCase.of(name,
                                    in -> in[0].conv2d(in[1], null, w.stride(), w.padding(), w.dilation(), groups),
                                    xs, ws));
                }).flatMap(c -> c);
        return OpEntry.forMethod("Tensor.conv2d(Tensor, Tensor, int[], int[], int[], int)", tensors().describe()
                + "; " + Window.DOMAIN + "; groups 1 or C, 1 or 2 output channels per group, bias [O] or null", cases);
    }

    /** One stride and one padding for both axes, dilation 1, one group: the short form, with a bias. */
    private static OpEntry conv2dSquare() {
        Arbitrary<OpCase> cases = squareWindows(false).flatMap(w -> Combinators.combine(tensors().shape(w.image()),
                tensors().shape(2, w.image()[1], w.kernel()[0], w.kernel()[1]), tensors().shape(2))
                .as((x, weight, b) -> OpCase.of("conv2d(" + w + ") of " + Arrays.toString(w.image()),
                        in -> in[0].conv2d(in[1], in[2], w.stride()[0], w.padding()[0]), x, weight, b)));
        return OpEntry.forMethod("Tensor.conv2d(Tensor, Tensor, int, int)", tensors().describe() + "; images as "
                + Window.DOMAIN + ", the stride and padding the same on both axes, dilation 1, 2 output channels",
                cases);
    }

    /**
     * Windows of the same kernel, stride and padding on both axes, dilation 1, fitting the image; for a pool, without
     * padding (the short forms have none), else padding 0 or 1.
     */
    private static Arbitrary<Window> squareWindows(boolean pool) {
        Arbitrary<Integer> k = Arbitraries.integers().between(1, 3), s = Arbitraries.integers().between(1, 2);
        Arbitrary<Integer> p = Arbitraries.integers().between(0, pool ? 0 : 1);
        Arbitrary<int[]> nc = Arbitraries.integers().between(1, 2).array(int[].class).ofSize(2);
        Arbitrary<int[]> hw = Arbitraries.integers().between(1, 4).array(int[].class).ofSize(2);
        return Combinators.combine(nc, hw, k, s, p).as((n, h, kk, ss, pp) -> new Window(
                new int[] {n[0], n[1], h[0], h[1]}, new int[] {kk, kk}, new int[] {ss, ss}, new int[] {pp, pp},
                new int[] {1, 1})).filter(w -> w.positions(0) >= 1 && w.positions(1) >= 1);
    }

    /** Windows of dilation 1 whose padding is at most half the kernel, as pooling takes them. */
    private static OpEntry pool(String method, TensorArbitrary values, BiFunction<Tensor, Window, Tensor> op) {
        Arbitrary<OpCase> cases = Window.all()
                .filter(w -> w.dilation()[0] == 1 && w.dilation()[1] == 1
                        && 2 * w.padding()[0] <= w.kernel()[0] && 2 * w.padding()[1] <= w.kernel()[1])
                .flatMap(w -> values.shape(w.image()).map(x -> OpCase.of(method.substring(7, 16) + "(" + w
                        + ") of " + Arrays.toString(w.image()), in -> op.apply(in[0], w), x)));
        return OpEntry.forMethod(method, values.describe() + "; " + Window.DOMAIN + ", dilation 1 and padding at"
                + " most half the kernel", cases);
    }

    /** The short form: one kernel size and one stride for both axes, no padding. */
    private static OpEntry squarePool(String method, TensorArbitrary values, SquarePool op) {
        Arbitrary<OpCase> cases = squareWindows(true).flatMap(w -> values.shape(w.image()).map(x -> OpCase.of(
                method.substring(7, 16) + "(" + w + ") of " + Arrays.toString(w.image()),
                in -> op.apply(in[0], w.kernel()[0], w.stride()[0]), x)));
        return OpEntry.forMethod(method, values.describe() + "; images as " + Window.DOMAIN + ", one kernel size"
                + " and stride for both axes, no padding", cases);
    }

    /** {@code x.maxPool2d(kernel, stride)} or avgPool2d's. */
    @FunctionalInterface
    private interface SquarePool {
        Tensor apply(Tensor x, int kernel, int stride);
    }

    // ---------------------------------------------------------------- dtypes

    /**
     * {@code x.to(FLOAT64).mul(x).to(x.dtype())}: x squared through both casts. Central differences cannot check a
     * cast to float (it rounds, so a step of h moves its output by whole float ulps, not by h), and a cast to the
     * tensor's own dtype returns the tensor itself. So the function casts to the dtype it is given and back: on
     * FLOAT64 inputs, as central differences check it, both casts are that identity and the entry checks the square;
     * on FLOAT32 inputs, as the float32 check runs it, the first cast widens (exactly), the product of the widened
     * and the FLOAT32 tensor promotes to FLOAT64, and the last cast rounds back to FLOAT32. The float32 check then
     * compares the values and first and second derivatives of that path, whose gradients run back through both
     * casts' backward passes and the promotion, with float64's, and requires them to come back FLOAT32.
     */
    private static OpEntry cast() {
        return OpEntry.forMethod("Tensor.to(DType)", tensors().describe() + "; cast to FLOAT64, times the input,"
                + " cast back to the input's dtype", tensors().map(x -> OpCase.of("to(FLOAT64).mul(x).to(x.dtype())",
                        in -> in[0].to(DType.FLOAT64).mul(in[0]).to(in[0].dtype()), x)));
    }
}

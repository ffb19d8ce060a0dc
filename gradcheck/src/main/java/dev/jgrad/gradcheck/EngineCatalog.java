package dev.jgrad.gradcheck;

import static dev.jgrad.gradcheck.TensorArbitraries.shapes;
import static dev.jgrad.gradcheck.TensorArbitraries.tensors;

import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

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
            binary("add", "Tensor.add(Tensor)", "values in [-2, 2]", tensors(), tensors(), Tensor::add),
            withScalar("add(double)", "Tensor.add(double)", "values and constant in [-3, 3]", tensors(), constants(),
                    Tensor::add),
            binary("sub", "Tensor.sub(Tensor)", "values in [-2, 2]", tensors(), tensors(), Tensor::sub),
            withScalar("sub(double)", "Tensor.sub(double)", "values and constant in [-3, 3]", tensors(), constants(),
                    Tensor::sub),
            binary("mul", "Tensor.mul(Tensor)", "values in [-2, 2]", tensors(), tensors(), Tensor::mul),
            withScalar("mul(double)", "Tensor.mul(double)", "values and constant in [-3, 3]", tensors(), constants(),
                    Tensor::mul),
            binary("div", "Tensor.div(Tensor)", "numerator in [-2, 2], denominator 0.5 to 2 away from 0",
                    tensors(), awayFromZero(), Tensor::div),
            withScalar("div(double)", "Tensor.div(double)", "values in [-2, 2], constant 0.5 to 3 away from 0",
                    tensors(), nonZeroConstants(), Tensor::div),
            routed("maximum", "Tensor.maximum(Tensor)", Tensor::maximum),
            routed("minimum", "Tensor.minimum(Tensor)", Tensor::minimum),
            pow(),
            unary("neg", "Tensor.neg()", "values in [-2, 2]", tensors(), Tensor::neg),
            unary("exp", "Tensor.exp()", "values in [-3, 3]", tensors().between(-3, 3), Tensor::exp),
            unary("log", "Tensor.log()", "positive values in [0.1, 3]", tensors().positive(), Tensor::log),
            unary("sqrt", "Tensor.sqrt()", "positive values in [0.1, 3]", tensors().positive(), Tensor::sqrt),
            unary("abs", "Tensor.abs()", "values in [-2, 2], 1e-3 away from the kink at 0",
                    tensors().awayFrom(MARGIN, 0.0), Tensor::abs),
            unary("tanh", "Tensor.tanh()", "values in [-3, 3]", tensors().between(-3, 3), Tensor::tanh),
            unary("sigmoid", "Tensor.sigmoid()", "values in [-6, 6]", tensors().between(-6, 6), Tensor::sigmoid),
            unary("relu", "Tensor.relu()", "values in [-2, 2], 1e-3 away from the kink at 0",
                    tensors().awayFrom(MARGIN, 0.0), Tensor::relu),
            clamp(),
            unary("sum", "Tensor.sum()", "values in [-2, 2]", tensors(), Tensor::sum),
            alongAxis("sum(axis)", "Tensor.sum(int, boolean)", "values in [-2, 2]", tensors(), Tensor::sum),
            unary("mean", "Tensor.mean()", "values in [-2, 2]", tensors(), Tensor::mean),
            alongAxis("mean(axis)", "Tensor.mean(int, boolean)", "values in [-2, 2]", tensors(), Tensor::mean),
            unary("max", "Tensor.max()", "pairwise-distinct values (1e-3 apart) in [-2, 2]",
                    tensors().distinct(MARGIN), Tensor::max),
            alongAxis("max(axis)", "Tensor.max(int, boolean)", "pairwise-distinct values (1e-3 apart) in [-2, 2]",
                    tensors().distinct(MARGIN), Tensor::max),
            alongAxis("logSumExp", "Tensor.logSumExp(int, boolean)", "values in [-5, 5]", tensors().between(-5, 5),
                    Tensor::logSumExp),
            matmul(),
            OpEntry.of("transpose", "values in [-2, 2], rank 2 to 4",
                    tensors().shapes(shapes(2, 4, 1, 5)).map(x -> OpCase.of("transpose", in -> in[0].transpose(), x)))
                    .covering("Tensor.transpose()"),
            reshape(),
            concat(),
            slice(),
            indexSelect(),
            gather(),
            expand(),
            sumTo()));

    private static Map<String, String> notDifferentiable() {
        Map<String, String> m = new LinkedHashMap<>();
        String creation = "creates a leaf from plain values: there is no tensor input to differentiate";
        m.put("Tensor.of(double[], int[])", creation);
        m.put("Tensor.scalar(double)", creation);
        m.put("Tensor.zeros(int[])", creation);
        m.put("Tensor.ones(int[])", creation);
        m.put("Tensor.full(double, int[])", creation);
        m.put("Tensor.rand(Random, int[])", creation);
        m.put("Tensor.randn(Random, int[])", creation);
        m.put("Tensor.requiresGrad(boolean)", "marks a leaf and returns the same tensor: computes nothing");
        m.put("Tensor.grad()", "reads the gradient accumulated by backward: not an op");
        m.put("Tensor.detach()", "cuts the graph on purpose: the copy has no gradient");
        String inPlace = "in-place update of a leaf, allowed only outside recording (optimizer steps)";
        m.put("Tensor.assign(Tensor)", inPlace);
        m.put("Tensor.addInPlace(Tensor, double)", inPlace);
        m.put("Tensor.mulInPlace(double)", inPlace);
        m.put("Tensor.apply(Function, Tensor[])", "runs a user-defined op whose gradient is the user's own backward:"
                + " check it with GradCheck, as the checker's self-test does with a wrong one");
        return Map.copyOf(m);
    }

    // ---------------------------------------------------------------- elementwise

    private static OpEntry unary(String name, String signature, String domain, TensorArbitrary xs,
                                 UnaryOperator<Tensor> op) {
        return OpEntry.of(name, domain, xs.map(x -> OpCase.of(name, in -> op.apply(in[0]), x))).covering(signature);
    }

    private static OpEntry binary(String name, String signature, String domain, TensorArbitrary a, TensorArbitrary b,
                                  BinaryOperator<Tensor> op) {
        return OpEntry.of(name, domain + "; equal or broadcast shapes",
                pairs(a, b).map(p -> OpCase.of(name, in -> op.apply(in[0], in[1]), p[0], p[1]))).covering(signature);
    }

    private static OpEntry withScalar(String name, String signature, String domain, TensorArbitrary xs,
                                      Arbitrary<Double> constants, BiFunction<Tensor, Double, Tensor> op) {
        return OpEntry.of(name, domain, Combinators.combine(xs, constants)
                .as((x, c) -> OpCase.of(name.replace("double", Double.toString(c)), in -> op.apply(in[0], c), x)))
                .covering(signature);
    }

    /** Two tensors of equal shapes (a third of the time) or of broadcast-compatible shapes. */
    static Arbitrary<Tensor[]> pairs(TensorArbitrary a, TensorArbitrary b) {
        Arbitrary<int[][]> equal = shapes().map(s -> new int[][] {s, s.clone()});
        Arbitrary<int[][]> shapes = Arbitraries.frequencyOf(Tuple.of(1, equal), Tuple.of(2, TensorArbitraries.broadcastPairs()));
        return shapes.flatMap(s -> Combinators.combine(a.shape(s[0]), b.shape(s[1])).as((x, y) -> new Tensor[] {x, y}));
    }

    private static Arbitrary<Double> constants() {
        return Arbitraries.doubles().between(-3, 3).ofScale(6);
    }

    private static Arbitrary<Double> nonZeroConstants() {
        return Combinators.combine(Arbitraries.doubles().between(0.5, 3).ofScale(6), Arbitraries.of(1.0, -1.0))
                .as((magnitude, sign) -> magnitude * sign);
    }

    /** Values with magnitude in [0.5, 2] and either sign. */
    private static TensorArbitrary awayFromZero() {
        return tensors().between(-1.5, 1.5).awayFrom(0.5, 0.0);
    }

    /** maximum and minimum, on pairs that differ by at least the margin wherever they meet (no ties). */
    private static OpEntry routed(String name, String signature, BinaryOperator<Tensor> op) {
        Arbitrary<OpCase> cases = pairs(tensors(), tensors()).filter(p -> apart(p[0], p[1]))
                .map(p -> OpCase.of(name, in -> op.apply(in[0], in[1]), p[0], p[1]));
        return OpEntry.of(name, "values in [-2, 2], the two inputs 1e-3 apart at every position (no ties);"
                + " equal or broadcast shapes", cases).covering(signature);
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
        Arbitrary<Double> exponents = Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, 2.0, 3.0, -1.0, -2.0, 0.5, -0.5),
                Arbitraries.doubles().between(-3, 3).ofScale(3));
        Arbitrary<OpCase> cases = exponents.flatMap(p -> {
            TensorArbitrary xs = p == Math.rint(p) ? tensors().awayFrom(0.25, 0.0) : tensors().positive();
            return xs.map(x -> OpCase.of("pow(" + p + ")", in -> in[0].pow(p), x));
        });
        return OpEntry.of("pow", "exponent in [-3, 3]; integer exponents on [-2, 2] 0.25 away from 0, others on"
                + " positive values in [0.1, 3]", cases).covering("Tensor.pow(double)");
    }

    /** clamp with random bounds at least 0.2 apart, values away from both bounds. */
    private static OpEntry clamp() {
        Arbitrary<Double> lows = Arbitraries.doubles().between(-1.5, 0.5).ofScale(4);
        Arbitrary<Double> widths = Arbitraries.doubles().between(0.2, 2).ofScale(4);
        Arbitrary<OpCase> cases = Combinators.combine(lows, widths).as(Tuple::of).flatMap(t -> {
            double lo = t.get1(), hi = t.get1() + t.get2();
            return tensors().awayFrom(MARGIN, lo, hi)
                    .map(x -> OpCase.of("clamp(" + lo + ", " + hi + ")", in -> in[0].clamp(lo, hi), x));
        });
        return OpEntry.of("clamp", "bounds in [-1.5, 2.5] at least 0.2 apart; values in [-2, 2], 1e-3 away from"
                + " both bounds", cases).covering("Tensor.clamp(double, double)");
    }

    // ---------------------------------------------------------------- reductions

    @FunctionalInterface
    private interface AxisOp {
        Tensor apply(Tensor x, int axis, boolean keepDims);
    }

    /** An axis reduction on rank 1 to 4, along any axis (negative ones too), with and without keepDims. */
    private static OpEntry alongAxis(String name, String signature, String domain, TensorArbitrary xs, AxisOp op) {
        String op0 = name.replace("(axis)", "");
        Arbitrary<OpCase> cases = xs.shapes(shapes(1, 4, 1, 5)).flatMap(x -> Combinators.combine(
                Arbitraries.integers().between(-x.rank(), x.rank() - 1), Arbitraries.of(false, true))
                .as((axis, keep) -> OpCase.of(op0 + "(axis=" + axis + ", keepDims=" + keep + ")",
                        in -> op.apply(in[0], axis, keep), x)));
        return OpEntry.of(name, domain + ", rank 1 to 4, every axis", cases).covering(signature);
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
        return OpEntry.of("matmul", "values in [-2, 2]; [m,k]x[k,n], [b,m,k]x[b,k,n], [b,m,k]x[k,n], [m,k]x[b,k,n]",
                cases).covering("Tensor.matmul(Tensor)");
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
        return OpEntry.of("reshape", "values in [-2, 2]; any shape of the same size, rank 0 to 4, with or without -1",
                cases).covering("Tensor.reshape(int[])");
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
        return OpEntry.of("concat", "values in [-2, 2]; 1 to 3 parts, rank 1 to 4, every axis", cases)
                .covering("Tensor.concat(int, Tensor[])");
    }

    /** Any range {@code from <= to} along any axis, the empty one included. */
    private static OpEntry slice() {
        Arbitrary<OpCase> cases = tensors().shapes(shapes(1, 4, 1, 5)).flatMap(x -> Arbitraries.integers()
                .between(-x.rank(), x.rank() - 1).flatMap(axis -> {
                    int n = x.shape()[axis < 0 ? axis + x.rank() : axis];
                    return Arbitraries.integers().between(0, n).flatMap(from -> Arbitraries.integers().between(from, n)
                            .map(to -> OpCase.of("slice(axis=" + axis + ", from=" + from + ", to=" + to + ")",
                                    in -> in[0].slice(axis, from, to), x)));
                }));
        return OpEntry.of("slice", "values in [-2, 2]; rank 1 to 4, every axis, every range including empty ones",
                cases).covering("Tensor.slice(int, int, int)");
    }

    /** 1 to 5 indices along any axis, repeats allowed (their gradients add up). */
    private static OpEntry indexSelect() {
        Arbitrary<OpCase> cases = tensors().shapes(shapes(1, 4, 1, 5)).flatMap(x -> Arbitraries.integers()
                .between(-x.rank(), x.rank() - 1).flatMap(axis -> {
                    int n = x.shape()[axis < 0 ? axis + x.rank() : axis];
                    return Arbitraries.integers().between(0, n - 1).array(int[].class).ofMinSize(1).ofMaxSize(5)
                            .map(idx -> OpCase.of("indexSelect(axis=" + axis + ", " + Arrays.toString(idx) + ")",
                                    in -> in[0].indexSelect(axis, idx), x));
                }));
        return OpEntry.of("indexSelect", "values in [-2, 2]; rank 1 to 4, every axis, 1 to 5 indices with repeats",
                cases).covering("Tensor.indexSelect(int, int[])");
    }

    /** One index per position of the result, along any axis. */
    private static OpEntry gather() {
        Arbitrary<OpCase> cases = tensors().shapes(shapes(1, 4, 1, 5)).flatMap(x -> Arbitraries.integers()
                .between(-x.rank(), x.rank() - 1).flatMap(axis -> {
                    int n = x.shape()[axis < 0 ? axis + x.rank() : axis];
                    return Arbitraries.integers().between(0, n - 1).array(int[].class).ofSize((int) x.size() / n)
                            .map(idx -> OpCase.of("gather(axis=" + axis + ", " + Arrays.toString(idx) + ")",
                                    in -> in[0].gather(axis, idx), x));
                }));
        return OpEntry.of("gather", "values in [-2, 2]; rank 1 to 4, every axis, any indices", cases)
                .covering("Tensor.gather(int, int[])");
    }

    private static OpEntry expand() {
        Arbitrary<OpCase> cases = shapes().flatMap(target -> TensorArbitraries.broadcastableTo(target)
                .flatMap(from -> tensors().shape(from).map(x -> OpCase.of("expand(" + Arrays.toString(target) + ")",
                        in -> in[0].expand(target), x))));
        return OpEntry.of("expand", "values in [-2, 2]; any shape that broadcasts to a target of rank 0 to 4", cases)
                .covering("Tensor.expand(int[])");
    }

    private static OpEntry sumTo() {
        Arbitrary<OpCase> cases = shapes().flatMap(from -> TensorArbitraries.broadcastableTo(from)
                .flatMap(to -> tensors().shape(from).map(x -> OpCase.of("sumTo(" + Arrays.toString(to) + ")",
                        in -> in[0].sumTo(to), x))));
        return OpEntry.of("sumTo", "values in [-2, 2]; any target shape that broadcasts to the input's", cases)
                .covering("Tensor.sumTo(int[])");
    }
}

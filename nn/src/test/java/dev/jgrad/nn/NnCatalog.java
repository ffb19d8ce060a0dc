package dev.jgrad.nn;

import static dev.jgrad.gradcheck.TensorArbitraries.scalars;
import static dev.jgrad.gradcheck.TensorArbitraries.shapes;
import static dev.jgrad.gradcheck.TensorArbitraries.tensors;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.OpCase;
import dev.jgrad.gradcheck.OpCatalog;
import dev.jgrad.gradcheck.OpCatalogProvider;
import dev.jgrad.gradcheck.OpEntry;
import dev.jgrad.gradcheck.ScalarArbitrary;
import dev.jgrad.gradcheck.TensorArbitrary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * nn's entries of the op catalog: every activation of {@link Activations}, every loss of {@link Losses}, and the
 * forward of every module with respect to its input and its parameters. Registered through
 * {@code META-INF/services/dev.jgrad.gradcheck.OpCatalogProvider}, so {@code OpCatalog.discover()} and the table
 * command see them after the engine's.
 *
 * <p>Each domain keeps inputs away from the points where the function is not differentiable (the ReLU family at 0,
 * ties inside a maxout group, a hinge exactly at its margin) and nothing narrower. Whatever is random inside an op
 * (RReLU's slopes, dropout's mask) is drawn from a seed fixed per case, so every evaluation of a case sees the same
 * draw. Labels and hard 0/1 targets are fixed per case too; they are not inputs, having no derivative.
 */
public final class NnCatalog implements OpCatalogProvider {
    /** Made by {@link java.util.ServiceLoader}. */
    public NnCatalog() {
    }

    /** How far values stay from a kink or a tie: far beyond the step h = 1e-6, close enough to test near it. */
    static final double MARGIN = 1e-3;
    /** Logits and scores of the classification losses. */
    private static final TensorArbitrary SCORES = tensors().between(-5, 5);
    /** Batch norm's eps, besides its default 1e-5, and its running statistics in evaluation. */
    private static final ScalarArbitrary EPS = scalars(1e-5, 0.1);
    private static final TensorArbitrary RUNNING_MEAN = tensors().between(-1, 1);
    private static final TensorArbitrary RUNNING_VAR = tensors().between(0.1, 2);

    static final OpCatalog CATALOG = OpCatalog.of(List.of(
            // ------------------------------------------------ Activations
            unary("Activations.sigmoid(Tensor)", tensors().between(-6, 6), Activations::sigmoid),
            unary("Activations.tanh(Tensor)", tensors().between(-3, 3), Activations::tanh),
            unary("Activations.relu(Tensor)", awayFromZero(), Activations::relu),
            unary("Activations.leakyRelu(Tensor)", awayFromZero(), Activations::leakyRelu),
            withConstant("Activations.leakyRelu(Tensor, double)", "slope", scalars(-1, 1), awayFromZero(),
                    Activations::leakyRelu),
            prelu(),
            rrelu(),
            // Away from 0 for elu too: its second derivative jumps there.
            unary("Activations.elu(Tensor)", tensors().between(-3, 3).awayFrom(MARGIN, 0.0), Activations::elu),
            withConstant("Activations.elu(Tensor, double)", "alpha", scalars(0, 3),
                    tensors().between(-3, 3).awayFrom(MARGIN, 0.0), Activations::elu),
            unary("Activations.silu(Tensor)", tensors().between(-6, 6), Activations::silu),
            withConstant("Activations.swish(Tensor, double)", "beta", scalars(-3, 3), tensors().between(-4, 4),
                    Activations::swish),
            unary("Activations.softplus(Tensor)", tensors().between(-30, 30), Activations::softplus),
            unary("Activations.gelu(Tensor)", tensors().between(-7, 7), Activations::gelu),
            alongAxis("Activations.softmax(Tensor, int)", Activations::softmax),
            alongAxis("Activations.logSoftmax(Tensor, int)", Activations::logSoftmax),
            maxout(),
            // ------------------------------------------------ Losses
            labelled("Losses.crossEntropy(Tensor, int[], Reduction)", "logits", "", Losses::crossEntropy,
                    labels -> true),
            labelled("Losses.multiclassHinge(Tensor, int[], Reduction)", "scores", ", each s_j - s_label + 1 at least "
                    + TensorArbitrary.number(MARGIN) + " away from the hinge at 0", Losses::multiclassHinge,
                    NnCatalog::awayFromHinge),
            crossEntropyWithProbabilities(),
            binaryCrossEntropyWithLogits(),
            binaryCrossEntropy(),
            paired("Losses.meanSquaredError(Tensor, Tensor, Reduction)", "rank 0 to 4", shapes(),
                    Losses::meanSquaredError),
            paired("Losses.sumSquaredError(Tensor, Tensor, Reduction)", "rank 1 to 4", shapes(1, 4, 1, 5),
                    Losses::sumSquaredError),
            marginRanking(),
            l2Penalty(),
            reduce(),
            lossCompute(),
            // ------------------------------------------------ modules
            activationModule(),
            module("Dense.forward(Tensor)", "input [n, in], weight [in, out], bias [out]; n, in, out 1 to 4",
                    tensors(), dims(3).map(d -> built("Dense(" + d[1] + " -> " + d[2] + ")",
                            new Dense(d[1], d[2], Init.ZEROS, new Random(0)), d[0], d[1]))),
            module("PReLU.forward(Tensor)", "one shared slope or one per feature; input rank 1 to 3", awayFromZero(),
                    preluModules()),
            rreluModule(true),
            rreluModule(false),
            module("Maxout.forward(Tensor)", "input [n, in], 1 to 3 outputs of 1 to 3 pieces, the two largest pieces"
                    + " of every output at least " + TensorArbitrary.number(MARGIN) + " apart (no ties)", tensors(),
                    maxoutModules()),
            dropoutModule(true),
            dropoutModule(false),
            module("BatchNorm1d.forward(Tensor)", "input [n, features], n 2 to 5, features 1 to 4, each feature's"
                    + " batch variance at least 1e-3; eps " + EPS.describe() + " or 1e-5", tensors(), batchNorms(true))
                    .variant("training"),
            module("BatchNorm1d.forward(Tensor)", "input [n, features], n 1 to 5, features 1 to 4; running mean "
                    + RUNNING_MEAN.describe() + ", running variance " + RUNNING_VAR.describe(), tensors(),
                    batchNorms(false)).variant("eval"),
            module("BatchNorm2d.forward(Tensor)", "input [n, c, 2, 3], n 1 to 3, c 1 or 2, each channel's variance"
                    + " over the batch at least 1e-3; eps " + EPS.describe() + " or 1e-5", tensors(),
                    batchNorms2d(true)).variant("training"),
            module("BatchNorm2d.forward(Tensor)", "input [n, c, 2, 3], n 1 to 3, c 1 or 2; running mean "
                    + RUNNING_MEAN.describe() + ", running variance " + RUNNING_VAR.describe(), tensors(),
                    batchNorms2d(false)).variant("eval"),
            module("Conv2d.forward(Tensor)", "input [n, c, 3, 4], n and c 1 or 2; kernel 1 to 3, stride 1 or 2, padding"
                    + " 0 or 1, dilation 1 or 2 on each axis, fitting the padded image; groups 1 or c, 1 or 2 outputs"
                    + " per group; bias or none; both constructors", tensors(), convolutions()),
            module("MaxPool2d.forward(Tensor)", "input [n, c, 3, 4], n and c 1 or 2; kernel 1 to 3, stride 1 or 2,"
                    + " padding up to half the kernel on each axis, fitting the padded image; both constructors",
                    tensors().distinct(MARGIN), pools(true)),
            module("AvgPool2d.forward(Tensor)", "input [n, c, 3, 4], n and c 1 or 2; kernel 1 to 3, stride 1 or 2,"
                    + " padding up to half the kernel on each axis, fitting the padded image; both constructors",
                    tensors(), pools(false)),
            module("Flatten.forward(Tensor)", "input rank 2 to 4, sizes 1 to 4", tensors(),
                    shapes(2, 4, 1, 4).map(s -> built("Flatten() of " + Arrays.toString(s), new Flatten(), s))),
            module("Sequential.forward(Tensor)", "Dense-tanh-Dense, or Dense-BatchNorm1d-softplus-Dense-logSoftmax in"
                    + " training with the batch norm's eps at 0.5", tensors(), sequentials())));

    /**
     * The public methods of nn that return a tensor but are no op to check, each with the reason. With
     * {@link #CATALOG} they account for every such method of every public class of the package.
     */
    static final Map<String, String> NOT_DIFFERENTIABLE = notDifferentiable();

    @Override
    public List<OpEntry> entries() {
        return CATALOG.entries();
    }

    private static Map<String, String> notDifferentiable() {
        return OpCatalog.exemptions()
                .because("abstract: each concrete module's forward has its own entry", "Module.forward(Tensor)")
                .because("returns the module's own parameter or buffer tensor: computes nothing", "Dense.weight()",
                        "Dense.bias()", "Conv2d.weight()", "Conv2d.bias()", "PReLU.slope()",
                        "BatchNorm1d.weight()", "BatchNorm1d.bias()", "BatchNorm1d.runningMean()",
                        "BatchNorm1d.runningVar()", "BatchNorm2d.weight()", "BatchNorm2d.bias()",
                        "BatchNorm2d.runningMean()", "BatchNorm2d.runningVar()")
                .because("returns data held by the object: computes nothing", "Dataset.features()",
                        "Dataset.targets()", "Standardizer.mean()", "Standardizer.std()")
                .because("preprocesses data with recording off: the result is a constant by design, not part of a"
                        + " model's graph", "Standardizer.transform(Tensor)")
                .because("inference in eval mode with recording off: its result has no graph by design; the model's"
                        + " forward is what the module entries check", "Trainer.predict(Tensor, int)",
                        "Module.predict(Tensor)", "Model.predict(Tensor)")
                .because("creates a weight tensor from a random draw: there is no tensor input to differentiate",
                        "Init.sample(Random, int, int, int[])", "Init.draw(Random, int, int, int[])")
                .build();
    }

    // ---------------------------------------------------------------- elementwise activations

    /** An op with its parameters fixed, and how a case names it. */
    private record Op(String description, UnaryOperator<Tensor> function) {
    }

    @FunctionalInterface
    private interface WithConstant {
        Tensor apply(Tensor x, double c);
    }

    /** A function of one tensor, described by its method's name. */
    private static OpEntry unary(String signature, TensorArbitrary xs, UnaryOperator<Tensor> f) {
        return unary(signature, xs.describe(), xs, Arbitraries.just(new Op(OpEntry.methodName(signature), f)));
    }

    /** A function of one tensor and a constant drawn from {@code constants}. */
    private static OpEntry withConstant(String signature, String parameter, ScalarArbitrary constants,
                                        TensorArbitrary xs, WithConstant f) {
        String op = OpEntry.methodName(signature);
        return unary(signature, parameter + " " + constants.describe() + "; " + xs.describe(), xs,
                constants.map(c -> new Op(op + "(" + parameter + "=" + c + ")", x -> f.apply(x, c))));
    }

    private static OpEntry unary(String signature, String domain, TensorArbitrary xs, Arbitrary<Op> ops) {
        return OpEntry.forMethod(signature, domain, Combinators.combine(ops, xs)
                .as((op, x) -> OpCase.of(op.description(), in -> op.function().apply(in[0]), x)));
    }

    private static TensorArbitrary awayFromZero() {
        return tensors().awayFrom(MARGIN, 0.0);
    }

    /** The slope as a second input: one shared value (shape [] or [1]) or one per feature of the last axis. */
    private static OpEntry prelu() {
        Arbitrary<OpCase> shared = Combinators.combine(awayFromZero(),
                Arbitraries.of(new int[0], new int[] {1}).flatMap(s -> tensors().shape(s)))
                .as((x, slope) -> OpCase.of("prelu(shared slope " + Arrays.toString(slope.shape()) + ")",
                        in -> Activations.prelu(in[0], in[1]), x, slope));
        Arbitrary<OpCase> perFeature = awayFromZero().shapes(shapes(1, 4, 1, 5)).flatMap(x -> tensors()
                .shape(x.shape()[x.rank() - 1]).map(slope -> OpCase.of("prelu(slope per feature)",
                        in -> Activations.prelu(in[0], in[1]), x, slope)));
        return OpEntry.forMethod("Activations.prelu(Tensor, Tensor)", "slope " + tensors().describe() + ", shared or"
                + " one per feature, receiving its gradient; " + awayFromZero().describe(),
                Arbitraries.oneOf(shared, perFeature));
    }

    /** The slopes are drawn from a Random made afresh from the case's seed at every evaluation. */
    private static OpEntry rrelu() {
        Arbitrary<Op> ops = Combinators.combine(slopeRanges(), Arbitraries.longs()).as((range, seed) -> new Op(
                "rrelu(" + range[0] + ", " + range[1] + ", seed=" + seed + ")",
                x -> Activations.rrelu(x, range[0], range[1], new Random(seed))));
        return unary("Activations.rrelu(Tensor, double, double, Random)", "slopes from [lower, upper] within [0, 1], a"
                + " fixed seed per case; " + awayFromZero().describe(), awayFromZero(), ops);
    }

    private static Arbitrary<double[]> slopeRanges() {
        Arbitrary<Double> ends = Arbitraries.doubles().between(0, 1).ofScale(4);
        return Combinators.combine(ends, ends).as((a, b) -> new double[] {Math.min(a, b), Math.max(a, b)});
    }

    @FunctionalInterface
    private interface AxisOp {
        Tensor apply(Tensor x, int axis);
    }

    /** Rank 1 to 4, along any axis, negative ones too. */
    private static OpEntry alongAxis(String signature, AxisOp f) {
        String op = OpEntry.methodName(signature);
        TensorArbitrary xs = tensors().between(-5, 5);
        Arbitrary<OpCase> cases = xs.shapes(shapes(1, 4, 1, 5)).flatMap(x -> Arbitraries
                .integers().between(-x.rank(), x.rank() - 1)
                .map(axis -> OpCase.of(op + "(axis=" + axis + ")", in -> f.apply(in[0], axis), x)));
        return OpEntry.forMethod(signature, xs.describe() + "; rank 1 to 4, every axis", cases);
    }

    /** Groups of 1 to 4 pieces along the last axis; values pairwise 1e-3 apart, so no group has a tie. */
    private static OpEntry maxout() {
        TensorArbitrary distinct = tensors().distinct(MARGIN);
        Arbitrary<OpCase> cases = Combinators.combine(shapes(0, 2, 1, 4), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 4)).as(Tuple::of).flatMap(t -> {
                    int[] shape = Arrays.copyOf(t.get1(), t.get1().length + 1);
                    shape[shape.length - 1] = t.get2() * t.get3();
                    int pieces = t.get3();
                    return distinct.shape(shape).map(x -> OpCase.of("maxout(pieces=" + pieces + ")",
                            in -> Activations.maxout(in[0], pieces), x));
                });
        return OpEntry.forMethod("Activations.maxout(Tensor, int)", "1 to 3 groups of 1 to 4 pieces on the last axis,"
                + " rank 1 to 3; " + distinct.describe(), cases);
    }

    // ---------------------------------------------------------------- losses

    private static Arbitrary<Reduction> reductions() {
        return Arbitraries.of(Reduction.values());
    }

    /** [batch, classes], each 1 to 5. */
    private static Arbitrary<int[]> batches() {
        return shapes(2, 2, 1, 5);
    }

    @FunctionalInterface
    private interface LabelLoss {
        Tensor apply(Tensor scores, int[] labels, Reduction reduction);
    }

    private record Labelled(Tensor scores, int[] labels) {
    }

    /** Scores [batch, classes] as the input, labels fixed per case; both reductions. */
    private static OpEntry labelled(String signature, String scores, String condition, LabelLoss loss,
                                    Predicate<Labelled> valid) {
        String op = OpEntry.methodName(signature);
        Arbitrary<OpCase> cases = Combinators.combine(labelledScores(valid), reductions())
                .as((s, r) -> OpCase.of(op + "(labels=" + Arrays.toString(s.labels()) + ", " + r + ")",
                        in -> loss.apply(in[0], s.labels(), r), s.scores()));
        return OpEntry.forMethod(signature, scores + ": " + SCORES.describe() + condition + "; [batch, classes] 1 to 5"
                + " each, any labels; mean and sum", cases);
    }

    private static Arbitrary<Labelled> labelledScores(Predicate<Labelled> valid) {
        return batches().flatMap(s -> Combinators.combine(SCORES.shape(s),
                Arbitraries.integers().between(0, s[1] - 1).array(int[].class).ofSize(s[0])).as(Labelled::new))
                .filter(valid);
    }

    /** Each {@code s_j - s_label + 1}, j other than the label, is at least the margin away from 0. */
    private static boolean awayFromHinge(Labelled l) {
        int classes = l.scores().shape()[1];
        double[] s = l.scores().toArray();
        for (int i = 0; i < l.labels().length; i++) {
            for (int j = 0; j < classes; j++) {
                double m = s[i * classes + j] - s[i * classes + l.labels()[i]] + 1;
                if (j != l.labels()[i] && Math.abs(m) < MARGIN) {
                    return false;
                }
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface PairLoss {
        Tensor apply(Tensor a, Tensor b, Reduction reduction);
    }

    private static Arbitrary<OpCase> pairCases(String op, Arbitrary<int[]> shapes, TensorArbitrary a,
                                               TensorArbitrary b, PairLoss loss) {
        return Combinators.combine(shapes.flatMap(s -> Combinators.combine(a.shape(s), b.shape(s)).as(List::of)),
                reductions()).as((p, r) -> OpCase.of(op + "(" + r + ")", in -> loss.apply(in[0], in[1], r),
                        p.get(0), p.get(1)));
    }

    /** Both arguments as inputs, of one shape; both reductions. */
    private static OpEntry paired(String signature, String ranks, Arbitrary<int[]> shapes, PairLoss loss) {
        return OpEntry.forMethod(signature, "predictions and targets: " + tensors().describe() + ", " + ranks
                + "; mean and sum", pairCases(OpEntry.methodName(signature), shapes, tensors(), tensors(), loss));
    }

    /** Targets are rows of a probability distribution, soft or one-hot, and an input: the loss is linear in them. */
    private static OpEntry crossEntropyWithProbabilities() {
        Arbitrary<Tensor> soft = batches().flatMap(s -> tensors().between(0.01, 1).shape(s)).map(t -> {
            try (var off = Tensor.noGrad()) {
                return t.div(t.sum(1, true));
            }
        });
        Arbitrary<Tensor> oneHot = labelledScores(l -> true).map(l -> {
            int classes = l.scores().shape()[1];
            double[] v = new double[l.labels().length * classes];
            for (int i = 0; i < l.labels().length; i++) {
                v[i * classes + l.labels()[i]] = 1;
            }
            return Tensor.of(v, l.labels().length, classes);
        });
        Arbitrary<OpCase> cases = Combinators.combine(Arbitraries.oneOf(soft, oneHot)
                .flatMap(p -> SCORES.shape(p.shape()).map(z -> List.of(z, p))), reductions())
                .as((p, r) -> OpCase.of("crossEntropyWithProbabilities(" + r + ")",
                        in -> Losses.crossEntropyWithProbabilities(in[0], in[1], r), p.get(0), p.get(1)));
        return OpEntry.forMethod("Losses.crossEntropyWithProbabilities(Tensor, Tensor, Reduction)", "logits: "
                + SCORES.describe() + ", [batch, classes] 1 to 5 each; targets soft (rows of positive values summing"
                + " to 1) or one-hot, as an input; mean and sum", cases);
    }

    private static OpEntry binaryCrossEntropyWithLogits() {
        TensorArbitrary logits = tensors().between(-8, 8), targets = tensors().between(0, 1);
        return OpEntry.forMethod("Losses.binaryCrossEntropyWithLogits(Tensor, Tensor, Reduction)", "logits: "
                + logits.describe() + "; targets as an input: " + targets.describe() + "; rank 0 to 4; mean and sum",
                pairCases("binaryCrossEntropyWithLogits", shapes(), logits, targets,
                        Losses::binaryCrossEntropyWithLogits));
    }

    /**
     * Probabilities inside the clamp, where the loss is smooth. Hard 0/1 targets are fixed per case (a step of h
     * would leave [0, 1], which the loss rejects), in the probabilities' dtype, as the float32 check needs; soft
     * targets in [0.01, 0.99] are an input.
     */
    private static OpEntry binaryCrossEntropy() {
        TensorArbitrary probabilities = tensors().between(0.02, 0.98), softTargets = tensors().between(0.01, 0.99);
        Arbitrary<OpCase> soft = pairCases("binaryCrossEntropy", shapes(), probabilities, softTargets,
                Losses::binaryCrossEntropy);
        Arbitrary<OpCase> hard = Combinators.combine(shapes().flatMap(s -> Combinators.combine(probabilities.shape(s),
                Arbitraries.of(0.0, 1.0).array(double[].class).ofSize(size(s))).as((p, y) -> List.of(p,
                Tensor.of(y, s)))), reductions()).as((p, r) -> OpCase.of("binaryCrossEntropy(0/1 targets "
                + Arrays.toString(p.get(1).toArray()) + ", " + r + ")",
                in -> Losses.binaryCrossEntropy(in[0], p.get(1).to(in[0].dtype()), r), p.get(0)));
        return OpEntry.forMethod("Losses.binaryCrossEntropy(Tensor, Tensor, Reduction)", "probabilities: "
                + probabilities.describe() + " (inside the clamp), rank 0 to 4; fixed 0/1 targets, or soft targets as"
                + " an input: " + softTargets.describe() + "; mean and sum", Arbitraries.oneOf(soft, hard));
    }

    /** The wrong score is built as {@code right - margin + d} with {@code |d| >= 1e-3}: never at the hinge. */
    private static OpEntry marginRanking() {
        ScalarArbitrary margins = scalars(-1, 2);
        Arbitrary<OpCase> cases = Combinators.combine(shapes().flatMap(s -> Combinators.combine(tensors().shape(s),
                awayFromZero().shape(s)).as(List::of)), margins, reductions()).as((p, margin, r) -> {
                    Tensor wrong;
                    try (var off = Tensor.noGrad()) {
                        wrong = p.get(0).sub(margin).add(p.get(1));
                    }
                    return OpCase.of("marginRanking(margin=" + margin + ", " + r + ")",
                            in -> Losses.marginRanking(in[0], in[1], margin, r), p.get(0), wrong);
                });
        return OpEntry.forMethod("Losses.marginRanking(Tensor, Tensor, double, Reduction)", "margin "
                + margins.describe() + "; right scores: " + tensors().describe() + "; margin + wrong - right: "
                + awayFromZero().describe() + " (the hinge); rank 0 to 4; mean and sum", cases);
    }

    private static OpEntry l2Penalty() {
        ScalarArbitrary lambdas = scalars(0, 2);
        Arbitrary<OpCase> cases = Combinators.combine(tensors().list().ofMinSize(1).ofMaxSize(3), lambdas,
                Arbitraries.integers().between(1, 100))
                .as((ws, lambda, m) -> OpCase.of("l2Penalty(lambda=" + lambda + ", m=" + m + ", " + ws.size()
                        + " weights)", in -> Losses.l2Penalty(lambda, m, List.of(in)), ws.toArray(new Tensor[0])));
        return OpEntry.forMethod("Losses.l2Penalty(double, int, Iterable)", "1 to 3 weights of rank 0 to 4, "
                + tensors().describe() + "; lambda " + lambdas.describe() + ", m 1 to 100", cases);
    }

    private static OpEntry reduce() {
        Arbitrary<OpCase> cases = Combinators.combine(tensors(), reductions())
                .as((x, r) -> OpCase.of(r + ".reduce", in -> r.reduce(in[0]), x));
        return OpEntry.forMethod("Reduction.reduce(Tensor)", tensors().describe() + ", rank 0 to 4; mean and sum",
                cases);
    }

    /** The training objectives of {@link Loss}: labels as a fixed target tensor, other targets as an input. */
    private static OpEntry lossCompute() {
        Arbitrary<OpCase> labelled = Combinators.combine(labelledScores(NnCatalog::awayFromHinge),
                Arbitraries.of("crossEntropy", "multiclassHinge")).as((s, kind) -> {
                    Loss loss = kind.equals("crossEntropy") ? Loss.crossEntropy() : Loss.multiclassHinge();
                    Tensor labels = Tensor.of(Arrays.stream(s.labels()).asDoubleStream().toArray(), s.labels().length);
                    return OpCase.of("Loss." + kind + "(labels=" + Arrays.toString(s.labels()) + ")",
                            in -> loss.compute(in[0], labels), s.scores());
                });
        Arbitrary<OpCase> targets = Combinators.combine(batches().flatMap(s -> Combinators.combine(
                SCORES.shape(s), tensors().between(0, 1).shape(s)).as(List::of)),
                Arbitraries.of("binaryCrossEntropyWithLogits", "meanSquaredError")).as((p, kind) -> {
                    Loss loss = kind.equals("meanSquaredError") ? Loss.meanSquaredError()
                            : Loss.binaryCrossEntropyWithLogits();
                    return OpCase.of("Loss." + kind, in -> loss.compute(in[0], in[1]), p.get(0), p.get(1));
                });
        return OpEntry.forMethod("Loss.compute(Tensor, Tensor)", "the Loss factories; outputs [batch, classes]: "
                + SCORES.describe() + ", hinge scores away from the hinge; labels fixed, other targets as an input: "
                + tensors().between(0, 1).describe(), Arbitraries.oneOf(labelled, targets));
    }

    // ---------------------------------------------------------------- modules

    /** A module, the shape of its input, how a case names it, and which inputs it accepts. */
    private record Built(String description, Module module, int[] inputShape, Predicate<Tensor[]> valid) {
    }

    private static Built built(String description, Module module, int... inputShape) {
        return new Built(description, module, inputShape, in -> true);
    }

    /**
     * The forward with respect to the input (values from {@code inputs}) and to every parameter (values in
     * [-2, 2]), which the check passes in place of the module's own through {@link FunctionalCall}.
     */
    private static OpEntry module(String signature, String domain, TensorArbitrary inputs, Arbitrary<Built> modules) {
        Arbitrary<OpCase> cases = modules.flatMap(b -> {
            List<Arbitrary<Tensor>> all = new ArrayList<>();
            all.add(inputs.shape(b.inputShape()));
            for (int[] s : FunctionalCall.parameterShapes(b.module())) {
                all.add(tensors().shape(s));
            }
            return Combinators.combine(all).as(list -> list.toArray(new Tensor[0])).filter(b.valid())
                    .map(in -> OpCase.of(b.description(), x -> FunctionalCall.forward(b.module(), x[0],
                            Arrays.copyOfRange(x, 1, x.length)), in));
        });
        return OpEntry.forMethod(signature, domain + "; input: " + inputs.describe() + "; parameters: "
                + tensors().describe(), cases);
    }

    /** {@code count} sizes, 1 to 4 each. */
    private static Arbitrary<int[]> dims(int count) {
        return shapes(count, count, 1, 4);
    }

    private static Arbitrary<Built> preluModules() {
        return Combinators.combine(shapes(0, 2, 1, 4), Arbitraries.integers().between(1, 4), Arbitraries.of(false, true))
                .as((lead, features, perFeature) -> {
                    int[] shape = Arrays.copyOf(lead, lead.length + 1);
                    shape[lead.length] = features;
                    return perFeature ? built("PReLU(" + features + ")", new PReLU(features), shape)
                            : built("PReLU()", new PReLU(), shape);
                });
    }

    private static Arbitrary<Built> maxoutModules() {
        return dims(4).map(d -> {
            int n = d[0], in = d[1], out = Math.min(d[2], 3), pieces = Math.min(d[3], 3);
            Module m = new Maxout(in, out, pieces, Init.ZEROS, new Random(0));
            return new Built("Maxout(" + in + " -> " + out + ", pieces=" + pieces + ")", m, new int[] {n, in},
                    p -> noTieAmongTopPieces(p[0].matmul(p[1]).add(p[2]), pieces));
        });
    }

    /** In every group of {@code pieces} consecutive values of the last axis, the largest leads the next by the margin. */
    private static boolean noTieAmongTopPieces(Tensor z, int pieces) {
        double[] v = z.toArray();
        for (int g = 0; g < v.length; g += pieces) {
            double top = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY;
            for (int k = g; k < g + pieces; k++) {
                if (v[k] > top) {
                    second = top;
                    top = v[k];
                } else if (v[k] > second) {
                    second = v[k];
                }
            }
            if (top - second < MARGIN) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every feature (column) of a batch has a variance of at least 1e-3. At a variance near 0 batch norm
     * divides by about sqrt(eps), which multiplies the rounding error of its backward by up to 316: more than the
     * checker's allowance of a few ulps per output, so a second derivative there cannot be resolved to 1e-7.
     */
    private static boolean spread(Tensor batch) {
        try (var off = Tensor.noGrad()) {
            Tensor centred = batch.sub(batch.mean(0, true));
            for (double v : centred.mul(centred).mean(0, false).toArray()) {
                if (v < 1e-3) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Arbitrary<Built> batchNorms(boolean training) {
        Arbitrary<Double> eps = Arbitraries.oneOf(Arbitraries.just(1e-5), EPS);
        Arbitrary<Tensor[]> running = Arbitraries.integers().between(1, 4).flatMap(f -> Combinators.combine(
                RUNNING_MEAN.shape(f), RUNNING_VAR.shape(f)).as((m, v) -> new Tensor[] {m, v}));
        return Combinators.combine(Arbitraries.integers().between(training ? 2 : 1, 5), running, eps)
                .as((n, stats, e) -> {
                    int features = stats[0].shape()[0];
                    BatchNorm1d bn = new BatchNorm1d(features, 0.1, e);
                    if (training) {
                        return new Built("BatchNorm1d(" + features + ", eps=" + e + ") in training", bn,
                                new int[] {n, features}, in -> spread(in[0]));
                    }
                    bn.eval();
                    try (var off = Tensor.noGrad()) {
                        bn.runningMean().assign(stats[0]);
                        bn.runningVar().assign(stats[1]);
                    }
                    return built("BatchNorm1d(" + features + ", eps=" + e + ") in eval, running mean "
                            + Arrays.toString(stats[0].toArray()) + ", variance " + Arrays.toString(stats[1].toArray()),
                            bn, n, features);
                });
    }

    /** The images of the convolution and pooling entries: small, so that every case stays quick. */
    private static final int[] IMAGE = {3, 4};

    /** A window of the convolution and pooling entries, each array (height, width). */
    private record Window(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        /** Whether at least one window position fits along both axes of {@link #IMAGE}. */
        boolean fits() {
            for (int a = 0; a < 2; a++) {
                if (IMAGE[a] + 2 * padding[a] < dilation[a] * (kernel[a] - 1) + 1) {
                    return false;
                }
            }
            return true;
        }

        /** Whether it is the same on both axes with dilation 1 (and no padding for a pool): the short form's. */
        boolean square(boolean pool) {
            return kernel[0] == kernel[1] && stride[0] == stride[1] && padding[0] == padding[1] && dilation[0] == 1
                    && dilation[1] == 1 && (!pool || padding[0] == 0);
        }

        @Override
        public String toString() {
            return "kernel " + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                    + Arrays.toString(padding) + (dilation[0] == 1 && dilation[1] == 1 ? ""
                    : ", dilation " + Arrays.toString(dilation));
        }
    }

    /** Windows fitting {@link #IMAGE}; for a pool, dilation 1 and padding at most half the kernel. */
    private static Arbitrary<Window> windows(boolean pool) {
        Arbitrary<int[]> kernels = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(2);
        Arbitrary<int[]> strides = Arbitraries.integers().between(1, 2).array(int[].class).ofSize(2);
        Arbitrary<int[]> paddings = Arbitraries.integers().between(0, 1).array(int[].class).ofSize(2);
        Arbitrary<int[]> dilations = pool ? Arbitraries.just(new int[] {1, 1})
                : Arbitraries.integers().between(1, 2).array(int[].class).ofSize(2);
        return Combinators.combine(kernels, strides, paddings, dilations).as(Window::new)
                .filter(w -> w.fits() && (!pool || (2 * w.padding()[0] <= w.kernel()[0]
                        && 2 * w.padding()[1] <= w.kernel()[1])));
    }

    /**
     * Convolutions over {@link #IMAGE}: made by the short constructor when the window allows it and the case asks,
     * else by the full one.
     */
    private static Arbitrary<Built> convolutions() {
        Arbitrary<int[]> nc = Arbitraries.integers().between(1, 2).array(int[].class).ofSize(2);
        return Combinators.combine(windows(false), nc, Arbitraries.integers().between(1, 2),
                Arbitraries.of(false, true), Arbitraries.of(false, true), Arbitraries.of(false, true))
                .as((w, d, perGroup, depthwise, withBias, shortForm) -> {
                    int n = d[0], c = d[1], groups = depthwise ? c : 1, o = perGroup * groups;
                    int[] shape = {n, c, IMAGE[0], IMAGE[1]};
                    if (shortForm && w.square(false)) {
                        return built("Conv2d(" + c + ", " + o + ", " + w.kernel()[0] + ", " + w.stride()[0] + ", "
                                + w.padding()[0] + ")", new Conv2d(c, o, w.kernel()[0], w.stride()[0],
                                w.padding()[0], Init.ZEROS, new Random(0)), shape);
                    }
                    return built("Conv2d(" + c + " -> " + o + ", " + w + ", groups " + groups
                            + (withBias ? "" : ", no bias") + ")", new Conv2d(c, o, w.kernel(), w.stride(),
                            w.padding(), w.dilation(), groups, withBias, Init.ZEROS, new Random(0)), shape);
                });
    }

    /** Max or average pools over {@link #IMAGE}, made by either constructor as for {@link #convolutions()}. */
    private static Arbitrary<Built> pools(boolean max) {
        Arbitrary<int[]> nc = Arbitraries.integers().between(1, 2).array(int[].class).ofSize(2);
        return Combinators.combine(windows(true), nc, Arbitraries.of(false, true)).as((w, d, shortForm) -> {
            int[] shape = {d[0], d[1], IMAGE[0], IMAGE[1]};
            String kind = max ? "MaxPool2d" : "AvgPool2d";
            if (shortForm && w.square(true)) {
                int k = w.kernel()[0], st = w.stride()[0];
                return built(kind + "(" + k + ", " + st + ")", max ? new MaxPool2d(k, st) : new AvgPool2d(k, st),
                        shape);
            }
            Module m = max ? new MaxPool2d(w.kernel(), w.stride(), w.padding())
                    : new AvgPool2d(w.kernel(), w.stride(), w.padding());
            return built(kind + "(" + w + ")", m, shape);
        });
    }

    /** Whether every channel of a batch of images has a variance of at least 1e-3, as {@link #spread} explains. */
    private static boolean spreadPerChannel(Tensor images) {
        try (var off = Tensor.noGrad()) {
            Tensor mean = images.mean(0, true).mean(2, true).mean(3, true);
            Tensor centred = images.sub(mean);
            for (double v : centred.mul(centred).mean(0, true).mean(2, true).mean(3, true).toArray()) {
                if (v < 1e-3) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Arbitrary<Built> batchNorms2d(boolean training) {
        Arbitrary<Double> eps = Arbitraries.oneOf(Arbitraries.just(1e-5), EPS);
        Arbitrary<Tensor[]> running = Arbitraries.integers().between(1, 2).flatMap(c -> Combinators.combine(
                RUNNING_MEAN.shape(c), RUNNING_VAR.shape(c)).as((m, v) -> new Tensor[] {m, v}));
        return Combinators.combine(Arbitraries.integers().between(1, 3), running, eps).as((n, stats, e) -> {
            int c = stats[0].shape()[0];
            int[] shape = {n, c, 2, 3};
            BatchNorm2d bn = new BatchNorm2d(c, 0.1, e);
            if (training) {
                return new Built("BatchNorm2d(" + c + ", eps=" + e + ") in training", bn, shape,
                        in -> spreadPerChannel(in[0]));
            }
            bn.eval();
            try (var off = Tensor.noGrad()) {
                bn.runningMean().assign(stats[0]);
                bn.runningVar().assign(stats[1]);
            }
            return built("BatchNorm2d(" + c + ", eps=" + e + ") in eval, running mean "
                    + Arrays.toString(stats[0].toArray()) + ", variance " + Arrays.toString(stats[1].toArray()), bn,
                    shape);
        });
    }

    private static Arbitrary<Built> sequentials() {
        return Combinators.combine(dims(4), Arbitraries.of(false, true)).as((d, withNorm) -> {
            int n = Math.max(d[0], 2), in = d[1], hidden = d[2], out = d[3];
            Random rng = new Random(0);
            Module net = withNorm
                    // An eps of 0.5 bounds 1/sqrt(var + eps), so any batch is well conditioned: no batch has to be
                    // filtered out (BatchNorm1d's own entries cover small eps).
                    ? new Sequential(new Dense(in, hidden, rng), new BatchNorm1d(hidden, 0.1, 0.5), Activation.softplus(),
                            new Dense(hidden, out, rng), Activation.logSoftmax(-1))
                    : new Sequential(new Dense(in, hidden, rng), Activation.tanh(), new Dense(hidden, out, rng));
            return built("Sequential(" + (withNorm ? "Dense, BatchNorm1d, softplus, Dense, logSoftmax" : "Dense,"
                    + " tanh, Dense") + ", " + in + " -> " + hidden + " -> " + out + ")", net, n, in);
        });
    }

    /** Every factory of {@link Activation}; values away from the ReLU family's kink at 0. */
    private static OpEntry activationModule() {
        ScalarArbitrary constants = scalars(0.05, 2);
        Arbitrary<Activation> modules = Arbitraries.oneOf(
                Arbitraries.of(Activation.sigmoid(), Activation.tanh(), Activation.relu(), Activation.leakyRelu(),
                        Activation.silu(), Activation.softplus(), Activation.gelu()),
                constants.map(Activation::leakyRelu), constants.map(Activation::elu), constants.map(Activation::swish),
                Arbitraries.integers().between(-1, 0).map(Activation::softmax),
                Arbitraries.integers().between(-1, 0).map(Activation::logSoftmax));
        Arbitrary<OpCase> cases = Combinators.combine(modules, awayFromZero().shapes(shapes(1, 4, 1, 5)))
                .as((m, x) -> OpCase.of(m.toString(), in -> m.forward(in[0]), x));
        return OpEntry.forMethod("Activation.forward(Tensor)", "every factory, constants " + constants.describe()
                + ", softmax along the first or last axis; " + awayFromZero().describe() + ", rank 1 to 4", cases);
    }

    /** A fresh module from the case's seed at every evaluation, so the slopes are the same each time. */
    private static OpEntry rreluModule(boolean training) {
        Arbitrary<Op> ops = Combinators.combine(slopeRanges(), Arbitraries.longs()).as((range, seed) -> new Op(
                "RReLU(" + range[0] + ", " + range[1] + ", seed=" + seed + ") in " + (training ? "training" : "eval"),
                x -> {
                    Module m = new RReLU(range[0], range[1], new Random(seed));
                    return (training ? m : m.eval()).forward(x);
                }));
        return unary("RReLU.forward(Tensor)", "slopes from [lower, upper] within [0, 1]" + (training ? ", a fixed"
                + " seed per case" : "") + "; " + awayFromZero().describe(), awayFromZero(), ops)
                .variant(training ? "training" : "eval");
    }

    /** A fresh module from the case's seed at every evaluation, so the mask is the same each time. */
    private static OpEntry dropoutModule(boolean training) {
        Arbitrary<Double> ps = Arbitraries.oneOf(Arbitraries.of(0.0, 0.5, 1.0), Arbitraries.doubles().between(0, 1)
                .ofScale(4));
        Arbitrary<Op> ops = Combinators.combine(ps, Arbitraries.longs()).as((p, seed) -> new Op(
                "Dropout(" + p + ", seed=" + seed + ") in " + (training ? "training" : "eval"), x -> {
                    Module m = new Dropout(p, new Random(seed));
                    return (training ? m : m.eval()).forward(x);
                }));
        return unary("Dropout.forward(Tensor)", "p in [0, 1], 0 and 1 included" + (training ? ", a fixed seed per"
                + " case" : "") + "; " + tensors().describe() + ", rank 0 to 4", tensors(), ops)
                .variant(training ? "training" : "eval");
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}

package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer, activation, loss and optimizer of nn in FLOAT32 against the same computation in FLOAT64: the float32
 * result keeps FLOAT32, and its values and gradients agree with float64's within float tolerance. The FLOAT64
 * reference runs on the float32 inputs widened, so the comparison measures the computation's rounding, not the
 * inputs'.
 */
class Float32Test {
    /** Agreement of a float32 value with its float64 reference: a few hundred float ulps of the larger magnitude. */
    private static final double TOLERANCE = 2e-5;

    /** A FLOAT64 tensor of normal draws that are all floats, so that its FLOAT32 copy holds the same values. */
    private static Tensor normal(long seed, int... shape) {
        return Tensor.randn(DType.FLOAT32, new Random(seed), shape).to(DType.FLOAT64);
    }

    /** The same for uniform draws in [lo, hi). */
    private static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return Tensor.rand(DType.FLOAT32, new Random(seed), shape).mul((float) (hi - lo)).add(lo)
                .to(DType.FLOAT64);
    }

    private static Tensor of(double[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    /** Asserts that {@code single} is FLOAT32 and agrees with {@code reference} element by element. */
    static void assertAgrees(String what, Tensor reference, Tensor single) {
        assertEquals(DType.FLOAT32, single.dtype(), what + ": dtype");
        assertArrayEquals(reference.shape(), single.shape(), what + ": shape");
        double[] r = reference.toArray();
        double[] s = single.toArray();
        double scale = 1;
        for (double v : r) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < r.length; i++) {
            assertTrue(Double.isFinite(s[i]), what + " [" + i + "] is " + s[i]);
            assertTrue(Math.abs(s[i] - r[i]) <= TOLERANCE * scale, what + " [" + i + "]: float32 " + s[i]
                    + ", float64 " + r[i]);
        }
    }

    // ---------------------------------------------------------------- functions of tensors

    /** A function of nn, and the FLOAT64 inputs it is checked at (each is differentiated). */
    record Case(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final int[] LABELS = {2, 0, 1, 2};

    static Stream<Case> functions() {
        Tensor x = normal(1, 4, 3);
        Tensor logits = normal(2, 4, 3).mul(3.0);
        Tensor big = of(new double[] {100, -100, 0, 0, 100, 100, -100, -100, -100, 50, 100, -50}, 4, 3);
        Tensor probabilities = uniform(3, 0.05, 0.95, 4, 3);
        Tensor bits = of(new double[] {0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0}, 4, 3);
        Tensor soft = Activations.softmax(normal(4, 4, 3), 1).to(DType.FLOAT32).to(DType.FLOAT64);
        Tensor labels = of(new double[] {2, 0, 1, 2}, 4);
        Tensor pairs = normal(5, 4, 2);
        Tensor signs = of(new double[] {1, -1, -1, 1}, 4);
        return Stream.of(
                new Case("sigmoid", in -> Activations.sigmoid(in[0]), x),
                new Case("tanh", in -> Activations.tanh(in[0]), x),
                new Case("relu", in -> Activations.relu(in[0]), x),
                new Case("leakyRelu", in -> Activations.leakyRelu(in[0]), x),
                new Case("leakyRelu(0.2)", in -> Activations.leakyRelu(in[0], 0.2), x),
                new Case("prelu", in -> Activations.prelu(in[0], in[1]), x, uniform(6, 0.1, 0.4, 3)),
                new Case("rrelu", in -> Activations.rrelu(in[0], 0.1, 0.3, new Random(7)), x),
                new Case("elu", in -> Activations.elu(in[0]), x),
                new Case("elu(0.5)", in -> Activations.elu(in[0], 0.5), x),
                new Case("silu", in -> Activations.silu(in[0]), x),
                new Case("swish", in -> Activations.swish(in[0], 1.5), x),
                new Case("softplus", in -> Activations.softplus(in[0]), x),
                new Case("softplus at +-100", in -> Activations.softplus(in[0]), big),
                new Case("gelu", in -> Activations.gelu(in[0]), x),
                new Case("softmax", in -> Activations.softmax(in[0], 1), logits),
                new Case("softmax at logits of 100", in -> Activations.softmax(in[0], 1), big),
                new Case("logSoftmax", in -> Activations.logSoftmax(in[0], -1), logits),
                new Case("logSoftmax at logits of 100", in -> Activations.logSoftmax(in[0], 1), big),
                new Case("maxout", in -> Activations.maxout(in[0], 2), normal(8, 4, 6)),
                new Case("Activation.gelu()", in -> Activation.gelu().forward(in[0]), x),
                new Case("crossEntropy MEAN", in -> Losses.crossEntropy(in[0], LABELS, Reduction.MEAN), logits),
                new Case("crossEntropy SUM", in -> Losses.crossEntropy(in[0], LABELS, Reduction.SUM), logits),
                new Case("crossEntropy at logits of 100",
                        in -> Losses.crossEntropy(in[0], LABELS, Reduction.MEAN), big),
                new Case("multiclassHinge", in -> Losses.multiclassHinge(in[0], LABELS, Reduction.MEAN), logits),
                new Case("crossEntropyWithProbabilities",
                        in -> Losses.crossEntropyWithProbabilities(in[0], in[1], Reduction.MEAN), logits, soft),
                new Case("crossEntropyWithProbabilities at logits of 100",
                        in -> Losses.crossEntropyWithProbabilities(in[0], in[1], Reduction.SUM), big, soft),
                new Case("binaryCrossEntropyWithLogits",
                        in -> Losses.binaryCrossEntropyWithLogits(in[0], in[1], Reduction.MEAN), logits, bits),
                new Case("binaryCrossEntropyWithLogits at logits of 100",
                        in -> Losses.binaryCrossEntropyWithLogits(in[0], in[1], Reduction.SUM), big, bits),
                new Case("binaryCrossEntropy",
                        in -> Losses.binaryCrossEntropy(in[0], in[1], Reduction.MEAN), probabilities, bits),
                new Case("meanSquaredError", in -> Losses.meanSquaredError(in[0], in[1], Reduction.MEAN), x, logits),
                new Case("sumSquaredError", in -> Losses.sumSquaredError(in[0], in[1], Reduction.SUM), x, logits),
                new Case("marginRanking", in -> Losses.marginRanking(in[0], in[1], 0.5, Reduction.MEAN), x, logits),
                new Case("l2Penalty", in -> Losses.l2Penalty(0.1, 50, List.of(in[0], in[1])), x, logits),
                // Labels take no gradient: they come in the logits' dtype, as from a converted Dataset.
                new Case("Loss.crossEntropy()",
                        in -> Loss.crossEntropy().compute(in[0], labels.to(in[0].dtype())), logits),
                new Case("Loss.multiclassHinge()",
                        in -> Loss.multiclassHinge().compute(in[0], labels.to(in[0].dtype())), logits),
                new Case("Loss.crossEntropyWithProbabilities()",
                        in -> Loss.crossEntropyWithProbabilities().compute(in[0], in[1]), logits, soft),
                new Case("Loss.binaryCrossEntropyWithLogits()",
                        in -> Loss.binaryCrossEntropyWithLogits().compute(in[0], in[1]), logits, bits),
                new Case("Loss.binaryCrossEntropy()",
                        in -> Loss.binaryCrossEntropy().compute(in[0], in[1]), probabilities, bits),
                new Case("Loss.meanSquaredError()", in -> Loss.meanSquaredError().compute(in[0], in[1]), x, logits),
                new Case("Loss.sumSquaredError()", in -> Loss.sumSquaredError().compute(in[0], in[1]), x, logits),
                new Case("Loss.marginRanking(1)", in -> Loss.marginRanking(1).compute(in[0], in[1]), pairs, signs),
                new Case("Loss.withL2Penalty", in -> Loss.meanSquaredError().withL2Penalty(0.1, 10, List.of(in[0]))
                        .compute(in[0], in[1]), x, logits));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void functionKeepsFloat32AndAgreesWithFloat64InValueAndGradient(Case c) {
        Tensor[] wide = new Tensor[c.inputs().length];
        Tensor[] single = new Tensor[wide.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = c.inputs()[i].detach().requiresGrad(true);
            single[i] = c.inputs()[i].to(DType.FLOAT32).requiresGrad(true);
        }
        Tensor reference = c.f().apply(wide);
        Tensor out = c.f().apply(single);
        assertAgrees(c.name(), reference, out);

        // A fixed weighting of the outputs, so that one backward checks every output's gradient.
        Tensor weights = normal(99, reference.shape());
        reference.mul(weights).sum().backward();
        out.mul(weights.to(DType.FLOAT32)).sum().backward();
        for (int i = 0; i < wide.length; i++) {
            assertNotNull(single[i].grad(), c.name() + ": input " + i + " has no gradient");
            assertAgrees(c.name() + ": gradient of input " + i, wide[i].grad(), single[i].grad());
        }
    }

    @Test
    void crossEntropyAtLogitsOf100IsExactInFloat32() {
        Tensor logits = Tensor.of(new float[] {100, -100, 0, 0, 100, 100}, 2, 3);
        Tensor loss = Losses.crossEntropy(logits, new int[] {1, 2}, Reduction.SUM);
        // 200 + log(1 + e^-100 + e^-200) for the first sample, log 2 for the second.
        assertEquals(DType.FLOAT32, loss.dtype());
        assertEquals((float) (200 + Math.log(2)), (float) loss.item(), 0f);
    }

    @Test
    void lossAccuraciesOfFloat32OutputsAreFloat64s() {
        Tensor logits = normal(2, 4, 3);
        Tensor labels = Tensor.of(new double[] {2, 0, 1, 2}, 4);
        for (Loss loss : List.of(Loss.crossEntropy(), Loss.multiclassHinge())) {
            assertEquals(loss.accuracy(logits, labels), loss.accuracy(logits.to(DType.FLOAT32),
                    labels.to(DType.FLOAT32)), 0.0);
        }
    }

    @Test
    void binaryCrossEntropyOfACertainWrongAnswerIsFiniteInFloat32() {
        Tensor p = Tensor.of(new float[] {1, 0}, 2);
        Tensor y = Tensor.of(new float[] {0, 1}, 2);
        Tensor loss = Losses.binaryCrossEntropy(p, y, Reduction.MEAN);
        assertEquals(DType.FLOAT32, loss.dtype());
        // -log(2^-24) = 24 ln 2, the cost of the float32 clamp.
        assertEquals(24 * Math.log(2), loss.item(), 1e-5);
    }

    // ---------------------------------------------------------------- modules

    /** A module made afresh from its seeds at each call, checked in training or eval mode. */
    record ModuleCase(String name, Supplier<Module> make, boolean training, Tensor input) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ModuleCase> modules() {
        Tensor x = normal(11, 5, 4);
        return Stream.of(
                new ModuleCase("Dense", () -> new Dense(4, 3, Init.HE_NORMAL, new Random(1)), true, x),
                new ModuleCase("Dense.withoutBias", () -> Dense.withoutBias(4, 3, Init.XAVIER_UNIFORM, new Random(2)),
                        true, x),
                new ModuleCase("Dropout", () -> new Dropout(0.4, new Random(3)), true, x),
                new ModuleCase("BatchNorm1d [training]", () -> new BatchNorm1d(4), true, x),
                new ModuleCase("BatchNorm1d [eval]", Float32Test::batchNormWithStatistics, false, x),
                new ModuleCase("PReLU", PReLU::new, true, x),
                new ModuleCase("PReLU(features)", () -> new PReLU(4), true, x),
                new ModuleCase("RReLU [training]", () -> new RReLU(new Random(4)), true, x),
                new ModuleCase("RReLU [eval]", () -> new RReLU(new Random(4)), false, x),
                new ModuleCase("Maxout", () -> new Maxout(4, 2, 3, Init.XAVIER_NORMAL, new Random(5)), true, x),
                new ModuleCase("Activation.softplus()", Activation::softplus, true, x),
                new ModuleCase("Conv2d-MaxPool2d-AvgPool2d-Flatten-Dense", () -> {
                    Random rng = new Random(9);
                    return new Sequential(new Conv2d(2, 4, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
                            new int[] {1, 1}, 2, true, Init.HE_NORMAL, rng), Activation.tanh(), new MaxPool2d(2, 1),
                            new AvgPool2d(2, 2), new Flatten(), new Dense(4 * 1 * 1, 3, rng));
                }, true, normal(12, 2, 2, 3, 4)),
                new ModuleCase("BatchNorm2d [training]", () -> new BatchNorm2d(2), true, normal(13, 2, 2, 3, 4)),
                new ModuleCase("Sequential", () -> new Sequential(new Dense(4, 8, new Random(6)), new BatchNorm1d(8),
                        Activation.relu(), new Dropout(0.2, new Random(7)), new Dense(8, 3, new Random(8))), true, x));
    }

    /** A batch norm whose running statistics have moved from 0 and 1, for the eval case. */
    private static Module batchNormWithStatistics() {
        BatchNorm1d bn = new BatchNorm1d(4, 0.5, 1e-5);
        try (var off = Tensor.noGrad()) {
            bn.runningMean().assign(Tensor.of(new double[] {0.5, -0.25, 1, 0}, 4));
            bn.runningVar().assign(Tensor.of(new double[] {2, 0.5, 1, 4}, 4));
        }
        return bn;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void moduleConvertedToFloat32AgreesWithFloat64InOutputGradientsAndBuffers(ModuleCase c) {
        Module wide = c.make().get();
        Module single = c.make().get().to(DType.FLOAT32);
        if (!c.training()) {
            wide.eval();
            single.eval();
        }
        Tensor xWide = c.input().detach().requiresGrad(true);
        Tensor xSingle = c.input().to(DType.FLOAT32).requiresGrad(true);
        Tensor reference = wide.forward(xWide);
        Tensor out = single.forward(xSingle);
        assertAgrees(c.name(), reference, out);

        Tensor weights = normal(98, reference.shape());
        reference.mul(weights).sum().backward();
        out.mul(weights.to(DType.FLOAT32)).sum().backward();
        assertAgrees(c.name() + ": input gradient", xWide.grad(), xSingle.grad());
        Map<String, Tensor> singleParameters = single.namedParameters();
        wide.namedParameters().forEach((name, p) -> assertAgrees(c.name() + ": gradient of " + name, p.grad(),
                singleParameters.get(name).grad()));
        Map<String, Tensor> singleBuffers = single.namedBuffers();
        wide.namedBuffers().forEach((name, b) -> assertAgrees(c.name() + ": buffer " + name, b,
                singleBuffers.get(name)));
    }

    // ---------------------------------------------------------------- optimizers

    /** An optimizer configuration, made for a given parameter list. */
    record OptimizerCase(String name, Function<List<Tensor>, Optimizer> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<OptimizerCase> optimizers() {
        return Stream.of(
                new OptimizerCase("SGD", p -> new SGD(p, 0.1)),
                new OptimizerCase("SGD momentum", p -> new SGD(p, 0.1, 0.9, false)),
                new OptimizerCase("SGD Nesterov", p -> new SGD(p, 0.1, 0.9, true)),
                new OptimizerCase("SGD weight decay", p -> new SGD(p, 0.1).weightDecay(0.05)),
                new OptimizerCase("SGD clipped", p -> new SGD(p, 0.1).clipGradNorm(0.1)),
                new OptimizerCase("RMSProp", p -> new RMSProp(p, 0.01)),
                new OptimizerCase("Adam", p -> new Adam(p, 0.01)),
                new OptimizerCase("Adam weight decay clipped", p -> new Adam(p, 0.01).weightDecay(0.01)
                        .clipGradNorm(0.5)),
                new OptimizerCase("AdamW", p -> new AdamW(p, 0.01, 0.1)));
    }

    private static Module regression() {
        Random rng = new Random(21);
        return new Sequential(new Dense(3, 6, rng), Activation.tanh(), new Dense(6, 2, rng));
    }

    /** Five steps of {@code optimizer} on a fixed regression batch, in the model's dtype. */
    private static void train(Module model, Optimizer optimizer, DType dtype) {
        Tensor x = normal(22, 8, 3).to(dtype);
        Tensor y = normal(23, 8, 2).to(dtype);
        for (int step = 0; step < 5; step++) {
            optimizer.zeroGrad();
            Losses.meanSquaredError(model.forward(x), y, Reduction.MEAN).backward();
            optimizer.step();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void optimizerKeepsFloat32ParametersAndAgreesWithFloat64OverFiveSteps(OptimizerCase c) {
        Module wide = regression();
        Module single = regression().to(DType.FLOAT32);
        train(wide, c.make().apply(wide.parameters()), DType.FLOAT64);
        train(single, c.make().apply(single.parameters()), DType.FLOAT32);

        Map<String, Tensor> singleParameters = single.namedParameters();
        wide.namedParameters().forEach((name, p) -> {
            Tensor q = singleParameters.get(name);
            assertAgrees(c.name() + ": " + name, p, q);
            assertEquals(DType.FLOAT32, q.grad().dtype(), name);
        });
        assertTrue(!Arrays.equals(regression().parameters().get(0).toArray(), wide.parameters().get(0).toArray()),
                "the parameters moved");
    }

    @Test
    void optimizerStateIsMadeInTheParametersDtype() {
        Tensor p = Tensor.ones(DType.FLOAT32, 2, 3).requiresGrad(true);
        Tensor state = Optimizer.zerosLike(p);
        assertEquals(DType.FLOAT32, state.dtype());
        assertArrayEquals(new int[] {2, 3}, state.shape());
    }

    // ---------------------------------------------------------------- data and training

    @Test
    void standardizerFittedOnFloat32KeepsFloat32() {
        Tensor features = Tensor.of(new float[] {1, 10, 3, 30, 5, 50}, 3, 2);
        Standardizer scaler = Standardizer.fit(features);
        assertEquals(DType.FLOAT32, scaler.mean().dtype());
        assertEquals(DType.FLOAT32, scaler.std().dtype());
        Tensor scaled = scaler.transform(features);
        assertEquals(DType.FLOAT32, scaled.dtype());
        float r = (float) Math.sqrt(1.5);
        assertArrayEquals(new float[] {-r, -r, 0, 0, r, r}, scaled.toFloatArray(), 1e-6f);
    }

    @Test
    void standardizerTransformsIntoTheFeaturesDtype() {
        Standardizer scaler = Standardizer.fit(Tensor.of(new double[] {1, 3, 5}, 3, 1));
        Tensor scaled = scaler.transform(Tensor.of(new float[] {3, 5}, 2, 1));
        assertEquals(DType.FLOAT32, scaled.dtype());
        assertArrayEquals(new float[] {0, (float) Math.sqrt(1.5)}, scaled.toFloatArray(), 1e-6f);
    }

    /** Three Gaussian blobs in the plane, one per class. */
    private static Dataset blobs(int n, long seed) {
        Random rng = new Random(seed);
        double[][] centres = {{0, 2}, {-1.7, -1}, {1.7, -1}};
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[2 * i] = centres[y[i]][0] + 0.6 * rng.nextGaussian();
            x[2 * i + 1] = centres[y[i]][1] + 0.6 * rng.nextGaussian();
        }
        return Dataset.classification(Tensor.of(x, n, 2), y);
    }

    private static History fit(Dataset.Split split, DType dtype) {
        Random rng = new Random(31);
        Module model = new Sequential(new Dense(2, 16, Init.HE_NORMAL, rng), Activation.relu(),
                new BatchNorm1d(16), new Dense(16, 3, rng)).to(dtype);
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model.parameters(), 0.02))
                .progress(null, false);
        Dataset.Split data = new Dataset.Split(split.train().to(dtype), split.test().to(dtype));
        History history = trainer.fit(data.train(), data.test(), 15, 32, new Random(32));
        Tensor predictions = trainer.predict(data.test().features(), 64);
        assertEquals(dtype, predictions.dtype());
        return history;
    }

    @Test
    void aFloat32ModelTrainedOnFloat32DataLearnsAsFloat64Does() {
        Dataset.Split split = blobs(600, 30).split(0.75, new Random(33));
        History wide = fit(split, DType.FLOAT64);
        History single = fit(split, DType.FLOAT32);

        assertTrue(single.last().validationAccuracy() >= 0.95, single.last().toString());
        assertEquals(wide.last().validationAccuracy(), single.last().validationAccuracy(), 0.02);
        List<Double> wideLosses = new ArrayList<>();
        List<Double> singleLosses = new ArrayList<>();
        for (int e = 0; e < wide.epochs().size(); e++) {
            wideLosses.add(wide.epochs().get(e).loss());
            singleLosses.add(single.epochs().get(e).loss());
            assertEquals(wide.epochs().get(e).loss(), single.epochs().get(e).loss(), 1e-3,
                    "epoch " + (e + 1) + ": " + wideLosses + " vs " + singleLosses);
        }
    }
}

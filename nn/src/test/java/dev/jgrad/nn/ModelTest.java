package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTest {
    private static final FitOptions QUIET = FitOptions.defaults().verbose(false);

    /** The four corners of XOR, as 0/1 targets [4, 1]. */
    private static final Tensor XOR_X = Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
    private static final Tensor XOR_Y = Tensor.of(new double[] {0, 1, 1, 0}, 4, 1);

    /** Two Gaussian blobs of n points each around (-2, -2), label 0, and (2, 2), label 1, interleaved. */
    private static Tensor blobs(int n, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[4 * n];
        for (int i = 0; i < 2 * n; i++) {
            double centre = i % 2 == 0 ? -2 : 2;
            x[2 * i] = centre + rng.nextGaussian();
            x[2 * i + 1] = centre + rng.nextGaussian();
        }
        return Tensor.of(x, 2 * n, 2);
    }

    private static int[] blobLabels(int n) {
        int[] y = new int[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 2;
        }
        return y;
    }

    // ---------------------------------------------------------------- the Keras flow

    @Test
    void theKerasSnippetLearnsXor() {
        Model model = Model.sequential(new Dense(8, Activation.tanh()), new Dense(1, Activation.sigmoid()));
        model.compile(Loss.binaryCrossEntropy(), OptimizerFactory.adam(0.05));
        History history = model.fit(XOR_X, XOR_Y, 300, QUIET);
        Tensor predicted = model.predict(XOR_X);

        assertEquals(1.0, history.last().accuracy());
        assertTrue(history.last().loss() < 0.05, () -> "loss " + history.last().loss());
        assertArrayEquals(new int[] {4, 1}, predicted.shape());
        double[] p = predicted.toArray();
        assertTrue(p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1, () -> java.util.Arrays.toString(p));
    }

    @Test
    void theDefaultCompileSeparatesTwoBlobsWithLabels() {
        Tensor x = blobs(100, 1);
        int[] y = blobLabels(100);
        Model model = Model.sequential(new Dense(8, Activation.relu()), new Dense(2));
        model.compile(Loss.sparseCategoricalCrossEntropy(true));

        History history = model.fit(x, y, 40, QUIET);
        Map<String, Double> test = model.evaluate(blobs(50, 2), blobLabels(50));

        assertTrue(history.last().loss() < history.epochs().get(0).loss(), history::toString);
        assertEquals(List.of("loss", "accuracy"), List.copyOf(test.keySet()));
        assertTrue(test.get("accuracy") >= 0.97, () -> "accuracy " + test);
        assertEquals(40, history.epochs().size());
    }

    @Test
    void compileWithoutAnOptimizerIsRmspropAtKerasDefaults() {
        Model model = Model.sequential(new Dense(2)).compile(Loss.meanSquaredError()).build(3);

        Optimizer optimizer = model.optimizer();

        assertEquals(RMSProp.class, optimizer.getClass());
        assertEquals(1e-3, optimizer.learningRate());
    }

    // ---------------------------------------------------------------- building

    @Test
    void theFirstInputGivesEveryDenseItsWidth() {
        Model model = Model.sequential(new Dense(5, Activation.relu()), new Dense(3));

        Tensor out = model.predict(Tensor.ones(2, 4));

        assertArrayEquals(new int[] {2, 3}, out.shape());
        var params = model.module().namedParameters();
        assertArrayEquals(new int[] {4, 5}, params.get("layers.0.weight").shape());
        assertArrayEquals(new int[] {5}, params.get("layers.0.bias").shape());
        assertArrayEquals(new int[] {5, 3}, params.get("layers.1.weight").shape());
        assertTrue(model.isBuilt());
    }

    @Test
    void buildFixesTheWidthsBeforeAnyInput() {
        Model model = Model.sequential(new Dense(5), new Dense(3));
        assertFalse(model.isBuilt());

        model.build(7);

        assertTrue(model.isBuilt());
        assertArrayEquals(new int[] {7, 5}, model.module().namedParameters().get("layers.0.weight").shape());
        assertEquals(7 * 5 + 5 + 5 * 3 + 3, model.module().parameters().stream().mapToLong(Tensor::size).sum());
    }

    @Test
    void aLayerBuildsOnItsOwnAndKeepsItsWidth() {
        Dense layer = new Dense(3).build(2);

        assertArrayEquals(new int[] {2, 3}, layer.weight().shape());
        assertArrayEquals(new double[] {0, 0, 0}, layer.bias().toArray());
        var e = assertThrows(IllegalStateException.class, () -> layer.build(4));
        assertEquals("Dense.build: Dense(2 -> 3) is already built for an input width of 2, not 4", e.getMessage());
        var wrong = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.ones(1, 4)));
        assertTrue(wrong.getMessage().startsWith("Dense(2 -> 3): "), wrong.getMessage());
    }

    @Test
    void denseDefaultsToGlorotUniformWeights() {
        Dense layer = new Dense(300).build(200);
        double bound = Math.sqrt(6.0 / (200 + 300));
        double max = 0;
        double sumSquares = 0;
        for (double w : layer.weight().toArray()) {
            max = Math.max(max, Math.abs(w));
            sumSquares += w * w;
        }

        assertTrue(max <= bound && max > 0.99 * bound, () -> "largest |w| vs bound " + bound);
        // U(-a, a) has variance a^2 / 3.
        assertEquals(bound * bound / 3, sumSquares / (200 * 300), 0.02 * bound * bound / 3);
    }

    @Test
    void parametersOfAnUnbuiltLayerSayHowToBuildIt() {
        var alone = assertThrows(IllegalStateException.class, () -> new Dense(8).parameters());
        var inModel = assertThrows(IllegalStateException.class,
                () -> Model.sequential(new Dense(8, Activation.relu())).module().namedParameters());

        assertEquals("parameters: Dense(? -> 8) is not built yet: its input width is unknown; call build(inputShape)"
                + " on it or its model, or run one forward pass first", alone.getMessage());
        assertEquals("namedParameters: layer 'layers.0' (Dense(? -> 8, relu)) is not built yet: its input width is"
                + " unknown; call build(inputShape) on it or its model, or run one forward pass first",
                inModel.getMessage());
    }

    @Test
    void aDenseWithItsOwnActivationIsNotFusedWithAFollowingRelu() {
        Dense layer = new Dense(3, 2, new Random(4));
        Dense sigmoid = new Dense(2, Activation.sigmoid()).build(3);
        try (var off = Tensor.noGrad()) {
            sigmoid.weight().assign(layer.weight());
        }
        Tensor x = Tensor.of(new double[] {1, -2, 3, -4, 5, -6}, 2, 3);

        Tensor out = new Sequential(sigmoid, Activation.relu()).forward(x);

        assertArrayEquals(layer.forward(x).sigmoid().toArray(), out.toArray(), 0);
    }

    // ---------------------------------------------------------------- checkpoints

    @Test
    void aCheckpointBuildsAnUnbuiltModelWithTheSameOutputs(@TempDir Path dir) {
        Model trained = Model.sequential(new Dense(6, Activation.tanh()), new BatchNorm1d(6), new Dense(2)).seed(3);
        trained.compile(Loss.sparseCategoricalCrossEntropy(true)).fit(blobs(20, 5), blobLabels(20), 3, QUIET);
        Path file = dir.resolve("model.npz");
        Checkpoint.save(trained.module(), file);
        Model fresh = Model.sequential(new Dense(6, Activation.tanh()), new BatchNorm1d(6), new Dense(2)).seed(99);

        Checkpoint.load(fresh.module(), file);

        assertTrue(fresh.isBuilt());
        Tensor x = blobs(7, 6);
        assertArrayEquals(trained.predict(x).toArray(), fresh.predict(x).toArray(), 0);
    }

    @Test
    void aCheckpointOfOtherUnitsLeavesTheModelUnbuilt(@TempDir Path dir) {
        Path file = dir.resolve("model.npz");
        Checkpoint.save(Model.sequential(new Dense(6), new Dense(2)).build(3).module(), file);
        Model other = Model.sequential(new Dense(6), new Dense(4));

        var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(other.module(), file));

        assertEquals("checkpoint " + file + ": parameter 'layers.1.weight' has shape [6, 2] in the file but [in, 4]"
                + " in the unbuilt model", e.getMessage());
        assertFalse(other.isBuilt());
        assertFalse(((Dense) ((Sequential) other.module()).layers().get(0)).isBuilt());
        // The failed load left the seeds alone: the model still draws what a fresh one of its seed draws.
        double[] fresh = Model.sequential(new Dense(6), new Dense(4)).build(3).predict(Tensor.ones(1, 3)).toArray();
        assertArrayEquals(fresh, other.build(3).predict(Tensor.ones(1, 3)).toArray(), 0);
    }

    // ---------------------------------------------------------------- seeds

    private static double[] trainedPredictions(long seed) {
        Model model = Model.sequential(new Dense(8, Activation.relu()), new Dropout(0.3), new Dense(2)).seed(seed);
        model.compile(Loss.sparseCategoricalCrossEntropy(true), OptimizerFactory.adam());
        model.fit(blobs(40, 7), blobLabels(40), 2, QUIET.batchSize(16));
        return model.predict(blobs(5, 8)).toArray();
    }

    @Test
    void oneSeedReproducesAWholeRunBitForBit() {
        assertArrayEquals(trainedPredictions(11), trainedPredictions(11), 0);
    }

    @Test
    void anotherSeedGivesAnotherRun() {
        double[] a = trainedPredictions(11);
        double[] b = trainedPredictions(12);

        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void theSeedAlsoShufflesAndShuffleOffKeepsTheOrder() {
        assertNotEquals(explicitWeightsTrained(1, true)[0], explicitWeightsTrained(2, true)[0]);
        assertArrayEquals(explicitWeightsTrained(1, false), explicitWeightsTrained(2, false), 0);
    }

    /** Weights drawn from a Random of their own, so that only the model's shuffling depends on its seed. */
    private static double[] explicitWeightsTrained(long seed, boolean shuffle) {
        Model model = new Model(new Dense(2, 2, new Random(5))).seed(seed);
        model.compile(Loss.sparseCategoricalCrossEntropy(true), OptimizerFactory.sgd(0.1));
        model.fit(blobs(20, 9), blobLabels(20), 1, QUIET.batchSize(4).shuffle(shuffle));
        return model.predict(blobs(3, 10)).toArray();
    }

    @Test
    void anUnseededDropoutOutsideAModelStillDropsAndRescales() {
        double[] out = new Dropout(0.5).forward(Tensor.ones(1000)).toArray();
        int zeros = 0;
        for (double v : out) {
            assertTrue(v == 0 || v == 2, () -> "value " + v);
            zeros += v == 0 ? 1 : 0;
        }

        assertTrue(zeros > 430 && zeros < 570, "zeros " + zeros);
    }

    @Test
    void dropoutMasksFollowTheModelSeed() {
        Tensor x = Tensor.ones(4, 50);

        assertArrayEquals(droppedOnce(3, x), droppedOnce(3, x), 0);
        assertFalse(java.util.Arrays.equals(droppedOnce(3, x), droppedOnce(4, x)));
    }

    /** The training-mode output of a seeded model's dropout, which has no weights: only its mask is drawn. */
    private static double[] droppedOnce(long seed, Tensor x) {
        Model model = new Model(new Dropout(0.5)).seed(seed).build(50);
        return model.module().forward(x).toArray();
    }

    @Test
    void theSeedCannotChangeOnceTheLayersDrewFromIt() {
        Model model = Model.sequential(new Dense(2)).seed(4).build(3);

        var e = assertThrows(IllegalStateException.class, () -> model.seed(5));

        assertEquals("Model.seed: the layers already drew from seed 4; set the seed before build, fit, evaluate or"
                + " predict", e.getMessage());
    }

    // ---------------------------------------------------------------- fit options

    @Test
    void validationSplitHoldsOutTheLastFractionBeforeShuffling() {
        Tensor x = blobs(4, 3);
        int[] y = blobLabels(4);
        Model model = Model.sequential(new Dense(2)).compile(Loss.sparseCategoricalCrossEntropy(true));

        History history = model.fit(x, y, 1, QUIET.validationSplit(0.25));

        double last = model.evaluate(x.slice(0, 6, 8), new int[] {y[6], y[7]}).get("loss");
        double first = model.evaluate(x.slice(0, 0, 2), new int[] {y[0], y[1]}).get("loss");
        assertEquals(last, history.last().validationLoss(), 0);
        assertNotEquals(first, history.last().validationLoss());
    }

    @Test
    void validationDataIsEvaluatedAfterEachEpoch() {
        Tensor vx = blobs(3, 4);
        Model model = Model.sequential(new Dense(2)).compile(Loss.sparseCategoricalCrossEntropy(true));

        History history = model.fit(blobs(10, 3), blobLabels(10), 2, QUIET.validationData(vx, blobLabels(3)));

        assertEquals(model.evaluate(vx, blobLabels(3)).get("loss"), history.last().validationLoss(), 0);
    }

    @Test
    void evaluateReportsTheCompiledMetricsInOrder() {
        Model model = Model.sequential(new Dense(2)).compile(Loss.sparseCategoricalCrossEntropy(true),
                OptimizerFactory.adam(), Metrics.f1(Average.MACRO), Metrics.accuracy());
        model.fit(blobs(20, 3), blobLabels(20), 2, QUIET);
        Map<String, Double> scores = model.evaluate(blobs(10, 5), blobLabels(10));
        assertEquals(List.of("loss", "macroF1", "accuracy"), List.copyOf(scores.keySet()));
        Tensor logits = model.predict(blobs(10, 5));
        double[] labels = java.util.Arrays.stream(blobLabels(10)).asDoubleStream().toArray();
        assertEquals(Metrics.confusionMatrix(logits, Tensor.of(labels, labels.length)).accuracy(),
                scores.get("accuracy"), 0);
        Model regression = Model.sequential(new Dense(1)).compile(Loss.meanSquaredError());
        assertEquals(List.of("loss", "meanAbsoluteError"),
                List.copyOf(regression.evaluate(XOR_X, XOR_Y).keySet()));
    }

    @Test
    void fitRunsTheCallbacksOfItsOptions() {
        List<Integer> ended = new ArrayList<>();
        Callback stopAtTwo = new Callback() {
            @Override
            public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
                ended.add(epoch);
                if (epoch == 2) {
                    training.stop();
                }
            }
        };
        Model model = Model.sequential(new Dense(2)).compile(Loss.sparseCategoricalCrossEntropy(true));

        History history = model.fit(blobs(10, 3), blobLabels(10), 5, QUIET.callbacks(stopAtTwo));

        assertEquals(List.of(1, 2), ended);
        assertEquals(2, history.epochs().size());
        assertEquals(List.of(stopAtTwo), QUIET.callbacks(stopAtTwo).callbacks());
        assertEquals(List.of(), QUIET.callbacks());
    }

    /** An SGD that counts its steps: the steps of its first parameter's updates. */
    private static final class CountingSgd extends Optimizer {
        int steps;

        CountingSgd(Collection<Tensor> parameters) {
            super("CountingSgd", parameters, 0.01);
        }

        @Override
        protected void update(int index, Tensor parameter) {
            steps += index == 0 ? 1 : 0;
        }
    }

    private static int stepsOfTwoEpochs(FitOptions options) {
        CountingSgd[] made = new CountingSgd[1];
        Model model = Model.sequential(new Dense(2));
        model.compile(Loss.sparseCategoricalCrossEntropy(true), params -> made[0] = new CountingSgd(params));
        model.fit(blobs(35, 1), blobLabels(35), 2, options);
        return made[0].steps;
    }

    @Test
    void batchesAre32UnlessSaidOtherwise() {
        assertEquals(2 * 3, stepsOfTwoEpochs(QUIET));             // 70 samples: 32 + 32 + 6
        assertEquals(2 * 7, stepsOfTwoEpochs(QUIET.batchSize(10)));
        assertEquals(32, FitOptions.defaults().batchSize());
    }

    @Test
    void fitKeepsTheOptimizerAcrossCallsUntilTheNextCompile() {
        Model model = Model.sequential(new Dense(2)).compile(Loss.meanSquaredError());
        model.fit(Tensor.ones(4, 3), Tensor.zeros(4, 2), 1, QUIET);
        Optimizer first = model.optimizer();

        model.fit(Tensor.ones(4, 3), Tensor.zeros(4, 2), 1, QUIET);
        assertTrue(first == model.optimizer());
        model.compile(Loss.meanSquaredError(), OptimizerFactory.sgd());
        model.fit(Tensor.ones(4, 3), Tensor.zeros(4, 2), 1, QUIET);
        assertEquals(SGD.class, model.optimizer().getClass());
        assertEquals(0.01, model.optimizer().learningRate());
    }

    // ---------------------------------------------------------------- summary

    @Test
    void summaryPrintsTheLayersAsKerasDoes() {
        Model model = Model.sequential(new Dense(4, Activation.relu()), new BatchNorm1d(4), new Dense(1000),
                new Dense(1)).build(3);

        assertEquals("""
                Model: "sequential"
                _________________________________________________________________
                 Layer (type)                Output Shape              Param #
                =================================================================
                 layers.0 (Dense)            (None, 4)                 16
                 layers.1 (BatchNorm1d)      (None, 4)                 16
                 layers.2 (Dense)            (None, 1000)              5,000
                 layers.3 (Dense)            (None, 1)                 1,001
                =================================================================
                Total params: 6,033
                Trainable params: 6,025
                Non-trainable params: 8
                _________________________________________________________________
                """, model.summary());
    }

    @Test
    void summaryOfAnExplicitModelNeedsNoBuild() {
        Model model = Model.sequential(new Dense(2, 3, new Random(1)), Activation.tanh());

        assertTrue(model.summary().contains(" layers.1 (Activation)       (None, 3)                 0\n"),
                model.summary());
    }

    @Test
    void summaryOfAnUnbuiltModelSaysToBuildIt() {
        var e = assertThrows(IllegalStateException.class, () -> Model.sequential(new Dense(2)).summary());

        assertEquals("Model.summary: the model is not built yet, so its layers have no parameters or output shapes;"
                + " call build(inputShape) or fit/predict first", e.getMessage());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void fitBeforeCompileSaysToCompile() {
        Model model = Model.sequential(new Dense(2));

        var e = assertThrows(IllegalStateException.class, () -> model.fit(XOR_X, new int[] {0, 1, 1, 0}, 1));
        var evaluate = assertThrows(IllegalStateException.class, () -> model.evaluate(XOR_X, XOR_Y));

        assertEquals("Model.fit: the model is not compiled; call compile(loss) or compile(loss, optimizer) first",
                e.getMessage());
        assertEquals("Model.evaluate: the model is not compiled; call compile(loss) or compile(loss, optimizer)"
                + " first", evaluate.getMessage());
    }

    @Test
    void xAndYOfDifferentLengthsAreRejected() {
        Model model = Model.sequential(new Dense(2)).compile(Loss.meanSquaredError());

        var labels = assertThrows(IllegalArgumentException.class, () -> model.fit(XOR_X, new int[] {0, 1, 1}, 1));
        var targets = assertThrows(IllegalArgumentException.class,
                () -> model.evaluate(XOR_X, Tensor.zeros(5, 1)));

        assertEquals("Model.fit: x has 4 samples (shape [4, 2]) but there are 3 labels", labels.getMessage());
        assertEquals("Model.evaluate: x has 4 samples (shape [4, 2]) but y has shape [5, 1]", targets.getMessage());
    }

    @Test
    void aValidationSplitOutsideZeroToOneIsRejected() {
        var one = assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().validationSplit(1.0));
        var negative = assertThrows(IllegalArgumentException.class,
                () -> FitOptions.defaults().validationSplit(-0.1));
        Model model = Model.sequential(new Dense(1)).compile(Loss.meanSquaredError());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> model.fit(XOR_X, XOR_Y, 1, QUIET.validationSplit(0.2)));

        assertEquals("FitOptions.validationSplit: fraction 1.0 is outside [0, 1)", one.getMessage());
        assertEquals("FitOptions.validationSplit: fraction -0.1 is outside [0, 1)", negative.getMessage());
        assertEquals("Model.fit: a validation split of 0.2 of 4 samples leaves no sample to validate on",
                empty.getMessage());
    }

    @Test
    void otherBadArgumentsNameTheMethodAndValues() {
        Model model = Model.sequential(new Dense(1)).compile(Loss.meanSquaredError());

        assertEquals("Model.fit: epochs 0 must be positive", assertThrows(IllegalArgumentException.class,
                () -> model.fit(XOR_X, XOR_Y, 0)).getMessage());
        assertEquals("FitOptions.batchSize: batch size 0 must be positive", assertThrows(
                IllegalArgumentException.class, () -> FitOptions.defaults().batchSize(0)).getMessage());
        assertEquals("Model.predict: x of shape [0, 2] has no samples along its first axis", assertThrows(
                IllegalArgumentException.class, () -> model.predict(Tensor.zeros(0, 2))).getMessage());
        assertEquals("Model.build: input shape [0] has a size that is not positive", assertThrows(
                IllegalArgumentException.class, () -> model.build(0)).getMessage());
        assertEquals("Dense: units must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> new Dense(0)).getMessage());
        assertEquals("FitOptions.validationData: a validation split of 0.5 is already set; use one or the other",
                assertThrows(IllegalArgumentException.class, () -> QUIET.validationSplit(0.5)
                        .validationData(XOR_X, XOR_Y)).getMessage());
        assertEquals("OptimizerFactory.adam: learning rate -1.0 must be positive and finite", assertThrows(
                IllegalArgumentException.class, () -> OptimizerFactory.adam(-1)).getMessage());
    }

    @Test
    void theOptimizerExistsOnlyOnceTheModelIsBuilt() {
        Model model = Model.sequential(new Dense(1)).compile(Loss.meanSquaredError());

        var e = assertThrows(IllegalStateException.class, model::optimizer);

        assertEquals("Model.optimizer: the optimizer is made when the model is built; call build(inputShape) or fit"
                + " first", e.getMessage());
    }

    @Test
    void aCheckpointSavesTheModuleUnderItsOwnNames(@TempDir Path dir) throws Exception {
        Model model = Model.sequential(new Dense(2)).build(3);
        Path file = dir.resolve("m.npz");

        Checkpoint.save(model.module(), file);

        assertEquals(List.of("layers.0.weight", "layers.0.bias"), List.copyOf(Checkpoint.read(file).keySet()));
        assertTrue(Files.size(file) > 0);
    }
}

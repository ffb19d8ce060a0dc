package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Evaluation;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Training in local mode against the same training on one machine, step for step. */
class SparkTrainerTest {
    private static SparkSession spark;
    private static final List<Row> ROWS = LocalSpark.rows(96, 3);

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("local[4]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SparkTrainer trainer(OptimizerRecipe optimizer) {
        return new SparkTrainer(LocalSpark::model, Loss::crossEntropy, optimizer).seed(11).progress(null);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void oneSynchronousStepIsTheSingleMachineStepOnTheGlobalBatch(int partitions) {
        SparkTrainer trainer = trainer(OptimizerRecipe.sgd(0.5));
        trainer.fit(LocalSpark.frame(spark, ROWS, partitions), 1, ROWS.size());

        Module reference = LocalSpark.model();
        Optimizer sgd = OptimizerRecipe.sgd(0.5).create(reference.parameters());
        Loss.crossEntropy().compute(reference.forward(LocalSpark.features(ROWS)), LocalSpark.labels(ROWS)).backward();
        sgd.step();

        double[] expected = LocalSpark.parameters(reference);
        assertNotEquals(expected[0], LocalSpark.parameters(LocalSpark.model())[0], "the step moved the weights");
        assertArrayEquals(expected, LocalSpark.parameters(trainer.model()), 1e-12);
    }

    /**
     * The single-machine run of what the trainer does: each step's global batch is the union, in partition order, of
     * every partition's even share of its own permutation, the permutation drawn from the seed of (epoch, partition).
     */
    private static double[] singleMachine(OptimizerRecipe recipe, int partitions, int epochs, int batch) {
        Module model = LocalSpark.model();
        Optimizer optimizer = recipe.create(model.parameters());
        Job job = new Job(LocalSpark::model, Loss::crossEntropy, recipe, null, 11, "reference");
        int steps = (ROWS.size() + batch - 1) / batch;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int s = 0; s < steps; s++) {
                List<Row> global = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    List<Row> part = LocalSpark.partition(ROWS, partitions, p);
                    int[] order = Dataset.permutation(part.size(), new Random(job.shuffleSeed(epoch, p)));
                    for (int i = s * part.size() / steps; i < (s + 1) * part.size() / steps; i++) {
                        global.add(part.get(order[i]));
                    }
                }
                optimizer.zeroGrad();
                Loss.crossEntropy().compute(model.forward(LocalSpark.features(global)), LocalSpark.labels(global))
                        .backward();
                optimizer.step();
            }
        }
        return LocalSpark.parameters(model);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void trainingStepsAreTheSingleMachineStepsOnTheSameGlobalBatches(int partitions) {
        SparkTrainer trainer = trainer(OptimizerRecipe.adam(0.01));
        trainer.fit(LocalSpark.frame(spark, ROWS, partitions), 3, 20);
        assertArrayEquals(singleMachine(OptimizerRecipe.adam(0.01), partitions, 3, 20),
                LocalSpark.parameters(trainer.model()), 1e-12);
    }

    @Test
    void onePartitionTrainsAsTrainerDoesWithEachEpochsShuffle() {
        SparkTrainer trainer = trainer(OptimizerRecipe.adam(0.01));
        History spark = trainer.fit(LocalSpark.frame(SparkTrainerTest.spark, ROWS, 1), 3, 16);

        Module model = LocalSpark.model();
        Trainer local = new Trainer(model, Loss.crossEntropy(), OptimizerRecipe.adam(0.01).create(model.parameters()))
                .progress(null);
        Dataset data = new Dataset(LocalSpark.features(ROWS), LocalSpark.labels(ROWS));
        Job job = new Job(LocalSpark::model, Loss::crossEntropy, null, null, 11, "reference");
        List<Double> losses = new ArrayList<>();
        for (int epoch = 1; epoch <= 3; epoch++) {
            losses.add(local.fit(data, 1, 16, new Random(job.shuffleSeed(epoch, 0))).last().loss());
        }
        assertArrayEquals(LocalSpark.parameters(model), LocalSpark.parameters(trainer.model()), 1e-12);
        for (int e = 0; e < 3; e++) {
            assertEquals(losses.get(e), spark.epochs().get(e).loss(), 1e-12);
        }
        assertTrue(spark.epochs().get(2).loss() < spark.epochs().get(0).loss(), "training lowered the loss");
    }

    @Test
    void theSameSeedGivesTheSameBitsAndAnotherSeedOthers() {
        double[] first = LocalSpark.parameters(fitted(11));
        assertArrayEquals(first, LocalSpark.parameters(fitted(11)), 0.0);
        assertNotEquals(first[0], LocalSpark.parameters(fitted(12))[0]);
    }

    private static Module fitted(long seed) {
        SparkTrainer trainer = trainer(OptimizerRecipe.adam(0.01)).seed(seed);
        trainer.fit(LocalSpark.frame(spark, ROWS, 4), 2, 24);
        return trainer.model();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void averagingAfterEveryStepOfPlainSgdIsSynchronousSgd(int partitions) {
        SparkTrainer sync = trainer(OptimizerRecipe.sgd(0.2));
        sync.fit(LocalSpark.frame(spark, ROWS, partitions), 2, 24);
        SparkTrainer averaging = trainer(OptimizerRecipe.sgd(0.2)).parameterAveraging(1);
        averaging.fit(LocalSpark.frame(spark, ROWS, partitions), 2, 24);
        assertArrayEquals(LocalSpark.parameters(sync.model()), LocalSpark.parameters(averaging.model()), 1e-12);
    }

    @Test
    void onePartitionAveragingAfterSeveralLocalStepsOfSgdIsSynchronousSgd() {
        SparkTrainer sync = trainer(OptimizerRecipe.sgd(0.2));
        History expected = sync.fit(LocalSpark.frame(spark, ROWS, 1), 2, 12);
        SparkTrainer averaging = trainer(OptimizerRecipe.sgd(0.2)).parameterAveraging(3);
        History history = averaging.fit(LocalSpark.frame(spark, ROWS, 1), 2, 12);
        assertArrayEquals(LocalSpark.parameters(sync.model()), LocalSpark.parameters(averaging.model()), 1e-12);
        assertEquals(expected.last().loss(), history.last().loss(), 1e-12);
    }

    @Test
    void averagingEveryFewLocalStepsOnSeveralPartitionsTrains() {
        SparkTrainer averaging = trainer(OptimizerRecipe.adam(0.02)).parameterAveraging(4);
        History history = averaging.fit(LocalSpark.frame(spark, ROWS, 3), 6, 12);
        assertTrue(history.last().loss() < 0.8 * history.epochs().get(0).loss(),
                "loss " + history.epochs().get(0).loss() + " -> " + history.last().loss());
    }

    @Test
    void evaluateAndPredictGiveWhatTheModelGivesOnOneMachine() {
        SparkTrainer trainer = trainer(OptimizerRecipe.adam(0.01));
        trainer.fit(LocalSpark.frame(spark, ROWS, 3), 2, 16);
        Module model = trainer.model();
        Dataset data = new Dataset(LocalSpark.features(ROWS), LocalSpark.labels(ROWS));
        Evaluation expected = new Trainer(model, Loss.crossEntropy(), OptimizerRecipe.sgd(1).create(
                model.parameters())).evaluate(data, 7);
        Evaluation got = trainer.evaluate(LocalSpark.frame(spark, ROWS, 3));
        assertEquals(expected.loss(), got.loss(), 1e-12);
        assertEquals(expected.accuracy(), got.accuracy(), 1e-12);

        List<Row> scored = trainer.predict(LocalSpark.frame(spark, ROWS, 3), "scores").collectAsList();
        double[] outputs = model.predict(LocalSpark.features(ROWS)).toArray();
        assertEquals(ROWS.size(), scored.size());
        for (int i = 0; i < ROWS.size(); i++) {
            assertEquals(ROWS.get(i).getInt(1), scored.get(i).getInt(1));
            List<Double> got3 = scored.get(i).getList(2);
            for (int k = 0; k < LocalSpark.CLASSES; k++) {
                assertEquals(outputs[i * LocalSpark.CLASSES + k], got3.get(k), 1e-12);
            }
        }
    }

    @Test
    void anRddOfSamplesTrainsAsTheDataFrameDoes() {
        List<Sample> samples = new ArrayList<>();
        for (Row r : ROWS) {
            samples.add(Sample.labelled((double[]) r.get(0), r.getInt(1)));
        }
        SparkTrainer fromRdd = trainer(OptimizerRecipe.adam(0.01));
        fromRdd.fit(new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).parallelize(samples, 2), 2,
                16);
        SparkTrainer fromFrame = trainer(OptimizerRecipe.adam(0.01));
        fromFrame.fit(LocalSpark.frame(spark, ROWS, 2), 2, 16);
        assertArrayEquals(LocalSpark.parameters(fromFrame.model()), LocalSpark.parameters(fromRdd.model()), 0.0);
    }

    @Test
    void historyHasAValidationLossPerEpoch() {
        SparkTrainer trainer = trainer(OptimizerRecipe.adam(0.01));
        List<Row> held = LocalSpark.rows(40, 5);
        History history = trainer.fit(LocalSpark.frame(spark, ROWS, 2), LocalSpark.frame(spark, held, 2), 2, 32);
        assertEquals(2, history.epochs().size());
        Evaluation last = trainer.evaluate(LocalSpark.frame(spark, held, 1));
        assertEquals(last.loss(), history.last().validationLoss(), 1e-12);
        assertEquals(last.accuracy(), history.last().validationAccuracy(), 1e-12);
    }

    @Test
    void aTensorOfTheFeaturesMatchesTheRowsOrder() {
        Tensor x = LocalSpark.features(ROWS.subList(0, 2));
        assertEquals(((double[]) ROWS.get(1).get(0))[4], x.toArray()[9]);
    }

    @Test
    void preparedSamplesTrainAsTheFrameDoesAndTwoFitsOfOneEpochAreOneOfTwo() {
        SparkTrainer once = trainer(OptimizerRecipe.adam(0.01));
        once.fit(LocalSpark.frame(spark, ROWS, 2), 2, 16);
        SparkTrainer twice = trainer(OptimizerRecipe.adam(0.01));
        try (Samples train = twice.prepare(LocalSpark.frame(spark, ROWS, 2))) {
            assertEquals(ROWS.size(), train.size());
            assertEquals(2, train.partitions());
            twice.fit(train, null, 1, 16);
            History second = twice.fit(train, null, 1, 16);
            assertEquals(1, second.last().epoch());
            assertArrayEquals(LocalSpark.parameters(once.model()), LocalSpark.parameters(twice.model()), 0.0);
            Evaluation prepared = twice.evaluate(train);
            Evaluation frame = twice.evaluate(LocalSpark.frame(spark, ROWS, 4));
            assertEquals(frame.loss(), prepared.loss(), 1e-12);
            assertEquals(frame.accuracy(), prepared.accuracy(), 1e-12);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> once.fit(train, null, 1, 16));
            assertEquals("SparkTrainer.fit: these samples were prepared by another trainer, for its model; prepare"
                    + " them with this one", e.getMessage());
        }
    }
}

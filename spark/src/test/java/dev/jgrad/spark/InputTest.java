package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.Dense;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kinds of column the trainer reads, the models it trains, and the messages for data that does not fit. */
class InputTest {
    private static SparkSession spark;
    private static final List<Row> ROWS = LocalSpark.rows(60, 4);

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SparkTrainer trainer() {
        return new SparkTrainer(LocalSpark::model, Loss::crossEntropy, OptimizerRecipe.adam(0.01)).seed(1)
                .progress(null);
    }

    private static Dataset<Row> frame(StructType schema, List<Row> rows, int partitions) {
        return spark.createDataFrame(new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .parallelize(rows, partitions), schema);
    }

    /** {@code ROWS} with row {@code at}'s features and label replaced. */
    private static List<Row> with(int at, Object features, Object label) {
        List<Row> rows = new ArrayList<>(ROWS);
        rows.set(at, RowFactory.create(features, label));
        return rows;
    }

    private static String failure(SparkTrainer trainer, Dataset<Row> data) {
        double[] before = LocalSpark.parameters(trainer.model());
        String message = assertThrows(IllegalArgumentException.class, () -> trainer.fit(data, 1, 8)).getMessage();
        assertArrayEquals(before, LocalSpark.parameters(trainer.model()), 0.0, "no training step was taken");
        return message;
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() {
        assertEquals("SparkTrainer.fit: the data has no column 'pixels'; its columns are [features, label]",
                failure(trainer().columns("pixels", "label"), LocalSpark.frame(spark, ROWS, 2)));
        assertEquals("SparkTrainer.fit: the data has no column 'y'; its columns are [features, label]",
                failure(trainer().columns("features", "y"), LocalSpark.frame(spark, ROWS, 2)));
    }

    @Test
    void aColumnOfTheWrongTypeIsNamed() {
        StructType schema = new StructType().add("features", DataTypes.StringType).add("label", DataTypes.IntegerType);
        assertEquals("SparkTrainer.fit: column 'features' is string; expected array<double>, array<float> or a"
                + " Spark ML vector", failure(trainer(), frame(schema, List.of(RowFactory.create("a", 1)), 1)));
    }

    @Test
    void aFeatureVectorOfTheWrongWidthIsNamedWithItsRowAndPartition() {
        List<Row> rows = with(45, new double[] {1, 2, 3, 4}, 1);
        assertEquals("SparkTrainer.fit: column 'features' holds 4 values in row 15 of partition 1; expected 5"
                + " (input shape [5])", failure(trainer(), LocalSpark.frame(spark, rows, 2)));
    }

    @Test
    void aLabelOutOfRangeIsNamedWithWhatTheModelTakes() {
        assertEquals("SparkTrainer.fit: column 'label' holds 3.0 in row 2 of partition 0; expected a class label, a"
                + " whole number in [0, 3) for the model's 3 outputs",
                failure(trainer(), LocalSpark.frame(spark, with(2, new double[5], 3), 2)));
        assertEquals("SparkTrainer.fit: column 'label' holds -1.0 in row 0 of partition 1; expected a class label,"
                + " a whole number in [0, 3) for the model's 3 outputs",
                failure(trainer(), LocalSpark.frame(spark, with(30, new double[5], -1), 2)));
    }

    @Test
    void nullsAndNonFiniteValuesAreNamed() {
        StructType nullable = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, true))
                .add("label", DataTypes.IntegerType);
        assertEquals("SparkTrainer.fit: column 'features' holds null in row 5 of partition 0; expected numbers",
                failure(trainer(), frame(nullable, with(5, null, 1), 2)));
        assertEquals("SparkTrainer.fit: column 'label' holds null in row 5 of partition 0; expected numbers",
                failure(trainer(), frame(nullable, with(5, new double[5], null), 2)));
        assertEquals("SparkTrainer.fit: column 'features' holds NaN in row 7 of partition 0; expected finite values",
                failure(trainer(), LocalSpark.frame(spark, with(7, new double[] {0, 0, Double.NaN, 0, 0}, 1), 2)));
    }

    @Test
    void anEmptyDataSetAndBadArgumentsAreRejected() {
        assertEquals("SparkTrainer.fit: the data set has no samples",
                failure(trainer(), LocalSpark.frame(spark, List.of(), 2)));
        assertEquals("SparkTrainer.fit: epochs 0 and batch size 8 must be positive", assertThrows(
                IllegalArgumentException.class, () -> trainer().fit(LocalSpark.frame(spark, ROWS, 1), 0, 8))
                .getMessage());
        assertEquals("SparkTrainer.inputShape: shape [1, 0] must have at least one dimension, each positive",
                assertThrows(IllegalArgumentException.class, () -> trainer().inputShape(1, 0)).getMessage());
        assertEquals("SparkTrainer.predict: the data already has a column 'label'", assertThrows(
                IllegalArgumentException.class, () -> trainer().predict(LocalSpark.frame(spark, ROWS, 1), "label"))
                .getMessage());
    }

    @Test
    void aTargetWiderThanTheModelsOutputIsRejected() {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.createArrayType(DataTypes.DoubleType));
        assertEquals("SparkTrainer.fit: column 'label' holds 2 values in its first row; expected 1 (a class label or"
                + " target value) or 3, one per output of the model", failure(trainer(),
                frame(schema, List.of(RowFactory.create(new double[5], new double[2])), 1)));
    }

    @Test
    void vectorAndFloatColumnsTrainAsDoubleArraysDo() {
        List<Row> vectors = new ArrayList<>();
        List<Row> floats = new ArrayList<>();
        for (Row r : ROWS) {
            double[] x = (double[]) r.get(0);
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
            }
            double[] rounded = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                rounded[i] = f[i];
            }
            vectors.add(RowFactory.create(Vectors.dense(rounded), (double) r.getInt(1)));
            floats.add(RowFactory.create(f, (long) r.getInt(1)));
        }
        StructType vectorSchema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
        StructType floatSchema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.LongType);
        SparkTrainer a = trainer();
        a.fit(frame(vectorSchema, vectors, 2), 2, 8);
        SparkTrainer b = trainer();
        b.fit(frame(floatSchema, floats, 2), 2, 8);
        assertArrayEquals(LocalSpark.parameters(a.model()), LocalSpark.parameters(b.model()), 0.0);
        List<Row> scored = a.predict(frame(vectorSchema, vectors, 2), "out").collectAsList();
        assertEquals(3, scored.get(0).getList(2).size());
    }

    @Test
    void aFloat32ModelTrainsAsTheFloat64OneDoesWithinFloatRounding() {
        SparkTrainer f64 = trainer();
        f64.fit(LocalSpark.frame(spark, ROWS, 2), 2, 8);
        SparkTrainer f32 = new SparkTrainer(() -> LocalSpark.model().to(DType.FLOAT32), Loss::crossEntropy,
                OptimizerRecipe.adam(0.01)).seed(1).progress(null);
        f32.fit(LocalSpark.frame(spark, ROWS, 2), 2, 8);
        assertEquals(DType.FLOAT32, f32.model().parameters().get(0).dtype());
        assertArrayEquals(LocalSpark.parameters(f64.model()), LocalSpark.parameters(f32.model()), 1e-4);
    }

    @Test
    void aScalarNumericLabelIsTheTargetOfAOneOutputModel() {
        List<Row> rows = new ArrayList<>();
        Random rng = new Random(2);
        for (int i = 0; i < 64; i++) {
            double x = rng.nextGaussian();
            rows.add(RowFactory.create(new double[] {x}, 3 * x + 1));
        }
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.DoubleType);
        SparkTrainer trainer = new SparkTrainer(() -> new Dense(1, 1, new Random(3)), Loss::meanSquaredError,
                OptimizerRecipe.sgd(0.1)).progress(null);
        History history = trainer.fit(frame(schema, rows, 2), 30, 16);
        assertEquals(0, history.last().loss(), 1e-6);
        assertArrayEquals(new double[] {3, 1}, LocalSpark.parameters(trainer.model()), 1e-3);
        assertEquals(Double.NaN, history.last().accuracy());
    }

    @Test
    void batchNormsRunningMeanIsTheGlobalBatchsAndDropoutIsReproducible() {
        Factory<Module> net = () -> new Sequential(new Dense(5, 4, new Random(1)), new BatchNorm1d(4),
                new Dropout(0.3), new Dense(4, 3, new Random(2)));
        SparkTrainer trainer = new SparkTrainer(net, Loss::crossEntropy, OptimizerRecipe.sgd(1e-9)).progress(null);
        trainer.fit(LocalSpark.frame(spark, ROWS, 3), 1, ROWS.size());
        Tensor hidden = new Dense(5, 4, new Random(1)).forward(LocalSpark.features(ROWS));
        double[] batchMean = hidden.mean(0, false).toArray();
        double[] running = trainer.model().namedBuffers().values().iterator().next().toArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(0.1 * batchMean[i], running[i], 1e-6);
        }

        SparkTrainer again = new SparkTrainer(net, Loss::crossEntropy, OptimizerRecipe.adam(0.01)).progress(null);
        SparkTrainer twice = new SparkTrainer(net, Loss::crossEntropy, OptimizerRecipe.adam(0.01)).progress(null);
        again.fit(LocalSpark.frame(spark, ROWS, 3), 2, 10);
        twice.fit(LocalSpark.frame(spark, ROWS, 3), 2, 10);
        assertArrayEquals(LocalSpark.parameters(again.model()), LocalSpark.parameters(twice.model()), 0.0);
    }

    @Test
    void nullArgumentsAreNamed() {
        assertEquals("SparkTrainer: model is null", assertThrows(IllegalArgumentException.class,
                () -> new SparkTrainer(null, Loss::crossEntropy, OptimizerRecipe.sgd(0.1))).getMessage());
        assertEquals("SparkTrainer: loss is null", assertThrows(IllegalArgumentException.class,
                () -> new SparkTrainer(LocalSpark::model, null, OptimizerRecipe.sgd(0.1))).getMessage());
        assertEquals("SparkTrainer: the model factory's model is null", assertThrows(IllegalArgumentException.class,
                () -> new SparkTrainer(() -> null, Loss::crossEntropy, OptimizerRecipe.sgd(0.1))).getMessage());
        assertEquals("SparkTrainer.columns: label is null", assertThrows(IllegalArgumentException.class,
                () -> trainer().columns("features", null)).getMessage());
        assertEquals("SparkTrainer.fit: train is null", assertThrows(IllegalArgumentException.class,
                () -> trainer().fit((Dataset<Row>) null, 1, 8)).getMessage());
        assertEquals("SparkTrainer.predict: outputColumn is null", assertThrows(IllegalArgumentException.class,
                () -> trainer().predict(LocalSpark.frame(spark, ROWS, 1), null)).getMessage());
        assertEquals("SparkTrainer.parameterAveraging: 0 local steps must be positive", assertThrows(
                IllegalArgumentException.class, () -> trainer().parameterAveraging(0)).getMessage());
        assertEquals("Sample: features null and target 1 values: both must be given, the target with at least one"
                + " value", assertThrows(IllegalArgumentException.class,
                () -> new Sample(null, new double[1])).getMessage());
    }
}

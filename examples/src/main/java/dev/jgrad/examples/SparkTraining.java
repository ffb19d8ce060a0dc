package dev.jgrad.examples;

import dev.jgrad.nn.*;
import dev.jgrad.spark.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Data-parallel training on Spark with jgrad-spark: a data frame of {@code features} and {@code label} columns, a
 * model factory the executors call, and the same loss, optimizer, epochs and batch as on one machine.
 */
public final class SparkTraining {
    private SparkTraining() {
    }

    /** Two noisy blobs of {@code n} points each as rows of {@code array<double>} features and an {@code int} label. */
    static List<Row> blobs(int n, Random rng) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2 * n; i++) {
            double centre = i < n ? -1 : 1;
            rows.add(RowFactory.create(new double[] {centre + 0.5 * rng.nextGaussian(),
                    centre + 0.5 * rng.nextGaussian()}, i < n ? 0 : 1));
        }
        return rows;
    }

    static final StructType SCHEMA = new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("label", DataTypes.IntegerType, false);

    /** Trains a classifier of the blobs on four partitions; returns its test accuracy and its first predictions. */
    static Evaluation classify(SparkSession spark) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Random rng = new Random(7);
        Dataset<Row> train = spark.createDataFrame(jsc.parallelize(blobs(200, rng), 4), SCHEMA);
        Dataset<Row> test = spark.createDataFrame(jsc.parallelize(blobs(50, rng), 2), SCHEMA);

        SparkTrainer trainer = new SparkTrainer(
                () -> new Sequential(new Dense(2, 8, new Random(1)), Activation.tanh(), new Dense(8, 2, new Random(2))),
                Loss::crossEntropy, OptimizerRecipe.adam(0.05))
                .columns("features", "label").seed(3);
        History history = trainer.fit(train, test, 10, 32);
        Evaluation result = trainer.evaluate(test);
        Dataset<Row> scored = trainer.predict(test, "scores");   // features, label, scores: array<double>
        scored.show(3, false);
        return result;
    }

    /** Runs {@link #classify} in local mode. */
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("jgrad").getOrCreate();
        try {
            System.out.println("test accuracy " + classify(spark).accuracy());
        } finally {
            spark.stop();
        }
    }
}

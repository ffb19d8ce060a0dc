package dev.jgrad.spark;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Dense;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
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

/** The tests' Spark and data: a session on loopback, and a small three-class problem split into partitions. */
final class LocalSpark {
    private LocalSpark() {
    }

    /** A session of {@code master}, bound to loopback, without its web UI. */
    static SparkSession session(String master) {
        return builder(master).getOrCreate();
    }

    /** The builder of {@link #session(String)}, for more settings. */
    static SparkSession.Builder builder(String master) {
        return SparkSession.builder().master(master).appName("jgrad-spark-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
    }

    static final int FEATURES = 5;
    static final int CLASSES = 3;

    /** The model every test trains: 5 inputs, 8 tanh units, 3 outputs, with fixed weights. */
    static Module model() {
        return new Sequential(new Dense(FEATURES, 8, new Random(1)), Activation.tanh(),
                new Dense(8, CLASSES, new Random(2)));
    }

    /** {@code n} samples: 5 Gaussian features and a class that depends on them, with some noise. */
    static List<Row> rows(int n, long seed) {
        Random rng = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                x[j] = rng.nextGaussian();
            }
            double score = x[0] - x[1] + 0.5 * x[2] + 0.3 * rng.nextGaussian();
            int label = score < -0.5 ? 0 : score < 0.5 ? 1 : 2;
            rows.add(RowFactory.create(x, label));
        }
        return rows;
    }

    static final StructType SCHEMA = new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("label", DataTypes.IntegerType, false);

    /** {@code rows} as a data frame of {@code partitions} partitions, partition p holding a contiguous run. */
    static Dataset<Row> frame(SparkSession spark, List<Row> rows, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), SCHEMA);
    }

    /** The rows a parallelize of {@code partitions} slices puts in partition {@code p}: a contiguous run. */
    static List<Row> partition(List<Row> rows, int partitions, int p) {
        long n = rows.size();
        return rows.subList((int) (p * n / partitions), (int) ((p + 1) * n / partitions));
    }

    /** The features of {@code rows} as a {@code [n, 5]} tensor. */
    static Tensor features(List<Row> rows) {
        double[] x = new double[rows.size() * FEATURES];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy((double[]) rows.get(i).get(0), 0, x, i * FEATURES, FEATURES);
        }
        return Tensor.of(x, rows.size(), FEATURES);
    }

    /** The labels of {@code rows} as a {@code [n]} tensor. */
    static Tensor labels(List<Row> rows) {
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            y[i] = rows.get(i).getInt(1);
        }
        return Tensor.of(y, rows.size());
    }

    /** The flat parameters of {@code model}. */
    static double[] parameters(Module model) {
        return Replica.flat(model.parameters());
    }
}

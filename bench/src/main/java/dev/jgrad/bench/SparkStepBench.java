package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.samples.Mlp;
import dev.jgrad.spark.Factory;
import dev.jgrad.spark.OptimizerRecipe;
import dev.jgrad.spark.Samples;
import dev.jgrad.spark.SparkTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One synchronous training step of the fashion-mnist sample's MLP (784-256-128-10, ReLU, dropout 0.2, Adam) on a
 * global batch of {@code batch} random images, by {@link SparkTrainer} in Spark's local mode on two partitions
 * ({@code spark}: the broadcast, two tasks, the tree aggregation and the driver's Adam step), and the same step on
 * one machine ({@code local}: forward, backward and Adam on the whole batch). Their difference is Spark's cost per
 * step. The Spark step is timed over an epoch of {@value #STEPS} steps on data read from Parquet files and cached by
 * {@link SparkTrainer#prepare}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SparkStepBench {
    /** The global batch. */
    @Param({"64", "256", "1024", "4096"})
    public int batch;

    /** The dtype of the model and the images. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    static final int STEPS = 8;
    private static final int PIXELS = 784;

    private SparkSession spark;
    private SparkTrainer trainer;
    private Samples samples;
    private Path files;
    private Module model;
    private Optimizer optimizer;
    private Tensor x;
    private Tensor y;

    /** The Fashion MLP, as every executor makes it. */
    private static Factory<Module> network(DType dtype) {
        return () -> Mlp.of(PIXELS, new int[] {256, 128}, 10, Activation.relu(), Init.HE_NORMAL, new Random(1), 0.2,
                new Random(2)).to(dtype);
    }

    /** A local session with {@value #STEPS} batches of random images cached in two partitions, and one batch here. */
    @Setup
    public void setUp() {
        spark = SparkSession.builder().master("local[2]").appName("spark-step")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        Random rng = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < STEPS * batch; i++) {
            float[] pixels = new float[PIXELS];
            for (int p = 0; p < PIXELS; p++) {
                pixels[p] = rng.nextFloat();
            }
            rows.add(RowFactory.create(pixels, rng.nextInt(10)));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        trainer = new SparkTrainer(network(dtype), Loss::crossEntropy, OptimizerRecipe.adam(1e-3)).progress(null);
        // Through Parquet files, as a cluster's data comes: rows given to parallelize would travel with every task.
        try {
            files = Files.createTempDirectory("spark-step-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = files.resolve("images").toUri().toString();
        spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2), schema)
                .write().parquet(path);
        spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(1L << 30));
        spark.conf().set("spark.sql.files.openCostInBytes", Long.toString(1L << 30));
        samples = trainer.prepare(spark.read().parquet(path));
        if (samples.partitions() != 2) {
            throw new IllegalStateException("spark-step: " + samples.partitions() + " partitions, not 2");
        }

        model = network(dtype).get();
        optimizer = OptimizerRecipe.adam(1e-3).create(model.parameters());
        x = Tensor.rand(dtype, rng, batch, PIXELS);
        double[] labels = new double[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(10);
        }
        y = Tensor.of(labels, batch);
    }

    /** Stops the session and deletes the files. */
    @TearDown
    public void tearDown() throws IOException {
        samples.close();
        spark.stop();
        try (var all = Files.walk(files)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** One synchronous step on Spark, averaged over an epoch of {@value #STEPS}. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Module spark() {
        trainer.fit(samples, null, 1, batch);
        return trainer.model();
    }

    /** The same step on one machine. */
    @Benchmark
    public Optimizer local() {
        optimizer.zeroGrad();
        Loss.crossEntropy().compute(model.forward(x), y).backward();
        optimizer.step();
        return optimizer;
    }
}

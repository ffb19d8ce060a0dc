package dev.jgrad.spark.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Evaluation;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.samples.Datasets;
import dev.jgrad.samples.FashionMnistCnn;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fashion-MNIST trained data-parallel on Apache Spark with {@link SparkTrainer}: the MLP of the {@code fashion-mnist}
 * sample or, with {@code --model cnn}, the network of {@code fashion-mnist-cnn}. The driver reads the IDX files and
 * writes the images as Parquet files of {@code array<float>} features and {@code int} labels, where a cluster's data
 * would already be; the executors read them in {@code --partitions} partitions and do the training. {@code ./jgrad spark --master local[2]} runs it in
 * one JVM; {@code spark-submit} runs it on a cluster.
 *
 * <pre>{@code
 * SparkFashionMnist sample = new SparkFashionMnist();
 * new CommandLine(sample).parseArgs("--smoke", "--master", "local[2]");
 * double accuracy = sample.run().accuracy();
 * }</pre>
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Fashion-MNIST trained data-parallel on Apache Spark (synchronous SGD, or parameter averaging).")
public final class SparkFashionMnist implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "<url>",
            description = "Spark master: local[2], local-cluster[2,1,2048] (a cluster of executor JVMs on"
                    + " loopback), spark://host:7077, ... (default: spark-submit's, else local[2]).")
    String master;

    @Option(names = "--model", paramLabel = "<mlp|cnn>",
            description = "The network: the fashion-mnist sample's MLP or fashion-mnist-cnn's CNN (default:"
                    + " ${DEFAULT-VALUE}).")
    String model = "mlp";

    @Option(names = "--epochs", description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs = 3;

    @Option(names = "--batch-size", paramLabel = "<n>",
            description = "The global batch: the samples of one step over all partitions (default: ${DEFAULT-VALUE}).")
    int batchSize = 256;

    @Option(names = "--learning-rate", paramLabel = "<rate>", description = "Adam's rate (default: ${DEFAULT-VALUE}).")
    double learningRate = 2e-3;

    @Option(names = "--partitions", paramLabel = "<n>",
            description = "Partitions of the training set (default: Spark's default parallelism, its cores).")
    Integer partitions;

    @Option(names = "--local-steps", paramLabel = "<k>",
            description = "Parameter averaging after every k local steps of each partition; 0 trains by synchronous"
                    + " SGD (default: ${DEFAULT-VALUE}).")
    int localSteps;

    @Option(names = "--dtype", description = "FLOAT32 or FLOAT64 (default: ${DEFAULT-VALUE}).")
    DType dtype = DType.FLOAT32;

    @Option(names = "--seed", description = "Seed of the weights, the shuffling and the masks (default:"
            + " ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--data", paramLabel = "<dir>",
            description = "Directory of the four *-idx?-ubyte.gz files (default: ${DEFAULT-VALUE}).")
    Path dataDirectory = Path.of("/usr/share/datasets/fashion-mnist");

    @Option(names = "--work", paramLabel = "<dir>",
            description = "Where the images are written as Parquet for the executors to read: a directory every"
                    + " executor reads, such as hdfs:///tmp/jgrad on a cluster (default: a temporary directory).")
    String workDirectory;

    @Option(names = "--smoke", description = "A quick check: one epoch on the first 3000 training and 1000 test"
            + " images.")
    boolean smoke;

    /** The sample with its default options. */
    public SparkFashionMnist() {
    }

    /**
     * Runs the sample from the command line.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkFashionMnist()).execute(args));
    }

    /** Runs the sample and prints its result; returns the exit code, 0. */
    @Override
    public Integer call() {
        Result r = run();
        StringBuilder epochs = new StringBuilder();
        for (History.Epoch e : r.history().epochs()) {
            epochs.append(epochs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", e.seconds()));
        }
        System.out.printf(Locale.ROOT, "fashion-mnist on spark (%s, %d partition%s, %s): test accuracy %.3f in %.1f s"
                + " (reading %.1f s, epochs %s s)%n", r.master(), r.partitions(), r.partitions() == 1 ? "" : "s",
                localSteps == 0 ? "synchronous" : "averaging every " + localSteps + " steps", r.accuracy(), r.seconds(),
                r.reading(), epochs);
        return 0;
    }

    /**
     * What a run gives: the master it ran on, the partitions, the history, the test accuracy, the time the training
     * set took to read and cache, and the time of reading and training together.
     *
     * <pre>{@code
     * SparkFashionMnist.Result r = sample.run();
     * System.out.println(r.accuracy() + " after " + r.history().epochs().size() + " epochs in " + r.seconds() + " s");
     * }</pre>
     *
     * @param master the Spark master
     * @param partitions the training set's partitions
     * @param history the per-epoch history
     * @param accuracy the test accuracy
     * @param reading the seconds the training set took to read, check and cache
     * @param seconds the seconds of reading and training
     */
    public record Result(String master, int partitions, History history, double accuracy, double reading,
            double seconds) {
    }

    /**
     * Trains and tests, then stops the Spark session.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public Result run() {
        if (!model.equals("mlp") && !model.equals("cnn")) {
            throw new IllegalArgumentException("spark: --model " + model + " is neither mlp nor cnn");
        }
        SparkSession.Builder builder = SparkSession.builder().appName("jgrad fashion-mnist");
        boolean submitted = master == null && System.getProperty("spark.master") != null;
        if (!submitted) {
            builder.master(master == null ? "local[2]" : master);
        }
        if (System.getProperty("spark.executor.extraJavaOptions") == null) {
            // The engine's kernels need the Vector API module in every executor's JVM.
            builder.config("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
        }
        if (master != null && master.startsWith("local-cluster")) {
            // Executors of a loopback cluster are JVMs of their own, started from $SPARK_HOME: give them this
            // program's class path, Spark's jars and jgrad's.
            builder.config("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        SparkSession spark = builder.getOrCreate();
        Path temporary = null;
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int p = partitions == null ? jsc.defaultParallelism() : partitions;
            int trainLimit = smoke ? 3000 : Integer.MAX_VALUE;
            temporary = workDirectory == null ? temporary() : null;
            String work = temporary != null ? temporary.toUri().toString() : workDirectory;
            Dataset<Row> train = parquet(spark, Datasets.fashionMnist(dataDirectory, "train", trainLimit, dtype), p,
                    work + "/train");
            Dataset<Row> test = parquet(spark, Datasets.fashionMnist(dataDirectory, "t10k",
                    smoke ? 1000 : trainLimit, dtype), p, work + "/test");
            p = train.javaRDD().getNumPartitions();
            SparkTrainer trainer = new SparkTrainer(new Network(model, dtype, seed), Loss::crossEntropy,
                    OptimizerRecipe.adam(learningRate)).seed(seed);
            if (model.equals("cnn")) {
                trainer.inputShape(1, 28, 28);
            }
            if (localSteps > 0) {
                trainer.parameterAveraging(localSteps);
            }
            long started = System.nanoTime();
            try (Samples cached = trainer.prepare(train)) {
                double reading = (System.nanoTime() - started) / 1e9;
                History history = trainer.fit(cached, null, smoke ? 1 : epochs, batchSize);
                double seconds = (System.nanoTime() - started) / 1e9;
                Evaluation result = trainer.evaluate(test);
                return new Result(spark.sparkContext().master(), p, history, result.accuracy(), reading, seconds);
            }
        } finally {
            spark.stop();
            if (temporary != null) {
                delete(temporary);
            }
        }
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spark: cannot delete the temporary Parquet files in " + dir, e);
        }
    }

    private static final StructType SCHEMA = new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("label", DataTypes.IntegerType, false);

    private static Path temporary() {
        try {
            return Files.createTempDirectory("jgrad-spark-");
        } catch (IOException e) {
            throw new UncheckedIOException("spark: cannot make a temporary directory for the Parquet files", e);
        }
    }

    /**
     * The images written to {@code path} as Parquet files and read back in {@code partitions} partitions: a data
     * frame whose partitions are files, as a cluster's data is, rather than rows shipped with every task. They are
     * written in at least {@value #SLICES} files, so that no write task carries more than a Spark message can hold,
     * and read back one partition per file, then coalesced: consecutive files into one partition, in order, without
     * a shuffle, so that every run reads the rows in the same order.
     */
    private static Dataset<Row> parquet(SparkSession spark, Datasets.Labeled data, int partitions, String path) {
        frame(spark, data, Math.max(partitions, SLICES)).write().mode(SaveMode.Overwrite).parquet(path);
        // One partition per file, as written: Spark would otherwise pack small files together as it likes.
        spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(1L << 30));
        spark.conf().set("spark.sql.files.openCostInBytes", Long.toString(1L << 30));
        return spark.read().parquet(path).coalesce(partitions);
    }

    /** The fewest files the images are written in: 60000 images in slices of 12 MB. */
    private static final int SLICES = 16;

    /** The images as rows of 784 floats and a label, in {@code partitions} partitions. */
    private static Dataset<Row> frame(SparkSession spark, Datasets.Labeled data, int partitions) {
        float[] pixels = data.features().toFloatArray();
        int width = pixels.length / data.labels().length;
        List<Row> rows = new ArrayList<>(data.labels().length);
        for (int i = 0; i < data.labels().length; i++) {
            rows.add(RowFactory.create(Arrays.copyOfRange(pixels, i * width, (i + 1) * width), data.labels()[i]));
        }
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, partitions), SCHEMA);
    }

    /**
     * How each executor makes the network: what travels to it instead of the network itself. The weights it draws
     * are overwritten by the driver's; the dropout masks are reseeded every step.
     *
     * @param kind {@code mlp} or {@code cnn}
     * @param dtype the network's dtype
     * @param seed the seed of its weights
     */
    record Network(String kind, DType dtype, long seed) implements Factory<Module> {
        private static final long serialVersionUID = 1L;

        @Override
        public Module get() {
            Random init = new Random(seed);
            Random masks = new Random(seed + 1);
            Module net = kind.equals("cnn")
                    ? FashionMnistCnn.network(new int[] {1, 28, 28}, new int[] {32, 64}, new int[] {128}, 10, 0.1,
                            init, masks)
                    : Mlp.of(784, new int[] {256, 128}, 10, Activation.relu(), Init.HE_NORMAL, init, 0.2, masks);
            return net.to(dtype);
        }
    }
}

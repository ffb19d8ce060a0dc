package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Training on a real cluster of separate JVMs on loopback: Spark's {@code local-cluster} mode, whose master and two
 * workers run in this JVM and start each executor as a JVM of its own, from a {@code SPARK_HOME} under
 * {@code target/} with this test's class path. The results must be local mode's, bit for bit, even when an
 * executor's JVM is killed mid-training.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterTest {
    private static final List<Row> ROWS = LocalSpark.rows(480, 9);
    private static final int PARTITIONS = 4;
    private static final int EPOCHS = 3;
    private static final int BATCH = 24;
    private static double[] localResult;
    private static SparkSession cluster;

    @BeforeAll
    static void start() throws IOException {
        SparkSession local = LocalSpark.session("local[2]");
        localResult = LocalSpark.parameters(train(local).model());
        local.stop();
        // The workers look for Spark's jars in $SPARK_HOME/jars (a release's layout); the executors get the class path
        // of this JVM, which holds Spark's jars from Maven and jgrad's classes.
        Path home = Path.of(System.getenv("SPARK_HOME"));
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark for jgrad-spark's tests: the jars are on the class path\n");
        cluster = LocalSpark.builder("local-cluster[2,1,1024]")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.memory", "768m")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.stop();
        }
        // Stopping the context stops the workers, which kill their executors; wait until none is left.
        ProcessHandle.current().descendants().forEach(p -> {
            p.destroy();
            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
        assertEquals(0, executors().size(), "every executor JVM has exited");
    }

    private static SparkTrainer train(SparkSession spark) {
        SparkTrainer trainer = new SparkTrainer(LocalSpark::model, Loss::crossEntropy, OptimizerRecipe.adam(0.01))
                .seed(5).progress(null);
        trainer.fit(LocalSpark.frame(spark, ROWS, PARTITIONS), EPOCHS, BATCH);
        return trainer;
    }

    /**
     * The executor JVMs this test's workers started: the only processes this JVM starts. (Their command lines, with
     * the whole class path, are too long for {@code ProcessHandle.Info} to report.)
     */
    private static List<ProcessHandle> executors() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .toList();
    }

    @Test
    void twoExecutorJvmsTrainAsLocalModeDoes() {
        assertArrayEquals(localResult, LocalSpark.parameters(train(cluster).model()), 0.0);
        assertEquals(2, executors().size(), "two executors, each a JVM of its own");
    }

    @Test
    void killingAnExecutorMidTrainingChangesNothing() throws Exception {
        AtomicInteger jobs = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        cluster.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobEnd(SparkListenerJobEnd end) {
                jobs.incrementAndGet();
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
                removed.incrementAndGet();
            }
        });
        CompletableFuture<double[]> training = CompletableFuture.supplyAsync(
                () -> LocalSpark.parameters(train(cluster).model()));
        while (jobs.get() < 8) {
            Thread.sleep(10);
        }
        ProcessHandle victim = executors().get(0);
        assertTrue(victim.destroyForcibly(), "the executor was killed");
        victim.onExit().get(30, TimeUnit.SECONDS);
        int jobsAtKill = jobs.get();
        double[] result = training.get(Duration.ofMinutes(4).toSeconds(), TimeUnit.SECONDS);
        int steps = EPOCHS * ((ROWS.size() + BATCH - 1) / BATCH);
        assertTrue(jobsAtKill < steps, "the executor died mid-training, after " + jobsAtKill + " of " + steps
                + " jobs");
        assertTrue(removed.get() >= 1, "Spark saw the executor go");
        assertArrayEquals(localResult, result, 0.0);
    }
}

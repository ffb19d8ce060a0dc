package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.spark.samples.SparkFashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Spark sample end to end in local mode, on the stand-in Fashion-MNIST files (in this package for them). */
class SparkFashionMnistTest {
    private static SparkFashionMnist.Result run(Path dir, String... args) {
        SparkFashionMnist sample = new SparkFashionMnist();
        new CommandLine(sample).parseArgs(FashionFixture.withData(dir, 600, 200, args));
        return sample.run();
    }

    @Test
    void theMlpLearnsTheImagesBySynchronousSgd(@TempDir Path dir) {
        SparkFashionMnist.Result r = run(dir, "--master", "local[2]", "--epochs", "2", "--batch-size", "64",
                "--partitions", "3", "--dtype", "FLOAT64");
        assertEquals(3, r.partitions());
        assertEquals("local[2]", r.master());
        assertEquals(2, r.history().epochs().size());
        assertTrue(r.accuracy() > 0.95, "test accuracy " + r.accuracy());
    }

    @Test
    void theCnnLearnsThemByParameterAveraging(@TempDir Path dir) {
        Path work = dir.resolve("work");
        SparkFashionMnist.Result r = run(dir, "--master", "local[2]", "--model", "cnn", "--epochs", "1",
                "--batch-size", "32", "--local-steps", "2", "--work", work.toString());
        assertTrue(r.accuracy() > 0.9, "test accuracy " + r.accuracy());
        assertTrue(Files.isDirectory(work.resolve("train")), "the Parquet files are where --work says");
    }

    @Test
    void anUnknownModelIsRejected(@TempDir Path dir) {
        assertEquals("spark: --model rnn is neither mlp nor cnn",
                assertThrows(IllegalArgumentException.class, () -> run(dir, "--model", "rnn")).getMessage());
    }
}

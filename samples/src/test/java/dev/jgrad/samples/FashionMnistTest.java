package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.History;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class FashionMnistTest extends SampleRuns {
    @TempDir
    Path data;

    /** The sample configured by {@code args}, reading a fixture of the given sizes with {@code --data}. */
    private Captured<FashionMnist> onFixture(int train, int test, String... args) {
        return configure(new FashionMnist(), FashionFixture.withData(data, train, test, args));
    }

    /**
     * Runs the sample and asserts that it trained {@code epochs} epochs on {@code train} and {@code test} images,
     * said so, reached {@code accuracy} on the test images and drew its chart.
     */
    private void assertLearns(Captured<FashionMnist> run, int epochs, int train, int test, double accuracy) {
        ClassifierSample.Result result = run.sample.run();
        assertEquals(epochs, result.history().epochs().size());
        assertTrue(result.testAccuracy() >= accuracy, "test accuracy " + result.testAccuracy());
        assertEquals(0.88, result.milestone());
        boolean reached = result.history().epochs().stream().anyMatch(e -> e.validationAccuracy() >= 0.88);
        assertEquals(reached, result.secondsToMilestone() > 0, "seconds to 0.88: " + result.secondsToMilestone());
        assertTrue(result.summary().contains(reached ? ", 0.88 after " : ", 0.88 never reached"), result.summary());
        assertTrue(run.printed().contains("fashion-mnist: " + train + " training and " + test + " test samples, 784"
                + " features, 10 classes"), run.printed());
        assertPng(out.resolve("fashion-mnist-training.png"));
        assertConfusionAndReport(run, result, "fashion-mnist", FashionMnist.CLASSES, test);
    }

    @Test
    void learnsTheClassesOfTheIdxFilesInTheDataDirectory() {
        // chance is 0.1; each class's bright band is two rows of its own
        assertLearns(onFixture(400, 100, "--epochs", "3", "--hidden", "32", "--batch-size", "32"), 3, 400, 100, 0.9);
    }

    @Test
    void learnsTheClassesInFloat32Too() {
        assertLearns(onFixture(400, 100, "--epochs", "3", "--hidden", "32", "--batch-size", "32", "--dtype", "float32"),
                3, 400, 100, 0.9);
    }

    @Test
    void smokeRunTrainsOneEpoch() {
        Captured<FashionMnist> run = onFixture(300, 100, "--smoke", "--epochs", "9");
        ClassifierSample.Result result = run.sample.run();
        assertEquals(1, result.history().epochs().size());
        assertTrue(result.samplesPerSecond() > 0);
        assertTrue(run.printed().contains(" s per epoch, ") && run.printed().contains(" samples/s"), run.printed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"float64", "float32"})
    void theSameSeedGivesTheSameResultBitForBitThoughTheProductsUseTwoThreads(String dtype) {
        // with the default layers, batches of 128 x 784 times 784 x 256 are past the size where the matrix product
        // splits over threads
        History.Epoch first = onFixture(300, 100, "--smoke", "--dtype", dtype).sample.run().history().last();
        History.Epoch second = onFixture(300, 100, "--smoke", "--dtype", dtype).sample.run().history().last();
        assertEquals(first.loss(), second.loss());
        assertEquals(first.validationLoss(), second.validationLoss());
    }

    @Test
    void smokeRunOnTheRealDataLearns() {
        FashionFixture.assumeRealData();
        // chance is 0.1; one epoch on 3000 images gets well past it
        assertLearns(configure(new FashionMnist(), "--smoke"), 1, 3000, 1000, 0.7);
    }

    @Test
    void missingDataFailsWithOneLineSayingHowToInstallIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("fashion-mnist", "--smoke", "--data", out.toString(), "--out", out.toString());
        String message = err.toString();
        assertEquals(1, status);
        assertTrue(message.startsWith("fashion-mnist: Fashion-MNIST file " + out.resolve("train-images-idx3-ubyte.gz")
                + " is missing"), message);
        assertTrue(message.contains("apt-get install dataset-fashion-mnist") && message.contains("--data"), message);
        assertEquals(1, message.strip().lines().count(), message);
    }
}

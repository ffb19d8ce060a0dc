package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.History;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FashionMnistTest {
    @TempDir
    Path out;

    @Test
    void smokeRunTrainsOneEpochOnASubsetAndLearns() {
        SampleRuns.Captured<FashionMnist> run = SampleRuns.configure(new FashionMnist(), out, "--smoke");
        ClassifierSample.Result result = run.sample.run();
        assertEquals(1, result.history().epochs().size());
        // chance is 0.1; one epoch on 3000 images gets well past it
        assertTrue(result.testAccuracy() >= 0.7, "test accuracy " + result.testAccuracy());
        assertTrue(result.samplesPerSecond() > 0);
        String printed = run.printed();
        assertTrue(printed.contains("fashion-mnist: 3000 training and 1000 test samples, 784 features, 10 classes"),
                printed);
        assertTrue(printed.contains(" s per epoch, ") && printed.contains(" samples/s"), printed);
        SampleRuns.assertPng(out.resolve("fashion-mnist-training.png"));
    }

    @Test
    void theSameSeedGivesTheSameResultBitForBitThoughTheProductsUseTwoThreads() {
        // batches of 128 x 784 times 784 x 256 are past the size where the matrix product splits over threads
        History.Epoch first = SampleRuns.configure(new FashionMnist(), out, "--smoke").sample.run().history().last();
        History.Epoch second = SampleRuns.configure(new FashionMnist(), out, "--smoke").sample.run().history().last();
        assertEquals(first.loss(), second.loss());
        assertEquals(first.validationLoss(), second.validationLoss());
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

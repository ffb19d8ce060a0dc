package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XorTest {
    @TempDir
    Path out;

    @Test
    void defaultRunPutsEveryPredictionWithinATenthOfItsTarget() {
        SampleRuns.Captured<Xor> run = SampleRuns.configure(new Xor(), out);
        Xor.Result result = run.sample.run();
        double[] targets = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            assertEquals(targets[i], result.predictions()[i], 0.1, "prediction " + i);
        }
        assertEquals(1500, result.lossPerIteration().length);
        assertTrue(result.loss() < result.lossPerIteration()[0] / 10, "the loss fell tenfold: " + result.loss());
    }

    @Test
    void printsTheLossEveryHundredIterationsAndTheTruthTable() {
        SampleRuns.Captured<Xor> run = SampleRuns.configure(new Xor(), out, "--epochs", "300");
        run.sample.run();
        String printed = run.printed();
        assertTrue(printed.contains("iteration  100  loss ") && printed.contains("iteration  300  loss ")
                && !printed.contains("iteration  400"), printed);
        assertTrue(printed.contains(" x1 x2 | target | prediction") && printed.contains("  1  1 |   0    |"), printed);
    }

    @Test
    void writesItsLossAndAccuracyChart() {
        SampleRuns.configure(new Xor(), out, "--epochs", "100").sample.run();
        SampleRuns.assertPng(out.resolve("xor-training.png"));
    }

    @Test
    void theSameSeedGivesTheSameLossesBitForBit() {
        Xor.Result first = SampleRuns.configure(new Xor(), out, "--epochs", "200", "--seed", "7").sample.run();
        Xor.Result second = SampleRuns.configure(new Xor(), out, "--epochs", "200", "--seed", "7").sample.run();
        Xor.Result other = SampleRuns.configure(new Xor(), out, "--epochs", "200", "--seed", "8").sample.run();
        assertArrayEquals(first.lossPerIteration(), second.lossPerIteration());
        assertTrue(first.loss() != other.loss());
    }
}

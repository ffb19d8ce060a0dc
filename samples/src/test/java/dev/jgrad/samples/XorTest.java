package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class XorTest extends SampleRuns {
    @Test
    void defaultRunPutsEveryPredictionWithinATenthOfItsTarget() {
        Captured<Xor> run = configure(new Xor());
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
        Captured<Xor> run = configure(new Xor(), "--epochs", "300");
        run.sample.run();
        String printed = run.printed();
        assertTrue(printed.contains("iteration  100  loss ") && printed.contains("iteration  300  loss ")
                && !printed.contains("iteration  400"), printed);
        assertTrue(printed.contains(" x1 x2 | target | prediction") && printed.contains("  1  1 |   0    |"), printed);
    }

    @Test
    void writesItsLossAndAccuracyChart() {
        configure(new Xor(), "--epochs", "100").sample.run();
        assertPng(out.resolve("xor-training.png"));
    }

    @Test
    void theSameSeedGivesTheSameLossesBitForBit() {
        Xor.Result first = configure(new Xor(), "--epochs", "200", "--seed", "7").sample.run();
        Xor.Result second = configure(new Xor(), "--epochs", "200", "--seed", "7").sample.run();
        Xor.Result other = configure(new Xor(), "--epochs", "200", "--seed", "8").sample.run();
        assertArrayEquals(first.lossPerIteration(), second.lossPerIteration());
        assertTrue(first.loss() != other.loss());
    }

    @Test
    void float32StartsFromTheFloat64WeightsRoundedAndLearnsTheTable() {
        Xor.Result wide = configure(new Xor(), "--dtype", "float64").sample.run();
        Xor.Result narrow = configure(new Xor(), "--dtype", "float32").sample.run();
        // the same weights and data to float precision: the first losses agree to about 1e-7, yet not exactly
        double first = wide.lossPerIteration()[0];
        assertNotEquals(first, narrow.lossPerIteration()[0]);
        assertEquals(first, narrow.lossPerIteration()[0], 1e-5 * first);
        double[] targets = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            assertEquals(targets[i], narrow.predictions()[i], 0.1, "prediction " + i);
        }
    }

    @Test
    void theSameSeedGivesTheSameFloat32LossesBitForBit() {
        Xor.Result first = configure(new Xor(), "--epochs", "200", "--seed", "7", "--dtype", "float32").sample.run();
        Xor.Result second = configure(new Xor(), "--epochs", "200", "--seed", "7", "--dtype", "FLOAT32").sample.run();
        assertArrayEquals(first.lossPerIteration(), second.lossPerIteration());
    }
}

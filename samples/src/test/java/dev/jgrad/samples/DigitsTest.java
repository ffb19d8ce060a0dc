package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.History;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigitsTest extends SampleRuns {
    private ClassifierSample.Result run(String... args) {
        return configure(new Digits(), args).sample.run();
    }

    @Test
    void tenEpochsReachNinetyFivePercentOnTheHeldOutFifth() {
        Captured<Digits> run = configure(new Digits(), "--epochs", "10");
        ClassifierSample.Result result = run.sample.run();
        assertTrue(result.testAccuracy() >= 0.95, "test accuracy " + result.testAccuracy());
        assertEquals(10, result.history().epochs().size());
        assertTrue(run.printed().contains("digits: 1438 training and 359 test samples, 64 features, 10 classes"),
                run.printed());
        assertTrue(run.printed().contains("epoch 10/10 loss "), run.printed());
        assertPng(out.resolve("digits-training.png"));
        assertConfusionAndReport(run, result, "digits", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                359);
    }

    @Test
    void float32ReachesNinetyFivePercentInTenEpochsToo() {
        ClassifierSample.Result wide = run("--epochs", "10", "--dtype", "float64");
        ClassifierSample.Result narrow = run("--epochs", "10", "--dtype", "float32");
        assertNotEquals(wide.history().epochs().get(0).loss(), narrow.history().epochs().get(0).loss());
        assertTrue(narrow.testAccuracy() >= 0.95, "test accuracy " + narrow.testAccuracy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"float64", "float32"})
    void theSameSeedGivesTheSameHistoryBitForBit(String dtype) {
        History first = run("--epochs", "2", "--seed", "5", "--dtype", dtype).history();
        History second = run("--epochs", "2", "--seed", "5", "--dtype", dtype).history();
        for (int i = 0; i < 2; i++) {
            History.Epoch a = first.epochs().get(i);
            History.Epoch b = second.epochs().get(i);
            assertEquals(a.loss(), b.loss());
            assertEquals(a.accuracy(), b.accuracy());
            assertEquals(a.validationLoss(), b.validationLoss());
        }
    }

    @Test
    void reportsThroughputConsistentWithTheEpochTimes() {
        ClassifierSample.Result result = run("--epochs", "1");
        assertEquals(result.history().last().seconds(), result.secondsPerEpoch(), 1e-12);
        assertEquals(1438 / result.secondsPerEpoch(), result.samplesPerSecond(), 1e-6);
    }
}

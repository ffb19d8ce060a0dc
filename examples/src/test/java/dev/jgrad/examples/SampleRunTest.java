package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SampleRunTest {
    @Test
    void digitsSampleReachesAbove97PercentAndWritesItsPlot() {
        double accuracy = SampleRun.digitsTestAccuracy();
        assertTrue(accuracy > 0.97, "test accuracy " + accuracy);
        assertTrue(Files.isRegularFile(Path.of("out", "digits-training.png")));
    }
}

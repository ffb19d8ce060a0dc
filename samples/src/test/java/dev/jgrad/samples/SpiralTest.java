package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiralTest extends SampleRuns {
    @Test
    void defaultRunFitsTheSpiralWithTheNetworkButNotWithALine() {
        Captured<Spiral> run = configure(new Spiral());
        Spiral.Result result = run.sample.run();
        assertTrue(result.networkAccuracy() >= 0.98, "network " + result.networkAccuracy());
        // a linear boundary can only cut the plane into three wedges: about half the points
        double linear = result.linearAccuracy();
        assertTrue(linear > 0.4 && linear < 0.65, "linear " + linear);
        String printed = run.printed();
        assertTrue(printed.contains("linear softmax classifier") && printed.contains("2-layer ReLU network"), printed);
    }

    @Test
    void float32FitsTheSpiralToo() {
        Spiral.Result wide = configure(new Spiral(), "--dtype", "float64", "--epochs", "10").sample.run();
        Spiral.Result narrow = configure(new Spiral(), "--dtype", "float32").sample.run();
        assertNotEquals(wide.network().epochs().get(9).loss(), narrow.network().epochs().get(9).loss());
        assertTrue(narrow.networkAccuracy() >= 0.98, "network " + narrow.networkAccuracy());
        assertPng(out.resolve("spiral-network-regions.png"));
    }

    @Test
    void writesTrainingCurvesAndDecisionRegions() {
        configure(new Spiral(), "--epochs", "2").sample.run();
        assertPng(out.resolve("spiral-training.png"));
        assertPng(out.resolve("spiral-network-regions.png"));
        assertPng(out.resolve("spiral-linear-regions.png"));
    }
}

package dev.jgrad.samples;

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
    void writesTrainingCurvesAndDecisionRegions() {
        configure(new Spiral(), "--epochs", "2").sample.run();
        assertPng(out.resolve("spiral-training.png"));
        assertPng(out.resolve("spiral-network-regions.png"));
        assertPng(out.resolve("spiral-linear-regions.png"));
    }
}

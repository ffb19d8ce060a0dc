package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpiralTest {
    @TempDir
    Path out;

    @Test
    void defaultRunFitsTheSpiralWithTheNetworkButNotWithALine() {
        SampleRuns.Captured<Spiral> run = SampleRuns.configure(new Spiral(), out);
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
        SampleRuns.configure(new Spiral(), out, "--epochs", "2").sample.run();
        SampleRuns.assertPng(out.resolve("spiral-training.png"));
        SampleRuns.assertPng(out.resolve("spiral-network-regions.png"));
        SampleRuns.assertPng(out.resolve("spiral-linear-regions.png"));
    }
}

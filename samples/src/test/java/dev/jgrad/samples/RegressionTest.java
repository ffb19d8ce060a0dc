package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressionTest extends SampleRuns {
    @Test
    void fitFollowsTheSineBeneathTheNoise() {
        Regression.Result result = configure(new Regression()).sample.run();
        // the noise has variance 0.01: a good fit leaves about that on the training points, far less against the truth
        assertEquals(0.01, result.trainingLoss(), 0.003);
        assertTrue(result.truthError() < 0.003, "fit vs truth " + result.truthError());
        assertEquals(100, result.history().epochs().size());
        assertPng(out.resolve("regression-fit.png"));
        assertPng(out.resolve("regression-training.png"));
    }

    @Test
    void float32FitsTheSineAsWell() {
        Regression.Result wide = configure(new Regression(), "--dtype", "float64").sample.run();
        Regression.Result narrow = configure(new Regression(), "--dtype", "float32").sample.run();
        assertNotEquals(wide.trainingLoss(), narrow.trainingLoss());
        assertEquals(0.01, narrow.trainingLoss(), 0.003);
        assertTrue(narrow.truthError() < 0.003, "fit vs truth " + narrow.truthError());
    }
}

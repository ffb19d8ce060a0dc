package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LearningRateScheduleTest {
    private static double[] rates(LearningRateSchedule schedule, int steps) {
        double[] rates = new double[steps];
        for (int s = 0; s < steps; s++) {
            rates[s] = schedule.rate(s);
        }
        return rates;
    }

    /** The rate of every batch of a 3-epoch run of 2 batches each. */
    private static List<Double> trainedRates(Callback schedule) {
        List<Double> rates = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(Training training, int batch, Map<String, Double> logs) {
                rates.add(logs.get("lr"));
            }
        };
        Scripted.trainer(Scripted.model(), 0.5).callbacks(schedule, recorder).fit(Scripted.DATA, 3, 4,
                new Random(0));
        return rates;
    }

    @Test
    void stepDecayMultipliesByTheFactorEveryStepSizeSteps() {
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.025},
                rates(LearningRateSchedule.stepDecay(0.1, 0.5, 2), 6));
    }

    @Test
    void exponentialDecaysSmoothly() {
        // 0.1 * 0.5^(s / 2): every other step halves, the steps between are divided by sqrt(2)
        assertArrayEquals(new double[] {0.1, 0.07071067811865475, 0.05, 0.035355339059327376, 0.025},
                rates(LearningRateSchedule.exponential(0.1, 0.5, 2), 5), 1e-16);
    }

    @Test
    void cosineWarmsUpLinearlyThenFollowsHalfACosineToTheMinimum() {
        // warm-up 1 * (s + 1) / 2, then (1 + cos(pi * (s - 2) / 4)) / 2, then 0 from step 6 on
        double c = (1 + Math.cos(Math.PI / 4)) / 2;
        assertArrayEquals(new double[] {0.5, 1.0, 1.0, c, 0.5, 1 - c, 0, 0},
                rates(LearningRateSchedule.cosine(1.0, 2, 6, 0), 8), 1e-15);
        assertArrayEquals(new double[] {1.0, 0.1 + 0.9 * c, 0.55, 0.1 + 0.9 * (1 - c), 0.1, 0.1},
                rates(LearningRateSchedule.cosine(1.0, 0, 4, 0.1), 6), 1e-15);
    }

    @Test
    void perEpochTheRateOfStepEpochMinusOneIsSetBeforeEachEpoch() {
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025, 0.025),
                trainedRates(LearningRateSchedule.stepDecay(0.1, 0.5, 1).everyEpoch()));
    }

    @Test
    void perBatchTheStepsRunOnAcrossEpochs() {
        assertEquals(List.of(0.1, 0.05, 0.025, 0.0125, 0.00625, 0.003125),
                trainedRates(LearningRateSchedule.stepDecay(0.1, 0.5, 1).everyBatch()));
        double c = (1 + Math.cos(Math.PI / 4)) / 2;
        List<Double> cosine = trainedRates(LearningRateSchedule.cosine(1.0, 2, 6, 0).everyBatch());
        assertArrayEquals(new double[] {0.5, 1.0, 1.0, c, 0.5, 1 - c},
                cosine.stream().mapToDouble(Double::doubleValue).toArray(), 1e-15);
    }

    @Test
    void eachRunStartsTheBatchStepsAgain() {
        Callback schedule = ((LearningRateSchedule) step -> 1.0 / (1 + step)).everyBatch();
        assertEquals(List.of(1.0, 0.5, 1.0 / 3, 0.25, 0.2, 1.0 / 6), trainedRates(schedule));
        assertEquals(List.of(1.0, 0.5, 1.0 / 3, 0.25, 0.2, 1.0 / 6), trainedRates(schedule));
    }

    @Test
    void aRateTheOptimizerRefusesFailsFit() {
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5)
                .callbacks(((LearningRateSchedule) step -> 1 - step).everyEpoch());
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(Scripted.DATA, 3, 8, new Random(0)));
        assertEquals("SGD: learning rate 0.0 must be positive and finite", e.getMessage());
    }

    private static void assertRejected(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void badArgumentsAreNamedWithTheirValues() {
        assertRejected("LearningRateSchedule.stepDecay: factor 1.0 must be in (0, 1)",
                () -> LearningRateSchedule.stepDecay(0.1, 1.0, 2));
        assertRejected("LearningRateSchedule.stepDecay: initial rate 0.0 must be positive and finite",
                () -> LearningRateSchedule.stepDecay(0, 0.5, 2));
        assertRejected("LearningRateSchedule.stepDecay: stepSize 0 must be positive",
                () -> LearningRateSchedule.stepDecay(0.1, 0.5, 0));
        assertRejected("LearningRateSchedule.exponential: decayRate 0.0 must be in (0, 1)",
                () -> LearningRateSchedule.exponential(0.1, 0, 2));
        assertRejected("LearningRateSchedule.exponential: decaySteps -1 must be positive",
                () -> LearningRateSchedule.exponential(0.1, 0.5, -1));
        assertRejected("LearningRateSchedule.exponential: initial rate Infinity must be positive and finite",
                () -> LearningRateSchedule.exponential(Double.POSITIVE_INFINITY, 0.5, 1));
        assertRejected("LearningRateSchedule.cosine: warmupSteps 5 must be >= 0 and below totalSteps 5",
                () -> LearningRateSchedule.cosine(0.1, 5, 5, 0));
        assertRejected("LearningRateSchedule.cosine: warmupSteps -1 must be >= 0 and below totalSteps 5",
                () -> LearningRateSchedule.cosine(0.1, -1, 5, 0));
        assertRejected("LearningRateSchedule.cosine: minRate 0.1 must be in [0, 0.1)",
                () -> LearningRateSchedule.cosine(0.1, 0, 5, 0.1));
        assertRejected("LearningRateSchedule.cosine: peak rate -1.0 must be positive and finite",
                () -> LearningRateSchedule.cosine(-1, 0, 5, 0));
    }
}

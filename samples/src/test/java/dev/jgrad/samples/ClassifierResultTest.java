package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.nn.ConfusionMatrix;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierResultTest {
    private static final History HISTORY = new History(List.of(
            new History.Epoch(1, 0.9, 0.7, 0.8, 0.85, 1.5),
            new History.Epoch(2, 0.5, 0.85, 0.45, 0.881, 1.25),
            new History.Epoch(3, 0.4, 0.9, 0.4, 0.89, 1.0)));
    private static final ConfusionMatrix CONFUSION = Metrics.confusionMatrix(new int[] {0, 1}, new int[] {0, 0}, 2);

    @Test
    void theSummaryGivesTheTimeToTheMilestone() {
        var result = new ClassifierSample.Result(HISTORY, 0.89, 1.25, 48_000, 0.88, 2.75, CONFUSION);
        assertEquals("test accuracy 0.890, 0.88 after 2.8 s", result.summary());
    }

    @Test
    void aMilestoneNeverReachedIsSaid() {
        var result = new ClassifierSample.Result(HISTORY, 0.89, 1.25, 48_000, 0.95, Double.NaN, CONFUSION);
        assertEquals("test accuracy 0.890, 0.95 never reached", result.summary());
    }

    @Test
    void withoutAMilestoneTheSummaryIsTheAccuracy() {
        var result = new ClassifierSample.Result(HISTORY, 0.89, 1.25, 48_000, Double.NaN, Double.NaN, CONFUSION);
        assertEquals("test accuracy 0.890", result.summary());
    }
}

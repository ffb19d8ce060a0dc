package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShortPathTest {
    @Test
    void theKerasProgramLearnsXor() {
        double[] p = ShortPath.xor().toArray();
        assertTrue(p[0] < 0.2 && p[1] > 0.8 && p[2] > 0.8 && p[3] < 0.2, java.util.Arrays.toString(p));
    }

    @Test
    void theClassifierScoresItsMetricsAndWritesItsFiles(@TempDir Path runs) throws Exception {
        Map<String, Double> scores = ShortPath.classify(runs);
        assertEquals(List.of("loss", "accuracy", "macroF1"), List.copyOf(scores.keySet()));
        assertTrue(scores.get("accuracy") >= 0.95, scores::toString);
        List<String> csv = Files.readAllLines(runs.resolve("training.csv"));
        assertTrue(csv.get(0).startsWith("epoch,"), csv.get(0));
        assertTrue(csv.size() >= 2, csv::toString);
        assertTrue(Files.readString(runs.resolve("history.json")).startsWith("["),
                () -> "history.json");
    }
}

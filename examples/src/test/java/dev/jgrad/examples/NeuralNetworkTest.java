package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Dataset;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NeuralNetworkTest {
    private static NeuralNetwork.Result trained;

    @BeforeAll
    static void train() {
        Dataset.Split split = NeuralNetwork.digits();
        trained = NeuralNetwork.train(split.train(), split.test());
    }

    @Test
    void digitsSplitIntoFourFifthsAndAFifth() {
        Dataset.Split split = NeuralNetwork.digits();
        assertEquals(1797, split.train().size() + split.test().size());
        assertEquals(1438, split.train().size());
    }

    @Test
    void trainsTwentyEpochsToAbove95PercentTestAccuracy() {
        assertEquals(20, trained.history().epochs().size());
        double accuracy = trained.history().last().validationAccuracy();
        assertTrue(accuracy > 0.95, "test accuracy " + accuracy);
    }

    @Test
    void checkpointHoldsEveryParameterAsTrained() {
        Map<String, Tensor> saved = Checkpoint.read(Path.of("model.npz"));
        Map<String, Tensor> params = trained.model().namedParameters();
        assertEquals(params.keySet(), saved.keySet());
        params.forEach((name, p) -> assertArrayEquals(p.toArray(), saved.get(name).toArray(), 0, name));
    }
}

package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Module;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayersTest {
    private final Random rng = new Random(3);
    private final Module model = Layers.model(rng);
    private final Tensor x = Tensor.randn(rng, 4, 2);

    @Test
    void predictGivesOneValuePerInputOutsideTheGraph() {
        Tensor y = model.predict(x);
        assertArrayEquals(new int[] {4, 1}, y.shape());
        assertFalse(y.requiresGrad());
    }

    @Test
    void predictRunsWithoutDropoutAndLeavesTheModelTraining() {
        assertArrayEquals(model.predict(x).toArray(), model.predict(x).toArray(), 0.0);
        assertTrue(model.isTraining());
        // In training mode the dropout layer draws a new mask each time.
        assertNotEquals(Arrays.toString(model.forward(x).toArray()), Arrays.toString(model.forward(x).toArray()));
    }

    @Test
    void theLastLayerHasNoBias() {
        assertTrue(model.namedParameters().keySet().stream().noneMatch(name -> name.equals("layers.5.bias")));
        assertTrue(model.namedParameters().containsKey("layers.5.weight"));
    }
}

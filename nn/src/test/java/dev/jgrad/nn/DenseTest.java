package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

class DenseTest {
    @Test
    void computesXTimesWeightPlusBias() {
        Dense d = new Dense(2, 3, Init.ZEROS, new Random(0));
        try (var off = Tensor.noGrad()) {
            d.weight().assign(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
            d.bias().assign(Tensor.of(new double[] {10, 20, 30}, 3));
        }
        Tensor y = d.forward(Tensor.of(new double[] {1, 1, 2, 0}, 2, 2));
        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(new double[] {15, 27, 39, 12, 24, 36}, y.toArray());
    }

    @Test
    void biasStartsAtZeroAndBothRequireGrad() {
        Dense d = new Dense(4, 3, Init.HE_NORMAL, new Random(7));
        assertArrayEquals(new double[3], d.bias().toArray());
        assertArrayEquals(new int[] {4, 3}, d.weight().shape());
        assertEquals(true, d.weight().requiresGrad() && d.bias().requiresGrad());
    }

    @Test
    void sameSeedGivesSameWeights() {
        assertArrayEquals(new Dense(5, 4, new Random(3)).weight().toArray(),
                new Dense(5, 4, new Random(3)).weight().toArray());
    }

    @Test
    void gradientsAreInputTransposeTimesUpstreamAndColumnSums() {
        Dense d = new Dense(2, 1, Init.ZEROS, new Random(0));
        d.forward(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)).sum().backward();
        assertArrayEquals(new double[] {4, 6}, d.weight().grad().toArray());
        assertArrayEquals(new double[] {2}, d.bias().grad().toArray());
    }

    @Test
    void wrongInputWidthNamesLayerAndShape() {
        Dense d = new Dense(3, 4, new Random(0));
        var e = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.ones(5, 2)));
        assertEquals("Dense(3 -> 4): input of shape [5, 2] is not [batch, 3]", e.getMessage());
    }

    @Test
    void nonPositiveSizeRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dense(0, 4, new Random(0)));
        assertEquals("Dense: sizes must be positive, got 0 -> 4", e.getMessage());
    }

    @Test
    void withoutBiasComputesXTimesWeight() {
        Dense d = Dense.withoutBias(2, 3, Init.ZEROS, new Random(0));
        try (var off = Tensor.noGrad()) {
            d.weight().assign(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        }
        Tensor y = d.forward(Tensor.of(new double[] {1, 1, 2, 0}, 2, 2));
        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(new double[] {5, 7, 9, 2, 4, 6}, y.toArray());
    }

    @Test
    void withoutBiasTheWeightIsTheOnlyParameter() {
        Dense d = Dense.withoutBias(4, 3, Init.HE_NORMAL, new Random(7));
        assertNull(d.bias());
        assertEquals(List.of("weight"), List.copyOf(d.namedParameters().keySet()));
        assertEquals(List.of(d.weight()), d.parameters());
    }

    @Test
    void withoutBiasDrawsTheWeightAWithBiasLayerWould() {
        assertArrayEquals(new Dense(5, 4, Init.HE_UNIFORM, new Random(3)).weight().toArray(),
                Dense.withoutBias(5, 4, Init.HE_UNIFORM, new Random(3)).weight().toArray());
    }

    @Test
    void withoutBiasTheWeightGradientIsInputTransposeTimesUpstream() {
        Dense d = Dense.withoutBias(2, 1, Init.ZEROS, new Random(0));
        d.forward(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)).sum().backward();
        assertArrayEquals(new double[] {4, 6}, d.weight().grad().toArray());
    }

    @Test
    void withoutBiasCheckpointsItsWeightUnderTheSameName(@TempDir Path dir) {
        Dense saved = Dense.withoutBias(3, 2, Init.HE_NORMAL, new Random(1));
        Path file = dir.resolve("dense.npz");
        Checkpoint.save(saved, file);
        Dense loaded = Dense.withoutBias(3, 2, Init.ZEROS, new Random(0));
        Checkpoint.load(loaded, file);

        assertEquals(List.of("weight"), List.copyOf(Checkpoint.read(file).keySet()));
        assertArrayEquals(saved.weight().toArray(), loaded.weight().toArray());
    }
}

package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CreationAndReadingTest {

    @Test
    void ofCopiesDataInRowMajorOrder() {
        double[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        data[0] = 99;
        assertEquals(1.0, t.get(0, 0));
        assertEquals(6.0, t.get(1, 2));
        assertEquals(4.0, t.get(1, 0));
        assertEquals(2, t.rank());
        assertEquals(6L, t.size());
    }

    @Test
    void scalarHasRankZeroAndEmptyShape() {
        Tensor s = Tensor.scalar(2.5);
        assertArrayEquals(new int[0], s.shape());
        assertEquals(0, s.rank());
        assertEquals(2.5, s.item());
        assertEquals(2.5, s.get());
    }

    @Test
    void zerosOnesAndFull() {
        assertValues(Tensor.zeros(2), new int[] {2}, 0, 0);
        assertValues(Tensor.ones(1, 2), new int[] {1, 2}, 1, 1);
        assertValues(Tensor.full(7, 3), new int[] {3}, 7, 7, 7);
    }

    @Test
    void randomTensorsAreSeededAndInRange() {
        Tensor a = Tensor.rand(new Random(1), 100);
        Tensor b = Tensor.rand(new Random(1), 100);
        assertArrayEquals(a.toArray(), b.toArray());
        for (double v : a.toArray()) {
            org.junit.jupiter.api.Assertions.assertTrue(v >= 0 && v < 1);
        }
        Tensor n = Tensor.randn(new Random(2), 10_000);
        assertEquals(0.0, n.mean().item(), 0.05);
        assertEquals(1.0, n.mul(n).mean().item(), 0.05);
    }

    @Test
    void shapeAndToArrayAreCopies() {
        Tensor t = Tensor.ones(2, 2);
        t.shape()[0] = 5;
        t.toArray()[0] = 5;
        assertArrayEquals(new int[] {2, 2}, t.shape());
        assertEquals(1.0, t.get(0, 0));
        assertNotSame(t.toArray(), t.toArray());
    }

    @Test
    void zeroSizedDimensionsAreAllowed() {
        Tensor t = Tensor.zeros(0, 3);
        assertEquals(0L, t.size());
        assertEquals(0.0, t.sum().item());
    }

    @Test
    void ofRejectsDataThatDoesNotFillTheShape() {
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3),
                "Tensor.of", "5 values", "[2, 3]");
    }

    @Test
    void negativeDimensionsAreRejected() {
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros(2, -1), "negative dimension", "[2, -1]");
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.of(new double[0], -2), "[-2]");
    }

    @Test
    void getRejectsOutOfRangeAndWrongLengthIndices() {
        Tensor t = Tensor.zeros(2, 3);
        assertThrowsNaming(IllegalArgumentException.class, () -> t.get(2, 0), "get", "[2, 0]", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> t.get(0, -1), "get", "[0, -1]", "[2, 3]");
        assertThrowsNaming(IllegalArgumentException.class, () -> t.get(1), "get", "[2, 3]");
    }

    @Test
    void itemNeedsExactlyOneElement() {
        assertEquals(3.0, Tensor.of(new double[] {3}, 1, 1).item());
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros(3).item(), "item", "[3]");
    }

    @Test
    void toStringShowsShapeValuesAndOp() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        assertEquals("Tensor[2] [1.0, 2.0] (requires grad)", x.toString());
        assertEquals("Tensor[2] [2.0, 4.0] (add)", x.add(x).toString());
    }
}

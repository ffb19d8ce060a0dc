package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** MaxPool2d, AvgPool2d and Flatten: the parameter-free layers between convolutions and dense layers. */
class PoolingTest {
    /** 1..8 in two rows of four. */
    private static final Tensor ROWS = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void maxPoolTakesTheLargestOfEachWindow() {
        Tensor y = new MaxPool2d(2, 2).forward(ROWS);

        assertArrayEquals(new int[] {1, 1, 1, 2}, y.shape());
        assertArrayEquals(new double[] {6, 8}, y.toArray());
    }

    @Test
    void maxPoolNeverSelectsThePadding() {
        Tensor negative = Tensor.of(new double[] {-1, -2, -3, -4}, 1, 1, 2, 2);

        Tensor y = new MaxPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}).forward(negative);

        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new double[] {-1, -2, -3, -4}, y.toArray());
    }

    @Test
    void maxPoolSplitsTheGradientOfATieEvenly() {
        Tensor x = Tensor.of(new double[] {3, 3, 1, 3}, 1, 1, 2, 2).requiresGrad(true);

        new MaxPool2d(2, 2).forward(x).sum().backward();

        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 0, 1.0 / 3}, x.grad().toArray(), 1e-15);
    }

    @Test
    void avgPoolTakesTheMeanOfEachWindow() {
        Tensor y = new AvgPool2d(2, 2).forward(ROWS);

        assertArrayEquals(new int[] {1, 1, 1, 2}, y.shape());
        assertArrayEquals(new double[] {3.5, 5.5}, y.toArray());
    }

    @Test
    void avgPoolCountsThePaddingAsZeros() {
        Tensor y = new AvgPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}).forward(Tensor.ones(1, 1, 2, 2));

        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, y.toArray());
    }

    @Test
    void poolsWithOverlappingWindowsGiveTheOutputSizeOfTheFormula() {
        // (H + 2p - k) / s + 1: (3 + 2 - 3) / 2 + 1 = 2 and (4 + 2 - 3) / 2 + 1 = 2 (rounded down).
        Tensor x = Tensor.ones(2, 3, 3, 4);
        int[] kernel = {3, 3}, stride = {2, 2}, padding = {1, 1};

        assertArrayEquals(new int[] {2, 3, 2, 2}, new MaxPool2d(kernel, stride, padding).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 2, 2}, new AvgPool2d(kernel, stride, padding).forward(x).shape());
    }

    @Test
    void poolsHaveNoParameters() {
        assertTrue(new MaxPool2d(2, 2).parameters().isEmpty());
        assertTrue(new AvgPool2d(2, 2).parameters().isEmpty());
        assertTrue(new Flatten().parameters().isEmpty());
    }

    @Test
    void aPoolRejectsAnInputThatIsNotFourDimensionalNamingItself() {
        assertEquals("MaxPool2d(kernel [2, 2], stride [2, 2]): input of shape [1, 2, 4] is not [N, C, H, W]",
                message(() -> new MaxPool2d(2, 2).forward(Tensor.zeros(1, 2, 4))));
        assertEquals("AvgPool2d(kernel [3, 3], stride [1, 1], padding [1, 1]): input of shape [4] is not"
                + " [N, C, H, W]", message(() -> new AvgPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1})
                        .forward(Tensor.zeros(4))));
    }

    @Test
    void aPoolRejectsABadWindowWhenMade() {
        assertEquals("MaxPool2d: padding [2, 0] must be at most half the kernel [2, 2]",
                message(() -> new MaxPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[] {2, 0})));
        assertEquals("AvgPool2d: kernel must be at least 1, got [0, 0]", message(() -> new AvgPool2d(0, 1)));
        assertEquals("MaxPool2d: stride must be at least 1, got [-1, -1]", message(() -> new MaxPool2d(2, -1)));
        assertEquals("AvgPool2d: padding must have 2 values (height, width), got []",
                message(() -> new AvgPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[0])));
    }

    @Test
    void aPoolingKernelLargerThanTheImageIsRejectedByTheOp() {
        String m = message(() -> new MaxPool2d(3, 1).forward(Tensor.zeros(1, 1, 2, 4)));

        assertTrue(m.startsWith("maxPool2d: kernel [3, 3]"), m);
    }

    @Test
    void flattenKeepsTheBatchAndLaysEachSampleOutInRowMajorOrder() {
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }

        Tensor y = new Flatten().forward(Tensor.of(v, 2, 3, 2, 2));

        assertArrayEquals(new int[] {2, 12}, y.shape());
        assertArrayEquals(v, y.toArray());
    }

    @Test
    void flattenOfATwoDimensionalInputIsThatShape() {
        assertArrayEquals(new int[] {3, 5}, new Flatten().forward(Tensor.zeros(3, 5)).shape());
    }

    @Test
    void flattenPassesTheGradientBackInTheInputsShape() {
        Tensor x = Tensor.ones(2, 1, 2, 2).requiresGrad(true);

        new Flatten().forward(x).mul(3.0).sum().backward();

        assertArrayEquals(new int[] {2, 1, 2, 2}, x.grad().shape());
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3, 3, 3}, x.grad().toArray());
    }

    @Test
    void flattenRejectsAOneDimensionalInput() {
        assertEquals("Flatten: input of shape [5] is not [N, ...] with at least 2 dimensions",
                message(() -> new Flatten().forward(Tensor.zeros(5))));
    }
}

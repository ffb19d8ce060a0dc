package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class Conv2dTest {
    private static final Random RNG = new Random(0);

    /** The layer's weight set to {@code values}, under no recording, so the layer's output is known exactly. */
    private static Conv2d withWeight(Conv2d conv, double... values) {
        try (var off = Tensor.noGrad()) {
            conv.weight().assign(Tensor.of(values, conv.weight().shape()));
        }
        return conv;
    }

    private static Tensor counting(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return Tensor.of(v, shape);
    }

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void aTwoByTwoKernelOverAThreeByThreeImageGivesTheHandComputedSums() {
        Conv2d conv = withWeight(new Conv2d(1, 1, 2, 1, 0, Init.ZEROS, RNG), 1, 2, 3, 4);
        try (var off = Tensor.noGrad()) {
            conv.bias().assign(Tensor.of(new double[] {0.5}, 1));
        }
        // x = 1..9 row by row; out(i, j) = x(i, j) + 2 x(i, j+1) + 3 x(i+1, j) + 4 x(i+1, j+1) + 0.5.
        Tensor y = conv.forward(counting(1, 1, 3, 3));

        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new double[] {37.5, 47.5, 67.5, 77.5}, y.toArray());
    }

    @Test
    void paddingOneWithAnAllOnesKernelCountsEachPixelsNeighbours() {
        Conv2d conv = withWeight(new Conv2d(1, 1, 3, 1, 1, Init.ZEROS, RNG), 1, 1, 1, 1, 1, 1, 1, 1, 1);

        Tensor y = conv.forward(Tensor.ones(1, 1, 3, 4));

        assertArrayEquals(new int[] {1, 1, 3, 4}, y.shape());
        assertArrayEquals(new double[] {4, 6, 6, 4, 6, 9, 9, 6, 4, 6, 6, 4}, y.toArray());
    }

    @Test
    void strideTwoKeepsEveryOtherPosition() {
        Conv2d conv = withWeight(new Conv2d(1, 1, 1, 2, 0, Init.ZEROS, RNG), 10);

        Tensor y = conv.forward(counting(1, 1, 3, 4));

        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new double[] {10, 30, 90, 110}, y.toArray());
    }

    @Test
    void twoGroupsScaleEachChannelByItsOwnWeightOnly() {
        Conv2d conv = withWeight(new Conv2d(2, 2, new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0},
                new int[] {1, 1}, 2, false, Init.ZEROS, RNG), 2, 3);

        Tensor y = conv.forward(counting(1, 2, 1, 2));

        assertArrayEquals(new int[] {2, 1, 1, 1}, conv.weight().shape());
        assertArrayEquals(new double[] {2, 4, 9, 12}, y.toArray());
    }

    @Test
    void dilationTwoSkipsTheMiddleColumn() {
        Conv2d conv = withWeight(new Conv2d(1, 1, new int[] {1, 2}, new int[] {1, 1}, new int[] {0, 0},
                new int[] {1, 2}, 1, false, Init.ZEROS, RNG), 1, -1);

        // Each output is x(i, j) - x(i, j + 2) = -2 over 1..12 in rows of 4.
        Tensor y = conv.forward(counting(1, 1, 3, 4));

        assertArrayEquals(new int[] {1, 1, 3, 2}, y.shape());
        assertArrayEquals(new double[] {-2, -2, -2, -2, -2, -2}, y.toArray());
    }

    @Test
    void theWeightIsOutputsByInputsPerGroupByKernelAndTheBiasStartsAtZero() {
        Conv2d conv = new Conv2d(4, 6, new int[] {3, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2,
                true, Init.HE_NORMAL, RNG);

        assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
        assertArrayEquals(new int[] {6, 2, 3, 2}, conv.weight().shape());
        assertArrayEquals(new double[6], conv.bias().toArray());
        assertTrue(conv.weight().requiresGrad() && conv.bias().requiresGrad());
    }

    @Test
    void withoutBiasTheWeightIsTheOnlyParameter() {
        Conv2d conv = new Conv2d(1, 2, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1,
                false, Init.HE_NORMAL, RNG);

        assertNull(conv.bias());
        assertEquals(List.of("weight"), List.copyOf(conv.namedParameters().keySet()));
    }

    @Test
    void theInitialiserGetsTheFansOfOneGroupTimesTheKernelArea() {
        List<int[]> seen = new ArrayList<>();
        Init recording = (rng, fanIn, fanOut, shape) -> {
            seen.add(new int[] {fanIn, fanOut});
            seen.add(shape);
            return Tensor.zeros(shape);
        };

        new Conv2d(32, 64, new int[] {3, 5}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2, true,
                recording, RNG);

        assertArrayEquals(new int[] {16 * 15, 32 * 15}, seen.get(0));
        assertArrayEquals(new int[] {64, 16, 3, 5}, seen.get(1));
    }

    @Test
    void heNormalWeightsHaveTheStdOfTheKernelsFanIn() {
        // fan-in 16 * 3 * 3 = 144 over 64 * 16 * 9 = 9216 draws: the std is within 3 % of sqrt(2 / 144).
        Tensor w = new Conv2d(32, 64, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 2, true,
                Init.HE_NORMAL, new Random(5)).weight();

        double std = Math.sqrt(w.pow(2).mean().item() - Math.pow(w.mean().item(), 2));
        assertEquals(Math.sqrt(2.0 / 144), std, 0.03 * Math.sqrt(2.0 / 144));
    }

    @Test
    void xavierUniformWeightsStayWithinTheBoundOfBothKernelFans() {
        // a = sqrt(6 / (fanIn + fanOut)) with fan-in 2 * 9 = 18 and fan-out 8 * 9 = 72.
        double a = Math.sqrt(6.0 / (18 + 72));
        Tensor w = new Conv2d(2, 8, 3, 1, 1, Init.XAVIER_UNIFORM, new Random(6)).weight();

        double largest = w.abs().max().item();
        assertTrue(largest <= a && largest > 0.97 * a, () -> largest + " vs bound " + a);
    }

    @Test
    void toFloat32ConvertsTheWeightAndBiasAndTheOutputIsFloat32() {
        Conv2d conv = new Conv2d(1, 2, 3, 1, 1, Init.HE_NORMAL, new Random(7));
        Tensor x = Tensor.randn(new Random(8), 2, 1, 3, 4);
        double[] wide = conv.forward(x).toArray();

        conv.to(DType.FLOAT32);
        Tensor single = conv.forward(x.to(DType.FLOAT32));

        assertEquals(DType.FLOAT32, conv.weight().dtype());
        assertEquals(DType.FLOAT32, conv.bias().dtype());
        assertEquals(DType.FLOAT32, single.dtype());
        assertTrue(conv.weight().requiresGrad());
        double[] narrow = single.toArray();
        for (int i = 0; i < wide.length; i++) {
            assertEquals(wide[i], narrow[i], 1e-5 * (1 + Math.abs(wide[i])));
        }
    }

    @Test
    void gradientsReachTheWeightAndTheBias() {
        Conv2d conv = withWeight(new Conv2d(1, 1, 2, 1, 0, Init.ZEROS, RNG), 1, 2, 3, 4);

        conv.forward(counting(1, 1, 3, 3)).sum().backward();

        // d(sum)/dw(a, b) is the sum of x over the 2 x 2 positions the kernel element meets; d/db counts them.
        assertArrayEquals(new double[] {12, 16, 24, 28}, conv.weight().grad().toArray());
        assertArrayEquals(new double[] {4}, conv.bias().grad().toArray());
    }

    @Test
    void zeroChannelsAreRejected() {
        assertEquals("Conv2d: channels must be positive, got 0 -> 2",
                message(() -> new Conv2d(0, 2, 3, 1, 0, Init.ZEROS, RNG)));
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreRejected() {
        assertEquals("Conv2d: groups 3 must be positive and divide the 4 input and 6 output channels",
                message(() -> new Conv2d(4, 6, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1},
                        3, true, Init.ZEROS, RNG)));
    }

    @Test
    void aNonPositiveStrideOrDilationOrANegativePaddingIsRejected() {
        assertEquals("Conv2d: stride must be at least 1, got [0, 0]",
                message(() -> new Conv2d(1, 1, 3, 0, 0, Init.ZEROS, RNG)));
        assertEquals("Conv2d: padding must be at least 0, got [-1, -1]",
                message(() -> new Conv2d(1, 1, 3, 1, -1, Init.ZEROS, RNG)));
        assertEquals("Conv2d: dilation must be at least 1, got [1, 0]",
                message(() -> new Conv2d(1, 1, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 0},
                        1, true, Init.ZEROS, RNG)));
        assertEquals("Conv2d: kernel must have 2 values (height, width), got [3]",
                message(() -> new Conv2d(1, 1, new int[] {3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1},
                        1, true, Init.ZEROS, RNG)));
    }

    @Test
    void anInputWithOtherChannelsOrNotFourDimensionalIsRejectedNamingTheLayer() {
        Conv2d conv = new Conv2d(2, 1, 3, 1, 0, Init.ZEROS, RNG);

        assertEquals("Conv2d(2 -> 1, kernel [3, 3]): input of shape [1, 3, 4, 4] is not [N, 2, H, W]",
                message(() -> conv.forward(Tensor.zeros(1, 3, 4, 4))));
        assertEquals("Conv2d(2 -> 1, kernel [3, 3]): input of shape [2, 4, 4] is not [N, 2, H, W]",
                message(() -> conv.forward(Tensor.zeros(2, 4, 4))));
    }

    @Test
    void aKernelLargerThanThePaddedImageIsRejectedByTheOp() {
        Conv2d conv = new Conv2d(1, 1, 3, 1, 0, Init.ZEROS, RNG);

        assertEquals("conv2d: kernel [3, 3] with dilation [1, 1] spans [3, 3], larger than the padded image [2, 4]",
                message(() -> conv.forward(Tensor.zeros(1, 1, 2, 4))));
    }

    @Test
    void aSequentialWithConv2dNamesItsWeightByPositionWithItsFourDimensionalShape() {
        Sequential net = new Sequential(new Conv2d(1, 2, 3, 1, 1, Init.HE_NORMAL, RNG), Activation.relu(),
                new MaxPool2d(2, 2), new Flatten(), new Dense(2 * 2 * 2, 3, RNG));

        Map<String, Tensor> named = net.namedParameters();

        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.4.weight", "layers.4.bias"),
                List.copyOf(named.keySet()));
        assertArrayEquals(new int[] {2, 1, 3, 3}, named.get("layers.0.weight").shape());
        assertArrayEquals(new int[] {5, 3}, net.forward(Tensor.randn(new Random(1), 5, 1, 4, 4)).shape());
    }
}

package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertGradientMatches;
import static dev.jgrad.engine.TensorAssertions.assertRejectedWith;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static dev.jgrad.engine.TensorAssertions.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WindowOpsTest {
    private static final int[] K2 = {2, 2}, ONE = {1, 1}, ZERO = {0, 0};

    private static int[] hw(int... values) {
        return values;
    }

    /** 1, 2, 3, ... in row-major order. */
    private static Tensor counting(int... shape) {
        double[] v = new double[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return Tensor.of(v, shape);
    }

    @Test
    void unfoldLaysEachWindowOutAsAColumn() {
        // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]: row (kh, kw) holds x[oh + kh, ow + kw] at column oh * 2 + ow.
        assertValues(counting(1, 1, 3, 3).unfold(K2, ONE, ZERO, ONE), new int[] {1, 4, 4},
                1, 2, 4, 5,
                2, 3, 5, 6,
                4, 5, 7, 8,
                5, 6, 8, 9);
    }

    @Test
    void strideTwoMovesTheWindowTwoPixelsAtATime() {
        // x[r, c] = 4r + c + 1 on 4x4: the windows start at rows and columns 0 and 2.
        assertValues(counting(1, 1, 4, 4).unfold(K2, hw(2, 2), ZERO, ONE), new int[] {1, 4, 4},
                1, 3, 9, 11,
                2, 4, 10, 12,
                5, 7, 13, 15,
                6, 8, 14, 16);
    }

    @Test
    void paddingReadsAsZeros() {
        // [[1, 2], [3, 4]] padded by one zero on every side: 3x3 positions of a 2x2 window.
        assertValues(counting(1, 1, 2, 2).unfold(K2, ONE, ONE, ONE), new int[] {1, 4, 9},
                0, 0, 0, 0, 1, 2, 0, 3, 4,
                0, 0, 0, 1, 2, 0, 3, 4, 0,
                0, 1, 2, 0, 3, 4, 0, 0, 0,
                1, 2, 0, 3, 4, 0, 0, 0, 0);
    }

    @Test
    void dilationSpreadsTheKernelOverEveryOtherPixel() {
        // x[r, c] = 4r + c + 1 on 3x4: a 2x2 kernel at dilation 2 reads rows 0 and 2, columns ow and ow + 2.
        assertValues(counting(1, 1, 3, 4).unfold(K2, ONE, ZERO, hw(2, 2)), new int[] {1, 4, 2},
                1, 2,
                3, 4,
                9, 10,
                11, 12);
    }

    @Test
    void rowsGoByChannelThenKernelRowThenKernelColumnAndImagesStayApart() {
        // Two images of two 2x2 channels, a 1x2 kernel: one window per row, L = 2.
        assertValues(counting(2, 2, 2, 2).unfold(hw(1, 2), ONE, ZERO, ONE), new int[] {2, 4, 2},
                1, 3, 2, 4, 5, 7, 6, 8,
                9, 11, 10, 12, 13, 15, 14, 16);
    }

    @Test
    void foldOfUnfoldIsTheImageTimesHowManyWindowsCoverEachPixel() {
        // A 2x3 kernel on 3x4: rows are covered 1, 2, 1 times and columns 1, 2, 2, 1 times.
        Tensor x = counting(1, 1, 3, 4);
        Tensor covering = Tensor.of(new double[] {1, 2, 2, 1, 2, 4, 4, 2, 1, 2, 2, 1}, 1, 1, 3, 4);
        Tensor roundTrip = x.unfold(hw(2, 3), ONE, ZERO, ONE).fold(hw(3, 4), hw(2, 3), ONE, ZERO, ONE);
        assertValues(roundTrip, new int[] {1, 1, 3, 4}, x.mul(covering).toArray());
    }

    @Test
    void foldAddsOverlappingColumnsAndDropsThePadding() {
        assertValues(Tensor.ones(1, 4, 4).fold(hw(3, 3), K2, ONE, ZERO, ONE), new int[] {1, 1, 3, 3},
                1, 2, 1, 2, 4, 2, 1, 2, 1);
        // Padded by one, every pixel of 2x2 lies in all four 2x2 windows that touch it.
        assertValues(Tensor.ones(1, 4, 9).fold(hw(2, 2), K2, ONE, ONE, ONE), new int[] {1, 1, 2, 2}, 4, 4, 4, 4);
        // Dilated, the one window covers the corners only.
        assertValues(Tensor.ones(1, 4, 1).fold(hw(3, 3), K2, ONE, ZERO, hw(2, 2)), new int[] {1, 1, 3, 3},
                1, 0, 1, 0, 0, 0, 1, 0, 1);
        // Strided past the kernel, the uncovered column stays zero.
        assertValues(counting(1, 2, 2).fold(hw(1, 5), hw(1, 2), hw(1, 3), ZERO, ONE), new int[] {1, 1, 1, 5},
                1, 3, 0, 2, 4);
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of(hw(1, 1, 3, 3), hw(3, 3), ONE, ZERO, ONE, hw(1, 9, 1)),
                Arguments.of(hw(1, 1, 1, 1), hw(3, 3), ONE, ONE, ONE, hw(1, 9, 1)),
                Arguments.of(hw(1, 1, 5, 3), hw(2, 1), hw(2, 1), ZERO, ONE, hw(1, 2, 6)),
                Arguments.of(hw(1, 1, 5, 5), hw(3, 3), ONE, ZERO, hw(2, 2), hw(1, 9, 1)),
                Arguments.of(hw(1, 1, 3, 7), ONE, hw(5, 3), ZERO, ONE, hw(1, 1, 3)),
                Arguments.of(hw(1, 1, 4, 4), K2, hw(3, 3), ZERO, ONE, hw(1, 4, 1)),
                Arguments.of(hw(2, 3, 6, 4), hw(3, 2), hw(2, 2), hw(1, 0), ONE, hw(2, 18, 6)));
    }

    /** H' = (H + 2p - d(k - 1) - 1) / s + 1, rounded down, and W' likewise; L = H' W'. */
    @ParameterizedTest
    @MethodSource("sizes")
    void theOutputSizeIsPyTorchs(int[] in, int[] kernel, int[] stride, int[] padding, int[] dilation, int[] out) {
        Tensor cols = Tensor.zeros(in).unfold(kernel, stride, padding, dilation);
        assertArrayEquals(out, cols.shape());
        assertArrayEquals(in, cols.fold(hw(in[2], in[3]), kernel, stride, padding, dilation).shape());
    }

    @Test
    void unfoldsGradientIsFoldAndFoldsIsUnfold() {
        Tensor x = Tensor.zeros(1, 1, 3, 3).requiresGrad(true);
        x.unfold(K2, ONE, ZERO, ONE).sum().backward();
        assertValues(x.grad(), new int[] {1, 1, 3, 3}, 1, 2, 1, 2, 4, 2, 1, 2, 1);

        Tensor cols = Tensor.zeros(1, 4, 4).requiresGrad(true);
        cols.fold(hw(3, 3), K2, ONE, ZERO, ONE).mul(counting(1, 1, 3, 3)).sum().backward();
        assertValues(cols.grad(), new int[] {1, 4, 4}, counting(1, 1, 3, 3).unfold(K2, ONE, ZERO, ONE).toArray());
    }

    @Test
    void eachBackwardIsRecordedAsTheOtherOpSoItCanBeDifferentiatedAgain() {
        // x.grad = fold(u), so d(sum(x.grad * c))/du = unfold(c), and the other way round.
        Tensor c = counting(1, 1, 3, 3), u = counting(1, 4, 4).requiresGrad(true);
        Tensor x = Tensor.zeros(1, 1, 3, 3).requiresGrad(true);
        x.unfold(K2, ONE, ZERO, ONE).backward(u, true);
        x.grad().mul(c).sum().backward();
        assertValues(u.grad(), new int[] {1, 4, 4}, c.unfold(K2, ONE, ZERO, ONE).toArray());

        Tensor cols = Tensor.zeros(1, 4, 4).requiresGrad(true), image = counting(1, 1, 3, 3).requiresGrad(true);
        cols.fold(hw(3, 3), K2, ONE, ZERO, ONE).backward(image, true);
        cols.grad().mul(u.detach()).sum().backward();
        assertValues(image.grad(), new int[] {1, 1, 3, 3}, u.detach().fold(hw(3, 3), K2, ONE, ZERO, ONE).toArray());
    }

    @Test
    void bothGradientsMatchCentralDifferences() {
        int[] kernel = {2, 3}, stride = {2, 1}, padding = {1, 0}, dilation = {1, 2};
        assertGradientMatches(x -> x.unfold(kernel, stride, padding, dilation), counting(2, 2, 4, 5));
        assertGradientMatches(x -> x.fold(hw(4, 5), kernel, stride, padding, dilation), counting(2, 12, 3));
    }

    @Test
    void float32StaysFloat32() {
        Tensor x = counting(1, 1, 3, 3).to(DType.FLOAT32);
        Tensor cols = x.unfold(K2, ONE, ZERO, ONE);
        Tensor image = cols.fold(hw(3, 3), K2, ONE, ZERO, ONE);
        assertEquals(DType.FLOAT32, cols.dtype());
        assertEquals(DType.FLOAT32, image.dtype());
        assertArrayEquals(counting(1, 1, 3, 3).unfold(K2, ONE, ZERO, ONE).toArray(), cols.toArray());
        assertArrayEquals(new double[] {1, 4, 3, 8, 20, 12, 7, 16, 9}, image.toArray());
    }

    private static final Tensor IMAGE = Tensor.zeros(1, 1, 2, 2), COLUMNS = Tensor.zeros(1, 4, 4);

    static Stream<Arguments> rejected() {
        return Stream.of(
                call("unfold: kernel is null", () -> IMAGE.unfold(null, ONE, ZERO, ONE)),
                call("unfold: stride is null", () -> IMAGE.unfold(K2, null, ZERO, ONE)),
                call("unfold: padding is null", () -> IMAGE.unfold(K2, ONE, null, ONE)),
                call("unfold: dilation is null", () -> IMAGE.unfold(K2, ONE, ZERO, null)),
                call("fold: outputSize is null", () -> COLUMNS.fold(null, K2, ONE, ZERO, ONE)),
                call("fold: kernel is null", () -> COLUMNS.fold(hw(3, 3), null, ONE, ZERO, ONE)),
                call("unfold: kernel must have 2 values (height, width), got [2]",
                        () -> IMAGE.unfold(hw(2), ONE, ZERO, ONE)),
                call("unfold: stride must have 2 values (height, width), got [1, 1, 1]",
                        () -> IMAGE.unfold(K2, hw(1, 1, 1), ZERO, ONE)),
                call("unfold: padding must have 2 values (height, width), got []",
                        () -> IMAGE.unfold(K2, ONE, hw(), ONE)),
                call("unfold: dilation must have 2 values (height, width), got [1]",
                        () -> IMAGE.unfold(K2, ONE, ZERO, hw(1))),
                call("fold: outputSize must have 2 values (height, width), got [3]",
                        () -> COLUMNS.fold(hw(3), K2, ONE, ZERO, ONE)),
                call("unfold: kernel must be positive, got [0, 2]", () -> IMAGE.unfold(hw(0, 2), ONE, ZERO, ONE)),
                call("unfold: stride must be positive, got [1, 0]", () -> IMAGE.unfold(K2, hw(1, 0), ZERO, ONE)),
                call("unfold: stride must be positive, got [-1, 1]", () -> IMAGE.unfold(K2, hw(-1, 1), ZERO, ONE)),
                call("unfold: dilation must be positive, got [0, 1]", () -> IMAGE.unfold(K2, ONE, ZERO, hw(0, 1))),
                call("unfold: padding must be non-negative, got [0, -1]", () -> IMAGE.unfold(K2, ONE, hw(0, -1), ONE)),
                call("fold: outputSize must be non-negative, got [-1, 3]",
                        () -> COLUMNS.fold(hw(-1, 3), K2, ONE, ZERO, ONE)),
                call("unfold: needs a 4-d input [N, C, H, W], got shape [2, 2]",
                        () -> Tensor.zeros(2, 2).unfold(K2, ONE, ZERO, ONE)),
                call("fold: needs a 3-d input [N, C*kH*kW, L], got shape [1, 1, 4, 4]",
                        () -> Tensor.zeros(1, 1, 4, 4).fold(hw(3, 3), K2, ONE, ZERO, ONE)),
                call("unfold: kernel [3, 3] with dilation [1, 1] spans [3, 3], larger than the padded image [2, 2]",
                        () -> IMAGE.unfold(hw(3, 3), ONE, ZERO, ONE)),
                call("unfold: kernel [2, 2] with dilation [1, 2] spans [2, 3], larger than the padded image [2, 2]",
                        () -> IMAGE.unfold(K2, ONE, ZERO, hw(1, 2))),
                call("unfold: kernel [5, 1] with dilation [1, 1] spans [5, 1], larger than the padded image [4, 2]",
                        () -> IMAGE.unfold(hw(5, 1), ONE, hw(1, 0), ONE)),
                call("fold: kernel [4, 1] with dilation [1, 1] spans [4, 1], larger than the padded image [3, 3]",
                        () -> COLUMNS.fold(hw(3, 3), hw(4, 1), ONE, ZERO, ONE)),
                call("fold: input shape [1, 5, 4] has 5 rows, not a multiple of kernel [2, 2]'s 4",
                        () -> Tensor.zeros(1, 5, 4).fold(hw(3, 3), K2, ONE, ZERO, ONE)),
                call("fold: input shape [1, 4, 5] has L = 5, but outputSize [3, 3] with kernel [2, 2], stride [1, 1],"
                        + " padding [0, 0], dilation [1, 1] has 2 x 2 = 4 windows",
                        () -> Tensor.zeros(1, 4, 5).fold(hw(3, 3), K2, ONE, ZERO, ONE)),
                call("unfold: 60001 x 60001 window positions are too many for an array of at most 2147483639"
                        + " elements", () -> Tensor.zeros(1, 1, 1, 1).unfold(ONE, ONE, hw(30000, 30000), ONE)),
                call("unfold: C*kH*kW = 1000 * 50000 * 50000 rows are too many for an array of at most 2147483639"
                        + " elements", () -> Tensor.zeros(1, 1000, 1, 1).unfold(hw(50000, 50000), ONE,
                        hw(25000, 25000), ONE)),
                call("unfold: shape [2, 1, 1600080001] is too large: its dimensions multiply past 2147483639, the"
                        + " most elements a Java array holds",
                        () -> Tensor.zeros(2, 1, 1, 1).unfold(ONE, ONE, hw(20000, 20000), ONE)),
                call("fold: shape [1, 1, 50000, 50000] is too large: its dimensions multiply past 2147483639, the"
                        + " most elements a Java array holds",
                        () -> Tensor.zeros(1, 1, 1).fold(hw(50000, 50000), ONE, hw(50000, 50000), ZERO, ONE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void badArgumentsAreRejectedNamingTheOpAndTheValues(String message, Executable call) {
        assertRejectedWith(message, call);
    }
}

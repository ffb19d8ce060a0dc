package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertRejectedWith;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static dev.jgrad.engine.TensorAssertions.call;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A shape whose element count would pass what a Java array holds is rejected, naming the op and the shape, wherever
 * a new shape arises: instead of a count that wraps (65536^4 is 0 in a long) and a tensor that is silently wrong.
 */
class SizeOverflowTest {
    private static final String TOO_LARGE = " is too large: its dimensions multiply past 2147483639, the most"
            + " elements a Java array holds";

    static Stream<Arguments> calls() {
        Tensor column = Tensor.zeros(65536, 1);
        Tensor row = Tensor.zeros(1, 65536);
        return Stream.of(
                call("reshape: shape [65536, 65536, 65536, 65536]" + TOO_LARGE,
                        () -> Tensor.zeros(0).reshape(65536, 65536, 65536, 65536)),
                call("reshape: shape [0, 65536, 65536]" + TOO_LARGE, () -> Tensor.zeros(0).reshape(-1, 65536, 65536)),
                call("Tensor.zeros: shape [65536, 65536]" + TOO_LARGE, () -> Tensor.zeros(65536, 65536)),
                call("Tensor.of: shape [0, 65536, 65536]" + TOO_LARGE, () -> Tensor.of(new double[0], 0, 65536, 65536)),
                call("add: shape [65536, 65536]" + TOO_LARGE, () -> column.add(row)),
                call("expand: shape [65536, 65536]" + TOO_LARGE, () -> column.expand(65536, 65536)),
                call("matmul: shape [65536, 65536]" + TOO_LARGE, () -> column.matmul(row)),
                call("indexSelect: shape [65536, 65536]" + TOO_LARGE, () -> column.indexSelect(1, new int[65536])),
                call("concat: shape [0, 32768, 131070]" + TOO_LARGE,
                        () -> Tensor.concat(2, Tensor.zeros(0, 32768, 65535), Tensor.zeros(0, 32768, 65535))),
                call("concat: shapes [0, 1073741824], [0, 1073741824] are too large to join: axis 1 would have length"
                        + " 2147483648", () -> Tensor.concat(1, Tensor.zeros(0, 1 << 30), Tensor.zeros(0, 1 << 30))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aShapeTooLargeIsRejectedNamingTheOpAndTheShape(String message, Executable call) {
        assertRejectedWith(message, call);
    }

    @Test
    void anEmptyTensorWhoseOtherDimensionsFitIsAllowed() {
        assertValues(Tensor.zeros(0).reshape(65536, 0, 4096), new int[] {65536, 0, 4096});
    }
}

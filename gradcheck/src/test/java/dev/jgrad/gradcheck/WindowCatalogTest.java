package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cases unfold's and fold's entries check include every kind of window the convolutions will need. */
class WindowCatalogTest {
    private static final List<Pattern> KINDS = List.of(
            Pattern.compile("stride=\\[1, 1]"),
            Pattern.compile("stride=\\[(2, \\d|\\d, 2)]"),
            Pattern.compile("padding=\\[(1, \\d|\\d, 1)]"),
            Pattern.compile("dilation=\\[(2, \\d|\\d, 2)]"),
            Pattern.compile("kernel=\\[(\\d), (?!\\1)\\d]"),
            Pattern.compile("(outputSize=\\[|of \\[\\d, \\d, )(\\d), (?!\\2)\\d]"),
            Pattern.compile("of \\[1, "));

    @ParameterizedTest
    @ValueSource(strings = {"Tensor.unfold(int[], int[], int[], int[])",
        "Tensor.fold(int[], int[], int[], int[], int[])"})
    void theSampleHasStridesPaddingDilationBatchOneAndNonSquareShapes(String entry) {
        List<String> cases = OpCatalog.engine().entry(entry).sample(CatalogTable.TRIES, CatalogTable.SEED).stream()
                .map(OpCase::description).toList();
        for (Pattern kind : KINDS) {
            assertTrue(cases.stream().anyMatch(c -> kind.matcher(c).find()), () -> entry + " has no case matching "
                    + kind + " among " + cases);
        }
    }
}

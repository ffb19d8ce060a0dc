package dev.jgrad.nn;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Two tests per entry of nn's op catalog ({@link NnCatalog}), made from the catalog itself, on 100 cases drawn from
 * the entry's domain with a fixed seed: "float64", the backward pass agrees with central differences at the default
 * threshold, for first and second derivatives; "float32 vs float64", the function on FLOAT32 copies of its inputs
 * (a module's parameters are inputs too) keeps FLOAT32 and agrees with FLOAT64 in values, first and second
 * derivatives within float tolerances. A new entry is tested without being listed anywhere else.
 */
class NnCatalogTest {

    @TestFactory
    Stream<DynamicTest> everyEntryHasTheRightDerivativesInBothDTypes() {
        return NnCatalog.CATALOG.entries().stream().flatMap(e -> Stream.of(
                DynamicTest.dynamicTest(e.name() + " float64", e::verify),
                DynamicTest.dynamicTest(e.name() + " float32 vs float64", e::verifyFloat32)));
    }
}

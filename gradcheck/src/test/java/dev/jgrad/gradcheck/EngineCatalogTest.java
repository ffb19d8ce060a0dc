package dev.jgrad.gradcheck;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Two tests per entry of the engine's op catalog, made from the catalog itself, on {@link CatalogTable#TRIES} cases
 * drawn from the entry's domain with seed {@link CatalogTable#SEED}: "float64", the backward pass agrees with central
 * differences at the default threshold, for first and second derivatives; "float32 vs float64", the op on FLOAT32
 * copies of the inputs keeps FLOAT32 and agrees with FLOAT64 in values, first and second derivatives within float
 * tolerances. A new entry is tested without being listed anywhere else.
 */
class EngineCatalogTest {

    @TestFactory
    Stream<DynamicTest> everyEntryHasTheRightDerivativesInBothDTypes() {
        return OpCatalog.engine().entries().stream().flatMap(e -> Stream.of(
                DynamicTest.dynamicTest(e.name() + " float64", e::verify),
                DynamicTest.dynamicTest(e.name() + " float32 vs float64", e::verifyFloat32)));
    }
}

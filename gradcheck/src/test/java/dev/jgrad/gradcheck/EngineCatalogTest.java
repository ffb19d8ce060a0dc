package dev.jgrad.gradcheck;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per entry of the engine's op catalog, made from the catalog itself: on {@link CatalogTable#TRIES} cases
 * drawn from the entry's domain with seed {@link CatalogTable#SEED}, the backward pass agrees with central
 * differences at the default threshold, for first and second derivatives. A new entry is tested without being
 * listed anywhere else.
 */
class EngineCatalogTest {

    @TestFactory
    Stream<DynamicTest> everyEntryHasTheRightDerivatives() {
        return OpCatalog.engine().entries().stream().map(e -> DynamicTest.dynamicTest(e.toString(), e::verify));
    }
}

package dev.jgrad.nn;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per entry of nn's op catalog ({@link NnCatalog}), made from the catalog itself: on 100 cases drawn from
 * the entry's domain with a fixed seed, the backward pass agrees with central differences at the default threshold,
 * for first and second derivatives. A new entry is tested without being listed anywhere else.
 */
class NnCatalogTest {

    @TestFactory
    Stream<DynamicTest> everyEntryHasTheRightDerivatives() {
        return NnCatalog.CATALOG.entries().stream().map(e -> DynamicTest.dynamicTest(e.toString(), e::verify));
    }
}

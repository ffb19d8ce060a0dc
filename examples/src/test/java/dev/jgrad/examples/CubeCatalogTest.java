package dev.jgrad.examples;

import dev.jgrad.gradcheck.OpEntry;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** One test per entry of {@link CubeCatalog}, checked as jgrad checks its own: first and second derivatives. */
class CubeCatalogTest {
    @TestFactory
    Stream<DynamicTest> everyEntry() {
        return new CubeCatalog().entries().stream().map(e -> DynamicTest.dynamicTest(e.toString(), e::verify));
    }
}

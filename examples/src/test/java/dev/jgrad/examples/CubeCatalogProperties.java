package dev.jgrad.examples;

import dev.jgrad.gradcheck.CatalogOp;
import dev.jgrad.gradcheck.OpCase;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The catalog entries of {@link CubeCatalog}, checked like the engine's own: first and second derivatives. */
class CubeCatalogProperties {
    @Property
    void cube(@ForAll @CatalogOp("cube") OpCase c) {
        c.verify();
    }
}

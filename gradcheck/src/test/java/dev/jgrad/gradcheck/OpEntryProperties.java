package dev.jgrad.gradcheck;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A jqwik property over one catalog entry, written as {@link OpEntry}'s documentation shows users: jqwik draws the
 * entry's cases and shrinks a failing one.
 */
class OpEntryProperties {

    @Property(tries = 20)
    void aPropertyCanRunTheCasesOfAnEntry(@ForAll("logSumExp") OpCase c) {
        c.verify();
    }

    @Provide
    Arbitrary<OpCase> logSumExp() {
        return OpCatalog.engine().entry("Tensor.logSumExp(int, boolean)").cases();
    }
}

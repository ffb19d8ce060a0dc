package dev.jgrad.gradcheck;

import net.jqwik.api.*;
import net.jqwik.api.lifecycle.*;

class TmpDiagProperties {
    static long total, n, t0;
    @BeforeContainer static void before() { t0 = System.nanoTime(); }
    @Property(tries = 100)
    void prop(@ForAll("add") OpCase c) {
        for (var t : c.inputs()) total += t.size();
        n++;
        c.verify();
    }
    @Provide Arbitrary<OpCase> add() { return OpCatalog.engine().entry("Tensor.matmul(Tensor)").cases(); }

    @AfterContainer static void after() { System.out.println("DIAG property: cases " + n + " mean elements " + (double) total / n + " ms " + (System.nanoTime() - t0) / 1e6); }
}

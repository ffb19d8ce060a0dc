package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTableTest {

    private static OpEntry wrong() {
        // Positive values: at a zero the wrong element's gradient would be 0 either way.
        return OpEntry.of("wrong product", "positive values, shape [3]", TensorArbitraries.tensors(3).positive().list()
                .ofSize(2).map(p -> OpCase.of("productWrongAt(1)",
                        in -> Tensor.apply(CustomOps.productWrongAt(1), in[0], in[1]), p.get(0), p.get(1))));
    }

    @Test
    void theTableHasOneRowPerEntryWithCasesAndWorstErrors() {
        OpCatalog catalog = OpCatalog.of(List.of(OpCatalog.engine().entry("Tensor.exp()"),
                OpCatalog.engine().entry("Tensor.matmul(Tensor)"),
                wrong()));

        List<CatalogTable.Row> rows = CatalogTable.run(catalog, 5, 3, GradCheckOptions.defaults());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CatalogTable.print(rows, 5, 3, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(3, rows.size());
        assertEquals(5, rows.get(0).cases());
        assertTrue(rows.get(0).worstFirst() > 0 && rows.get(0).worstFirst() < 1e-7, table);
        assertTrue(rows.get(1).worstSecond() < 1e-7, table);
        assertEquals(5, rows.get(2).failures(), table);
        assertTrue(table.contains("op catalog: 3 entries, 5 cases each, seed 3"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("Tensor.exp() ") && l.endsWith("ok")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("wrong product") && l.endsWith("5 FAILED")), table);
        assertTrue(table.contains("2 of 3 entries pass"), table);
        assertTrue(table.contains("first failure of wrong product:\nwrong product: productWrongAt(1) on [3], [3]"),
                table);
        assertTrue(table.contains("input 1 [3]: mismatch at element [1]"), table);
    }

    @Test
    void theScopeSelectsAllTheEngineOrTheAddedEntries() {
        // No module registers entries on gradcheck's own class path: "added" is empty and "all" is the engine's.
        assertEquals(OpCatalog.engine().entries(), CatalogTable.select("engine").entries());
        assertEquals(OpCatalog.discover().entries(), CatalogTable.select("all").entries());
        assertEquals(List.of(), CatalogTable.select("added").entries());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogTable.select("nn"));
        assertTrue(e.getMessage().contains("scope 'nn'"), e::getMessage);
    }

    @Test
    void theSameSeedDrawsTheSameCases() {
        OpCatalog catalog = OpCatalog.of(List.of(OpCatalog.engine().entry("Tensor.logSumExp(int, boolean)")));

        double first = CatalogTable.run(catalog, 4, 11, GradCheckOptions.defaults()).get(0).worstFirst();
        double again = CatalogTable.run(catalog, 4, 11, GradCheckOptions.defaults()).get(0).worstFirst();

        assertEquals(first, again);
    }
}

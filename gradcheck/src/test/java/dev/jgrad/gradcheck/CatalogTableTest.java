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
        // Its backward multiplies by a FLOAT64 tensor, so in float32 it returns a FLOAT64 gradient, which the engine
        // refuses: it fails in both dtypes.
        assertTrue(table.lines().anyMatch(l -> l.startsWith("wrong product")
                && l.endsWith("5 FAILED, 5 FAILED in float32")), table);
        assertTrue(rows.get(2).firstFloat32Cause() instanceof IllegalStateException, table);
        assertTrue(table.contains("2 of 3 entries pass"), table);
        assertTrue(table.contains("first failure of wrong product:\nwrong product: productWrongAt(1) on [3], [3]"),
                table);
        assertTrue(table.contains("input 1 [3]: mismatch at element [1]"), table);
    }

    @Test
    void theTablePrintsFloat32ColumnsBesideTheFloat64OnesAndTheFloat32Failures() {
        OpEntry drift = OpEntry.of("float32 drift", "values away from 0, shape [3]", TensorArbitraries.tensors(3)
                .awayFrom(0.1, 0.0).map(x -> OpCase.of("doubleWithFloat32Slip(1e-3)",
                        in -> Tensor.apply(CustomOps.doubleWithFloat32Slip(1e-3, 0), in[0]), x)));
        OpCatalog catalog = OpCatalog.of(List.of(OpCatalog.engine().entry("Tensor.sum()"),
                OpCatalog.engine().entry("Tensor.relu()").firstOrderOnly(), drift));

        List<CatalogTable.Row> rows = CatalogTable.run(catalog, 5, 3, GradCheckOptions.defaults());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CatalogTable.print(rows, 5, 3, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = table.lines().toList();

        assertTrue(lines.get(0).endsWith("float32: |f32 - f64| <= 9.54e-07 + 6.10e-05 * (|f64| + scale)"), table);
        assertEquals(List.of("entry", "cases", "worst", "1st", "worst", "2nd", "unresolved", "f32", "values", "f32",
                "1st", "f32", "2nd", "result"), List.of(lines.get(1).trim().split("\\s+")));
        // A sum of at most a few hundred float values: within a few unit roundoffs of its scale.
        CatalogTable.Row sum = rows.get(0);
        assertTrue(sum.worstFloat32Values() > 0 && sum.worstFloat32Values() < 1e-6, table);
        assertTrue(sum.worstFloat32Second() >= 0 && sum.worstFloat32Second() < 1e-6, table);
        assertEquals(0, sum.float32Failures());
        // relu's gradient is 0 or 1, exactly, in either dtype; first order only: no second-derivative columns.
        CatalogTable.Row relu = rows.get(1);
        assertEquals(0.0, relu.worstFloat32First());
        assertTrue(Double.isNaN(relu.worstFloat32Second()) && Double.isNaN(relu.worstSecond()));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Tensor.relu() ") && l.matches(".* - .* - .* ok")),
                table);
        CatalogTable.Row wrong = rows.get(2);
        assertEquals(0, wrong.failures(), table);
        assertEquals(5, wrong.float32Failures(), table);
        assertTrue(wrong.worstFloat32Values() > 1e-4, table);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("float32 drift") && l.endsWith("5 FAILED in float32")),
                table);
        assertTrue(table.contains("2 of 3 entries pass"), table);
        assertTrue(table.contains("first float32 failure of float32 drift:\nfloat32 drift: doubleWithFloat32Slip(1e-3)"
                + " on [3]"), table);
        assertTrue(table.contains("output [3]: mismatch at element"), table);
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

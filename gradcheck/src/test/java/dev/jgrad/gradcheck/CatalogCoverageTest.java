package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every public method of {@link Tensor} that returns a tensor has its gradient checked by a catalog entry, or is
 * listed as not differentiable with the reason. Adding an op without a check fails the build here; the check
 * itself runs as one test per entry, in {@link EngineCatalogTest}.
 */
class CatalogCoverageTest {

    @Test
    void everyPublicTensorMethodIsInTheCatalogOrExplained() {
        List<String> missing = OpCatalog.engine().uncovered(Tensor.class, OpCatalog.engineNonDifferentiable());

        assertEquals(List.of(), missing, "public Tensor methods with neither a catalog entry (EngineCatalog) nor a"
                + " reason in EngineCatalog.NOT_DIFFERENTIABLE");
    }

    @Test
    void everyCoveredOrExplainedSignatureStillExists() {
        List<String> stale = OpCatalog.engine().stale(List.of(Tensor.class), OpCatalog.engineNonDifferentiable());

        assertEquals(List.of(), stale, "signatures that name no public Tensor method (renamed or removed?)");
    }

    @Test
    void noMethodIsBothCheckedAndCalledNonDifferentiable() {
        Set<String> both = new LinkedHashSet<>(OpCatalog.engine().covered());
        both.retainAll(OpCatalog.engineNonDifferentiable().keySet());

        assertEquals(Set.of(), both);
    }

    @Test
    void everyEngineEntryIsNamedByTheMethodItChecks() {
        for (OpEntry e : OpCatalog.engine().entries()) {
            assertEquals(Set.of(e.name()), e.covers(), e::toString);
        }
    }

    @Test
    void anEmptyCatalogLeavesEveryDifferentiableMethodUncovered() {
        List<String> missing = OpCatalog.of(List.of()).uncovered(Tensor.class, OpCatalog.engineNonDifferentiable());

        assertTrue(missing.contains("Tensor.add(Tensor)"), missing::toString);
        assertTrue(missing.contains("Tensor.concat(int, Tensor[])"), missing::toString);
        assertTrue(!missing.contains("Tensor.detach()"), missing::toString);
    }

    @Test
    void everyExplanationGivesAReason() {
        for (Map.Entry<String, String> e : OpCatalog.engineNonDifferentiable().entrySet()) {
            assertTrue(e.getValue().length() > 20, () -> e.getKey() + " needs a reason, has '" + e.getValue() + "'");
        }
    }
}

package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;

class OpCatalogTest {

    private static OpEntry cube() {
        return OpEntry.of("cube", "values in [-2, 2]", TensorArbitraries.tensors()
                .map(x -> OpCase.of("cube", in -> Tensor.apply(CustomOps.CUBE, in[0]), x)))
                .covering("Custom.cube(Tensor)");
    }

    @Test
    void aCatalogCanBeExtendedWithEntriesFromAnotherModule() {
        OpCatalog extended = OpCatalog.engine().with(List.of(cube()));

        assertEquals(OpCatalog.engine().entries().size() + 1, extended.entries().size());
        assertEquals("values in [-2, 2]", extended.entry("cube").domain());
        assertTrue(extended.covered().contains("Custom.cube(Tensor)"));
        assertFalse(OpCatalog.engine().contains("cube"), "the engine catalog itself is unchanged");
    }

    @Test
    void twoEntriesWithOneNameAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpCatalog.of(List.of(cube(), cube())));

        assertTrue(e.getMessage().contains("'cube'"), e::getMessage);
    }

    @Test
    void anUnknownEntryIsRefusedWithTheNamesThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpCatalog.engine().entry("softmax"));

        assertTrue(e.getMessage().contains("no entry named 'softmax'") && e.getMessage().contains("logSumExp"),
                e::getMessage);
    }

    @Test
    void casesOfAnEntryKnowTheirEntry() {
        OpCase c = cube().cases().sample();

        assertEquals("cube", c.entry());
        assertTrue(c.twiceDifferentiable());
        assertTrue(c.toString().startsWith("cube: cube on ["), c::toString);
        c.verify();
    }

    @Test
    void aFirstOrderOnlyEntryIsNotCheckedForSecondDerivatives() {
        OpEntry entry = OpEntry.of("cube, constant backward", "x in [1, 2]", Arbitraries.just(OpCase.of("cube",
                in -> Tensor.apply(CustomOps.CUBE_WITH_CONSTANT_BACKWARD, in[0]), Tensor.of(new double[] {1, 2}, 2))))
                .firstOrderOnly();
        OpCase c = entry.cases().sample();

        assertFalse(c.twiceDifferentiable());
        c.verify();
        assertFalse(c.checkSecondGradients(GradCheckOptions.defaults()).passed());
    }

    @Test
    void aFailingCaseNamesTheEntryTheCaseAndTheInput() {
        OpCase c = OpCase.of("productWrongAt(0)", in -> Tensor.apply(CustomOps.productWrongAt(0), in[0], in[1]),
                Tensor.of(new double[] {1, 2}, 2), Tensor.of(new double[] {3, 4}, 2));

        AssertionError e = assertThrows(AssertionError.class, c::verify);

        assertTrue(e.getMessage().startsWith("productWrongAt(0) on [2], [2]"), e::getMessage);
        assertTrue(e.getMessage().contains("input 1 [2]: mismatch at element [0]"), e::getMessage);
    }

    @Test
    void theEngineCatalogCoversTheGatesOfTheDesign() {
        Set<String> covered = OpCatalog.engine().covered();

        assertTrue(covered.containsAll(Set.of("Tensor.add(Tensor)", "Tensor.mul(Tensor)", "Tensor.max()",
                "Tensor.maximum(Tensor)", "Tensor.matmul(Tensor)")), covered::toString);
        assertEquals(OpCatalog.engine().entries(), OpCatalog.discover().entries().subList(0,
                OpCatalog.engine().entries().size()));
    }
}

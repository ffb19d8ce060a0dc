package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;

class OpCatalogTest {

    /** Ops of a user's class: {@link #cube()} covers the first, the second has no entry. */
    static final class Custom {
        public static Tensor cube(Tensor x) {
            return Tensor.apply(CustomOps.CUBE, x);
        }

        public static Tensor square(Tensor x) {
            return x.mul(x);
        }

        public Tensor weight() {
            return Tensor.scalar(1);
        }
    }

    /** A second class of the user's, none of whose ops has an entry. */
    static final class Layer {
        public Tensor forward(Tensor x) {
            return x.tanh();
        }
    }

    private static final Map<String, String> WEIGHT_EXEMPT = OpCatalog.exemptions()
            .because("returns a parameter: computes nothing", "Custom.weight()").build();

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

        assertTrue(e.getMessage().contains("no entry named 'softmax'") && e.getMessage().contains("Tensor.logSumExp(int, boolean)"),
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
    void anEntryForAMethodIsNamedByItsSignatureAndCoversIt() {
        OpEntry e = OpEntry.forMethod("Custom.cube(Tensor)", "values in [-2, 2]", cube().cases());

        assertEquals("Custom.cube(Tensor)", e.name());
        assertEquals(Set.of("Custom.cube(Tensor)"), e.covers());
        assertEquals("cube", OpEntry.methodName(e.name()));
        assertEquals("Custom.cube(Tensor) [training]", e.variant("training").name());
        assertEquals(e.covers(), e.variant("training").covers());
    }

    @Test
    void anEntryForSomethingThatIsNoSignatureIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpEntry.forMethod("cube", "values in [-2, 2]", cube().cases()));

        assertEquals("OpEntry.forMethod: 'cube' is not a signature such as 'Tensor.sum(int, boolean)'", e.getMessage());
    }

    @Test
    void theSameSeedSamplesTheSameCasesOfAnEntry() {
        OpEntry reshape = OpCatalog.engine().entry("Tensor.reshape(int[])");

        List<String> first = reshape.sample(20, 7).stream().map(OpCase::toString).toList();
        List<String> again = reshape.sample(20, 7).stream().map(OpCase::toString).toList();

        assertEquals(20, first.size());
        assertEquals(first, again);
    }

    @Test
    void verifyingAWrongEntryNamesTheEntryTheSeedAndTheFirstFailingCase() {
        // Positive values: at a zero the wrong element's gradient would be 0 either way.
        OpEntry wrong = OpEntry.of("wrong product", "positive values, shape [3]", TensorArbitraries.tensors(3)
                .positive().list().ofSize(2).map(p -> OpCase.of("productWrongAt(1)",
                        in -> Tensor.apply(CustomOps.productWrongAt(1), in[0], in[1]), p.get(0), p.get(1))));

        AssertionError e = assertThrows(AssertionError.class, () -> wrong.verify(4, 9));

        assertTrue(e.getMessage().startsWith("wrong product: 4 of 4 cases failed (drawn with seed 9); the first:\n"
                + "wrong product: productWrongAt(1) on [3], [3]"), e::getMessage);
        assertTrue(e.getMessage().contains("input 1 [3]: mismatch at element [1]"), e::getMessage);
    }

    @Test
    void anEntryWhoseFloat32PathIsWrongPassesInFloat64AndFailsInFloat32NamingTheSeed() {
        OpEntry drift = OpEntry.of("float32 drift", "values in [-2, 2] away from 0", TensorArbitraries.tensors(3)
                .awayFrom(0.1, 0.0).map(x -> OpCase.of("doubleWithFloat32Slip(1e-3)",
                        in -> Tensor.apply(CustomOps.doubleWithFloat32Slip(1e-3, 0), in[0]), x)));

        drift.verify(4, 9);
        AssertionError e = assertThrows(AssertionError.class, () -> drift.verifyFloat32(4, 9));

        assertTrue(e.getMessage().startsWith("float32 drift: 4 of 4 cases failed in float32 (drawn with seed 9); the"
                + " first:\nfloat32 drift: doubleWithFloat32Slip(1e-3) on [3]"), e::getMessage);
        assertTrue(e.getMessage().contains("float32 values and first derivatives do NOT match float64"),
                e::getMessage);
        assertTrue(e.getMessage().contains("output [3]: mismatch at element"), e::getMessage);
    }

    @Test
    void aCaseVerifiesInFloat32WithItsSecondDerivativesWhenTwiceDifferentiable() {
        OpCase c = OpCase.of("cube, constant backward in float32",
                in -> Tensor.apply(CustomOps.CUBE_WITH_CONSTANT_BACKWARD_IN_FLOAT32, in[0]),
                Tensor.of(new double[] {1, 2}, 2));

        assertTrue(c.checkFloat32(GradCheckOptions.defaults()).passed());
        AssertionError e = assertThrows(AssertionError.class, c::verifyFloat32);

        assertTrue(e.getMessage().startsWith("cube, constant backward in float32 on [2]"), e::getMessage);
        assertTrue(e.getMessage().contains("float32 second derivatives do NOT match float64"), e::getMessage);
    }

    @Test
    void theCastEntryRunsTheSquareInFloat64AndBothCastsInFloat32() {
        OpCase c = OpCatalog.engine().entry("Tensor.to(DType)").sample(1, 5).get(0);
        Tensor x = Tensor.of(new double[] {1.5, -2}, 2);

        Tensor f64 = c.function().apply(x);
        Tensor f32 = c.function().apply(Tensor.of(new float[] {1.5f, -2}, 2).requiresGrad(true));

        assertEquals(DType.FLOAT64, f64.dtype());
        assertArrayEquals(new double[] {2.25, 4}, f64.toArray());
        assertEquals(DType.FLOAT32, f32.dtype());
        assertEquals("to", f32.op());
        assertArrayEquals(new float[] {2.25f, 4f}, f32.toFloatArray());
    }

    @Test
    void anExceptionFromTheOpIsTheCauseOfTheFailure() {
        OpEntry throwing = OpEntry.of("throws", "values in [-2, 2]", TensorArbitraries.tensors(2)
                .map(x -> OpCase.of("reshape(3)", in -> in[0].reshape(3), x)));

        AssertionError e = assertThrows(AssertionError.class, () -> throwing.verify(2, 1));

        assertTrue(e.getMessage().startsWith("throws: 2 of 2 cases failed (drawn with seed 1)"), e::getMessage);
        assertTrue(e.getCause() instanceof IllegalArgumentException, () -> String.valueOf(e.getCause()));
    }

    @Test
    void theEngineDomainsAreTheWordsOfTheirArbitraries() {
        assertEquals("positive values in [0.1, 3]", OpCatalog.engine().entry("Tensor.log()").domain());
        assertEquals("values in [-2, 2], at least 0.001 away from 0", OpCatalog.engine().entry("Tensor.relu()").domain());
        assertEquals("first: values in [-2, 2]; second: values in [-1.5, 1.5], at least 0.5 away from 0; equal or"
                + " broadcast shapes", OpCatalog.engine().entry("Tensor.div(Tensor)").domain());
        assertEquals("values in [-2, 2]; constant of magnitude in [0.5, 3], either sign",
                OpCatalog.engine().entry("Tensor.div(double)").domain());
    }

    @Test
    void theEngineCatalogCoversTheGatesOfTheDesign() {
        Set<String> covered = OpCatalog.engine().covered();

        assertTrue(covered.containsAll(Set.of("Tensor.add(Tensor)", "Tensor.mul(Tensor)", "Tensor.max()",
                "Tensor.maximum(Tensor)", "Tensor.matmul(Tensor)")), covered::toString);
        assertEquals(OpCatalog.engine().entries(), OpCatalog.discover().entries().subList(0,
                OpCatalog.engine().entries().size()));
    }

    @Test
    void uncoveredListsTheMethodsOfEveryClassGivenWithNeitherEntryNorReason() {
        OpCatalog catalog = OpCatalog.of(List.of(cube()));

        assertEquals(List.of("Custom.square(Tensor)"), catalog.uncovered(List.of(Custom.class), WEIGHT_EXEMPT));
        assertEquals(List.of("Layer.forward(Tensor)", "Custom.square(Tensor)"),
                catalog.uncovered(List.of(Layer.class, Custom.class), WEIGHT_EXEMPT));
    }

    @Test
    void staleNamesTheEntriesAndExemptionsWhoseMethodIsGone() {
        OpCatalog catalog = OpCatalog.of(List.of(cube()));

        assertEquals(List.of(), catalog.stale(List.of(Custom.class), WEIGHT_EXEMPT));
        assertEquals(List.of("Custom.cube(Tensor)", "Custom.weight()"),
                catalog.stale(List.of(Tensor.class), WEIGHT_EXEMPT));
    }

    @Test
    void exemptionsKeepTheOrderTheyWereListedIn() {
        Map<String, String> exempt = OpCatalog.exemptions()
                .because("creates a leaf", "Custom.zeros()", "Custom.ones()")
                .because("reads a parameter", "Custom.weight()").build();

        assertEquals(List.of("Custom.zeros()", "Custom.ones()", "Custom.weight()"), List.copyOf(exempt.keySet()));
        assertEquals("creates a leaf", exempt.get("Custom.ones()"));
        assertThrows(UnsupportedOperationException.class, () -> exempt.put("Custom.bias()", "reads a parameter"));
    }

    @Test
    void anExemptionListedTwiceIsRefusedWithItsFirstReason() {
        OpCatalog.Exemptions exemptions = OpCatalog.exemptions().because("creates a leaf", "Custom.zeros()");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> exemptions.because("reads a parameter", "Custom.weight()", "Custom.zeros()"));

        assertEquals("Exemptions.because: 'Custom.zeros()' is exempt already, for the reason 'creates a leaf'",
                e.getMessage());
    }

    @Test
    void anExemptionNeedsAReasonAndSignatures() {
        OpCatalog.Exemptions exemptions = OpCatalog.exemptions();

        assertEquals("Exemptions.because: reason is null", assertThrows(IllegalArgumentException.class,
                () -> exemptions.because(null, "Custom.zeros()")).getMessage());
        assertEquals("Exemptions.because: signatures is null", assertThrows(IllegalArgumentException.class,
                () -> exemptions.because("creates a leaf", (String[]) null)).getMessage());
        assertEquals("Exemptions.because: no signature for the reason 'creates a leaf'",
                assertThrows(IllegalArgumentException.class, () -> exemptions.because("creates a leaf")).getMessage());
        assertEquals("Exemptions.because: signature 1 is null", assertThrows(IllegalArgumentException.class,
                () -> exemptions.because("creates a leaf", "Custom.zeros()", null)).getMessage());
    }
}

package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertThrowsNaming;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the {@code jgrad.matmul} property and the presence of the vector module choose the kernel. */
class KernelsTest {

    private static void assertFailsEveryProduct(Gemm g, String... fragments) {
        assertThrowsNaming(IllegalStateException.class,
                () -> g.multiply(false, false, 1, 1, 1, new double[1], 0, new double[1], 0, new double[1], 0),
                fragments);
    }

    @Test
    void withTheModuleTheVectorKernelIsChosenUnlessThisJvmWouldRunItSlowly() {
        Kernels.Choice choice = Kernels.select("auto", true);
        String obstacle = Kernels.slowVectorJvm();
        if (obstacle == null) {
            assertInstanceOf(WarmingGemm.class, choice.gemm);
            assertTrue(choice.line.startsWith("jgrad: matmul on Vector API ("), choice.line);
            // Each precision has a kernel of its own, so the line gives both widths: a vector holds twice the floats.
            int doubles = VectorDgemm.L;
            assertTrue(choice.line.contains("(" + doubles + " doubles / " + 2 * doubles + " floats per vector, "),
                    choice.line);
        } else {
            assertInstanceOf(EjmlGemm.class, choice.gemm);
            assertTrue(choice.line.contains(obstacle), choice.line);
        }
    }

    @Test
    void withoutTheModuleEjmlIsChosenAndTheLineNamesTheFlagThatEnablesTheVectorKernel() {
        Kernels.Choice choice = Kernels.select("auto", false);
        assertInstanceOf(EjmlGemm.class, choice.gemm);
        assertTrue(choice.line.startsWith("jgrad: matmul on EJML"), choice.line);
        assertTrue(choice.line.contains("--add-modules jdk.incubator.vector"), choice.line);
    }

    @Test
    void ejmlCanBeForcedEvenWithTheModule() {
        Kernels.Choice choice = Kernels.select("ejml", true);
        assertInstanceOf(EjmlGemm.class, choice.gemm);
        assertFalse(choice.line.contains("--add-modules"), choice.line);
    }

    @Test
    void vectorForcedWithoutTheModuleFailsEveryProductSayingHowToFixIt() {
        Kernels.Choice choice = Kernels.select("vector", false);
        assertTrue(choice.line.startsWith("jgrad: matmul unavailable"), choice.line);
        assertFailsEveryProduct(choice.gemm, "jgrad.matmul=vector", "--add-modules jdk.incubator.vector");
    }

    @Test
    void anUnknownValueFailsEveryProductNamingTheAcceptedOnes() {
        assertFailsEveryProduct(Kernels.select("fast", true).gemm, "jgrad.matmul=fast", "vector, ejml, auto");
    }
}

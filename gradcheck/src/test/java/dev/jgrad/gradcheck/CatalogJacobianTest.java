package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Derivatives;
import dev.jgrad.engine.Derivatives.Mode;
import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every op of the engine's catalog, the Jacobian that {@link Derivatives} builds in forward mode (one jvp, by
 * the double-vjp construction, per input element) equals the one it builds in reverse mode (one backward pass per
 * output element), which {@link EngineCatalogTest} checks against central differences. So every op, not only those
 * the engine's own tests name, has a correct jvp.
 */
class CatalogJacobianTest {
    private static final int TRIES = 6;

    @TestFactory
    Stream<DynamicTest> forwardAndReverseJacobiansAgreeForEveryOp() {
        return OpCatalog.engine().entries().stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            for (OpCase c : e.sample(TRIES, CatalogTable.SEED)) {
                Derivatives.Fn f = in -> c.function().apply(in);
                Tensor[] reverse = Derivatives.jacobian(f, c.inputs(), Mode.REVERSE);
                Tensor[] forward = Derivatives.jacobian(f, c.inputs(), Mode.FORWARD);
                for (int i = 0; i < reverse.length; i++) {
                    assertArrayEquals(reverse[i].shape(), forward[i].shape(), c::description);
                    double[] r = reverse[i].toArray(), fw = forward[i].toArray();
                    double scale = Arrays.stream(r).map(Math::abs).max().orElse(0);
                    for (int k = 0; k < r.length; k++) {
                        int at = k, input = i;
                        assertTrue(Math.abs(r[k] - fw[k]) <= 1e-12 * Math.max(1, scale), () -> c.description()
                                + ": input " + input + " element " + at + ": reverse " + r[at] + ", forward " + fw[at]);
                    }
                }
            }
        }));
    }
}

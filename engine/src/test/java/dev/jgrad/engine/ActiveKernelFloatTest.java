package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The single-precision product on the kernel this JVM actually runs, {@link Kernels#GEMM}. The build runs this class
 * as configured, with {@code -Djgrad.matmul=ejml} and without the vector module, as it does {@link ActiveKernelTest}.
 */
class ActiveKernelFloatTest {

    /** The largest elementwise error allowed by the float rounding bound {@code γ(k) Σ|a||b|}, in units of it. */
    private static double worstErrorInBoundUnits(boolean ta, boolean tb, int m, int n, int k) {
        Random rng = new Random(41);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextFloat() * 2 - 1;
        }
        Kernels.GEMM.multiply(ta, tb, m, n, k, a, 0, b, 0, c, 0);
        double u = Math.ulp(1.0f) / 2, gamma = k * u / (1 - k * u), worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double term = (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                    exact += term;
                    magnitude += Math.abs(term);
                }
                worst = Math.max(worst, Math.abs(c[i * n + j] - exact) / (gamma * magnitude));
            }
        }
        return worst;
    }

    @Test
    void theKernelIsTheOneThisJvmCallsFor() {
        assertEquals(ActiveKernelTest.expectedKernel(), Kernels.GEMM.getClass().getSimpleName());
    }

    @Test
    void floatProductsOfEveryFlagAreWithinFloatRoundingSmallAndLarge() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int[] s : new int[][] {{7, 13, 5}, {128, 256, 784}}) {
                    double worst = worstErrorInBoundUnits(ta, tb, s[0], s[1], s[2]);
                    assertTrue(worst <= 1, "transA " + ta + " transB " + tb + " " + s[0] + "x" + s[2] + " . " + s[2]
                            + "x" + s[1] + ": " + worst + " of the rounding bound");
                }
            }
        }
    }
}

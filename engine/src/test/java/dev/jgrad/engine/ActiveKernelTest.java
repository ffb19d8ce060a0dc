package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kernel this JVM actually runs, end to end through {@link Tensor}. The build runs this class three times: as
 * configured (the vector module present), with {@code -Djgrad.matmul=ejml}, and without the vector module, telling
 * it through {@code jgrad.test.kernel} which kernel to expect.
 */
class ActiveKernelTest {

    /** The kernel's simple class name: as the build says, or else the one this JVM's vector support calls for. */
    static String expectedKernel() {
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && Kernels.slowVectorJvm() == null;
        return System.getProperty("jgrad.test.kernel", vector ? "WarmingGemm" : "EjmlGemm");
    }

    @Test
    void theKernelIsTheOneThisJvmCallsFor() {
        assertEquals(expectedKernel(), MatmulOps.GEMM.getClass().getSimpleName());
    }

    @Test
    void matmulAndItsGradientsMatchTheTripleLoop() {
        Random rng = new Random(21);
        int m = 37, k = 53, n = 29;
        Tensor a = Tensor.randn(rng, m, k).requiresGrad(true), b = Tensor.randn(rng, k, n).requiresGrad(true);
        Tensor c = a.matmul(b);
        c.sum().backward();
        double[] x = a.toArray(), y = b.toArray(), expected = new double[m * n];
        double[] rowSumsOfB = new double[k], colSumsOfA = new double[k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    expected[i * n + j] += x[i * k + p] * y[p * n + j];
                }
            }
        }
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                rowSumsOfB[p] += y[p * n + j];
            }
            for (int i = 0; i < m; i++) {
                colSumsOfA[p] += x[i * k + p];
            }
        }
        assertArrayEquals(expected, c.toArray(), 1e-12);
        // d(sum(A·B))/dA[i, p] = sum_j B[p, j]; d/dB[p, j] = sum_i A[i, p]
        double[] gradA = a.grad().toArray(), gradB = b.grad().toArray();
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                assertEquals(rowSumsOfB[p], gradA[i * k + p], 1e-12);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                assertEquals(colSumsOfA[p], gradB[p * n + j], 1e-12);
            }
        }
    }
}

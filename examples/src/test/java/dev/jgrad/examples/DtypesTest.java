package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.History;
import org.junit.jupiter.api.Test;

class DtypesTest {
    @Test
    void aMixedProductComputesInFloat64AndSendsEachGradientBackInItsOwnDtype() {
        Dtypes.Mixed m = Dtypes.mixed();
        assertEquals(DType.FLOAT64, m.y().dtype());
        assertEquals(DType.FLOAT32, m.x().grad().dtype());
        assertEquals(DType.FLOAT64, m.w().grad().dtype());
        // d/dx_i sum_j tanh(z_j) = sum_j w_ij (1 - tanh^2 z_j), with x read exactly as the floats 1, 2, 3.
        double[] w = m.w().toArray();
        double[] dx = new double[3];
        for (int j = 0; j < 2; j++) {
            double z = 1 * w[j] + 2 * w[2 + j] + 3 * w[4 + j];
            double t = Math.tanh(z);
            for (int i = 0; i < 3; i++) {
                dx[i] += w[2 * i + j] * (1 - t * t);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals((float) dx[i], m.x().grad().toFloatArray()[i], Math.ulp((float) dx[i]));
        }
    }

    @Test
    void theDigitsMlpLearnsInFloat32() {
        Dataset.Split split = NeuralNetwork.digits();
        History h = Dtypes.trainInFloat32(split.train(), split.test(), 5);
        assertTrue(h.last().validationAccuracy() > 0.93, "accuracy " + h.last().validationAccuracy());
    }
}

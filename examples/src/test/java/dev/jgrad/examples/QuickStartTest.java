package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class QuickStartTest {
    /** {@code 1 - tanh(z_j)^2} for {@code z = x w}, the derivative of each output of tanh. */
    private static double[] tanhSlopes(double[] x, double[] w) {
        double[] slopes = new double[2];
        for (int j = 0; j < 2; j++) {
            double t = Math.tanh(x[0] * w[j] + x[1] * w[2 + j] + x[2] * w[4 + j]);
            slopes[j] = 1 - t * t;
        }
        return slopes;
    }

    @Test
    void weightGradientIsInputTimesTanhSlope() {
        QuickStart.Result r = QuickStart.run();
        double[] x = r.x().toArray();
        double[] slopes = tanhSlopes(x, r.w().toArray());
        double[] expected = new double[6];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                expected[2 * i + j] = x[i] * slopes[j];
            }
        }
        assertArrayEquals(new int[] {3, 2}, r.dw().shape());
        assertArrayEquals(expected, r.dw().toArray(), 1e-12);
    }

    @Test
    void inputGradientIsWeightRowTimesTanhSlope() {
        QuickStart.Result r = QuickStart.run();
        double[] w = r.w().toArray();
        double[] slopes = tanhSlopes(r.x().toArray(), w);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = w[2 * i] * slopes[0] + w[2 * i + 1] * slopes[1];
        }
        assertArrayEquals(expected, r.x().grad().toArray(), 1e-12);
    }
}

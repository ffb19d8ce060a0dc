package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Dataset;
import org.junit.jupiter.api.Test;

class ClassifierStandardisationTest {
    private static Dataset.Split split(Tensor train, Tensor test) {
        return new Dataset.Split(Dataset.classification(train, new int[train.shape()[0]]),
                Dataset.classification(test, new int[test.shape()[0]]));
    }

    @Test
    void featureRowsAreScaledPerFeatureWithTheTrainingStatistics() {
        // feature 0: mean 1, deviation 1; feature 1: mean 20, deviation 10
        Dataset.Split scaled = ClassifierSample.standardised(split(Tensor.of(new double[] {0, 10, 2, 30}, 2, 2),
                Tensor.of(new double[] {1, 40}, 1, 2)));
        assertArrayEquals(new double[] {-1, -1, 1, 1}, scaled.train().features().toArray(), 1e-12);
        assertArrayEquals(new double[] {0, 2}, scaled.test().features().toArray(), 1e-12);
    }

    @Test
    void imagesAreScaledPerChannelOverAllTheirPixelsWithTheTrainingStatistics() {
        // two images [2 channels, 1 x 2 pixels]: channel 0 holds 0, 2, 4, 6 (mean 3, deviation sqrt 5), channel 1
        // holds 10, 10, 30, 30 (mean 20, deviation 10), though each pixel alone has other statistics
        Tensor train = Tensor.of(new double[] {0, 2, 10, 10, 4, 6, 30, 30}, 2, 2, 1, 2);
        Tensor test = Tensor.of(new double[] {3, 3 + Math.sqrt(5), 20, 40}, 1, 2, 1, 2);
        Dataset.Split scaled = ClassifierSample.standardised(split(train, test));
        double r = Math.sqrt(5);
        assertArrayEquals(new int[] {2, 2, 1, 2}, scaled.train().features().shape());
        assertArrayEquals(new double[] {-3 / r, -1 / r, -1, -1, 1 / r, 3 / r, 1, 1},
                scaled.train().features().toArray(), 1e-12);
        assertArrayEquals(new int[] {1, 2, 1, 2}, scaled.test().features().shape());
        assertArrayEquals(new double[] {0, 1, 0, 2}, scaled.test().features().toArray(), 1e-12);
    }
}

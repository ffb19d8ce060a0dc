package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** Ten samples whose single feature is the sample's index and whose label is its parity. */
    private static Dataset tenSamples() {
        double[] x = new double[10];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            x[i] = i;
            labels[i] = i % 2;
        }
        return Dataset.classification(Tensor.of(x, 10, 1), labels);
    }

    private static double[] sortedFeatures(List<Dataset> parts) {
        return parts.stream().flatMapToDouble(d -> Arrays.stream(d.features().toArray())).sorted().toArray();
    }

    @Test
    void batchesKeepTheLastPartialBatch() {
        List<Dataset> batches = tenSamples().batches(4);
        assertEquals(List.of(4, 4, 2), batches.stream().map(Dataset::size).toList());
        assertArrayEquals(new double[] {8, 9}, batches.get(2).features().toArray());
    }

    @Test
    void shuffledBatchesCoverEverySampleOnceWithMatchingTargets() {
        List<Dataset> batches = tenSamples().batches(3, new Random(4));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sortedFeatures(batches));
        for (Dataset b : batches) {
            double[] x = b.features().toArray();
            int[] y = b.labels();
            for (int i = 0; i < x.length; i++) {
                assertEquals((int) x[i] % 2, y[i]);
            }
        }
    }

    @Test
    void sameSeedSameOrderAndEachCallReshuffles() {
        Random rng = new Random(7);
        double[] first = tenSamples().batches(10, rng).get(0).features().toArray();
        double[] second = tenSamples().batches(10, rng).get(0).features().toArray();
        assertNotEquals(Arrays.toString(first), Arrays.toString(second));
        assertArrayEquals(first, tenSamples().batches(10, new Random(7)).get(0).features().toArray());
    }

    @Test
    void splitCutsAShuffledDatasetIntoDisjointParts() {
        Dataset.Split split = tenSamples().split(0.8, new Random(1));
        assertEquals(8, split.train().size());
        assertEquals(2, split.test().size());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                sortedFeatures(List.of(split.train(), split.test())));
    }

    @Test
    void splitLeavingAnEmptyPartRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> tenSamples().split(0.99, new Random(1)));
        assertEquals("Dataset.split: a train fraction of 0.99 of 10 samples leaves one part empty", e.getMessage());
    }

    @Test
    void featuresAndTargetsMustHaveTheSameSamples() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
        assertEquals("Dataset: features of shape [3, 2] and targets of shape [4] do not have the same samples",
                e.getMessage());
    }

    @Test
    void nonWholeTargetIsNotALabel() {
        Dataset d = new Dataset(Tensor.zeros(2, 1), Tensor.of(new double[] {1, 0.5}, 2));
        var e = assertThrows(IllegalArgumentException.class, d::labels);
        assertEquals("Dataset.labels: target 0.5 of sample 1 is not a class label (a whole number >= 0)",
                e.getMessage());
    }

    @Test
    void standardizerLearnsFromTrainingDataOnly() {
        Tensor train = Tensor.of(new double[] {1, 7, 3, 7}, 2, 2);
        Standardizer s = Standardizer.fit(train);
        assertArrayEquals(new double[] {2, 7}, s.mean().toArray());
        assertArrayEquals(new double[] {1, 1}, s.std().toArray(), "a constant feature keeps deviation 1");
        assertArrayEquals(new double[] {-1, 0, 1, 0}, s.transform(train).toArray(), 1e-12);
        assertArrayEquals(new double[] {3, 2}, s.transform(Tensor.of(new double[] {5, 9}, 1, 2)).toArray(), 1e-12);
    }

    @Test
    void standardizerRejectsOtherWidth() {
        Standardizer s = Standardizer.fit(Tensor.ones(3, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.ones(3, 4)));
        assertEquals("Standardizer.transform: features of shape [3, 4] are not [samples, 2] as fitted",
                e.getMessage());
    }

    @Test
    void eachDatasetOpNamesItselfInItsErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> tenSamples().batches(0));
        assertEquals("Dataset.batches: batch size 0 must be positive", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(Tensor.zeros(2, 1), new int[] {0, -1}));
        assertEquals("Dataset.classification: label -1 of sample 1 is negative", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(Tensor.ones(3)));
        assertEquals("Standardizer.fit: features of shape [3] are not [samples, features] with at least one sample",
                e.getMessage());
    }

    @Test
    void toConvertsFeaturesAndTargetsAndKeepsTheLabels() {
        Dataset data = Dataset.classification(Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, 2, 2), new int[] {3, 1});

        Dataset single = data.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, single.features().dtype());
        assertEquals(DType.FLOAT32, single.targets().dtype());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, single.features().toFloatArray());
        assertArrayEquals(new int[] {3, 1}, single.labels());
        assertEquals(DType.FLOAT64, single.to(DType.FLOAT64).features().dtype());
    }

    @Test
    void toTheOwnDtypeReturnsTheDatasetItself() {
        Dataset data = tenSamples();
        assertSame(data, data.to(DType.FLOAT64));
        Dataset single = data.to(DType.FLOAT32);
        assertSame(single, single.to(DType.FLOAT32));
    }

    @Test
    void toNullNamesTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> tenSamples().to(null));
        assertEquals("Dataset.to: dtype is null", e.getMessage());
    }

    @Test
    void batchesOfAFloat32DatasetAreFloat32() {
        List<Dataset> batches = tenSamples().to(DType.FLOAT32).batches(4, new Random(1));
        assertEquals(DType.FLOAT32, batches.get(0).features().dtype());
        assertEquals(DType.FLOAT32, batches.get(2).targets().dtype());
    }

    @Test
    void permutationIsTheOrderTheShuffledBatchesVisit() {
        Dataset data = tenSamples();
        int[] order = Dataset.permutation(10, new Random(3));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, java.util.Arrays.stream(order).sorted().toArray());
        assertArrayEquals(data.subset(java.util.Arrays.copyOf(order, 4)).features().toArray(),
                data.batches(4, new Random(3)).get(0).features().toArray(), 0.0);
        assertEquals("Dataset.permutation: length -1 is negative", assertThrows(IllegalArgumentException.class,
                () -> Dataset.permutation(-1, new Random(3))).getMessage());
    }
}

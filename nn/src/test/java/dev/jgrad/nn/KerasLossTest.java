package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.engine.Tensor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The losses under their Keras names, each against its value computed by hand. */
class KerasLossTest {
    private static final double EPS = 1e-12;

    private static double value(Loss loss, Tensor output, Tensor targets) {
        return loss.compute(output, targets).item();
    }

    @Test
    void binaryCrossEntropyFromProbabilities() {
        Tensor p = Tensor.of(new double[] {0.8, 0.3}, 2, 1);
        Tensor y = Tensor.of(new double[] {1, 0}, 2, 1);

        assertEquals(-(Math.log(0.8) + Math.log(0.7)) / 2, value(Loss.binaryCrossEntropy(false), p, y), EPS);
        assertEquals(1.0, Loss.binaryCrossEntropy(false).accuracy(p, y));
    }

    @Test
    void binaryCrossEntropyFromLogits() {
        Tensor z = Tensor.of(new double[] {0, 2}, 2, 1);
        Tensor y = Tensor.of(new double[] {1, 0}, 2, 1);

        // softplus(z) - z y: log 2 for (0, 1), log(1 + e^2) for (2, 0).
        assertEquals((Math.log(2) + Math.log1p(Math.exp(2))) / 2, value(Loss.binaryCrossEntropy(true), z, y), EPS);
    }

    @Test
    void categoricalCrossEntropyFromProbabilities() {
        Tensor p = Tensor.of(new double[] {0.7, 0.2, 0.1, 0.25, 0.5, 0.25}, 2, 3);
        Tensor y = Tensor.of(new double[] {1, 0, 0, 0, 0, 1}, 2, 3);

        assertEquals(-(Math.log(0.7) + Math.log(0.25)) / 2, value(Loss.categoricalCrossEntropy(), p, y), EPS);
        assertEquals(0.5, Loss.categoricalCrossEntropy().accuracy(p, y));
    }

    @Test
    void categoricalCrossEntropyNormalisesAndClampsProbabilitiesAsKerasDoes() {
        Tensor half = Tensor.of(new double[] {0.35, 0.1, 0.05}, 1, 3);   // sums to 0.5: read as 0.7, 0.2, 0.1
        Tensor zero = Tensor.of(new double[] {0, 1}, 1, 2);

        assertEquals(-Math.log(0.7), value(Loss.categoricalCrossEntropy(), half, Tensor.of(new double[] {1, 0, 0},
                1, 3)), EPS);
        assertEquals(-Math.log(1e-12 / (1 + 1e-12)), value(Loss.categoricalCrossEntropy(), zero,
                Tensor.of(new double[] {1, 0}, 1, 2)), 1e-9);
    }

    @Test
    void categoricalCrossEntropyFromLogits() {
        Tensor z = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        Tensor y = Tensor.of(new double[] {0, 0, 1}, 1, 3);
        double logSumExp = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));

        assertEquals(logSumExp - 3, value(Loss.categoricalCrossEntropy(true), z, y), EPS);
    }

    @Test
    void sparseCategoricalCrossEntropyFromProbabilities() {
        Tensor p = Tensor.of(new double[] {0.7, 0.2, 0.1, 0.25, 0.5, 0.25}, 2, 3);
        Tensor labels = Tensor.of(new double[] {0, 1}, 2);

        assertEquals(-(Math.log(0.7) + Math.log(0.5)) / 2, value(Loss.sparseCategoricalCrossEntropy(), p, labels),
                EPS);
        assertEquals(1.0, Loss.sparseCategoricalCrossEntropy().accuracy(p, labels));
    }

    @Test
    void sparseCategoricalCrossEntropyFromLogits() {
        Tensor z = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        double logSumExp = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));

        assertEquals(logSumExp - 1, value(Loss.sparseCategoricalCrossEntropy(true), z, Tensor.of(new double[] {0},
                1)), EPS);
    }

    @Test
    void probabilitiesOutsideZeroToOneAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Loss.sparseCategoricalCrossEntropy().compute(
                Tensor.of(new double[] {1.5, -0.5}, 1, 2), Tensor.of(new double[] {0}, 1)));

        assertEquals("sparseCategoricalCrossEntropy: probability 1.5 at position 0 is outside [0, 1]",
                e.getMessage());
    }

    @Test
    void meanSquaredAndAbsoluteErrors() {
        Tensor out = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor y = Tensor.of(new double[] {1, 0, 0}, 3, 1);

        assertEquals((0 + 4 + 9) / 3.0, value(Loss.meanSquaredError(), out, y), EPS);
        assertEquals((0 + 2 + 3) / 3.0, value(Loss.meanAbsoluteError(), out, y), EPS);
        assertEquals(Double.NaN, Loss.meanAbsoluteError().accuracy(out, y));
    }

    @Test
    void hingeTakesMinusOneAndOneOrZeroAndOne() {
        Tensor scores = Tensor.of(new double[] {0.5, -2, 3}, 3, 1);
        // max(0, 1 - 0.5) + max(0, 1 + 2) + max(0, 1 + 3) = 0.5 + 3 + 4
        double expected = 7.5 / 3;

        assertEquals(expected, value(Loss.hinge(), scores, Tensor.of(new double[] {1, 1, -1}, 3, 1)), EPS);
        assertEquals(expected, value(Loss.hinge(), scores, Tensor.of(new double[] {1, 1, 0}, 3, 1)), EPS);
        assertEquals(1.0 / 3, Loss.hinge().accuracy(scores, Tensor.of(new double[] {1, 1, -1}, 3, 1)), EPS);
        var e = assertThrows(IllegalArgumentException.class, () -> Loss.hinge().compute(scores,
                Tensor.of(new double[] {1, 0.5, -1}, 3, 1)));
        assertEquals("hinge: target 0.5 at position 1 is not -1 or 1 (nor 0 or 1)", e.getMessage());
    }

    @Test
    void theLogitFormsAreTheExistingLosses() {
        Tensor z = Tensor.of(new double[] {1, -2, 0.5, 3}, 2, 2);
        Tensor oneHot = Tensor.of(new double[] {0, 1, 1, 0}, 2, 2);
        Tensor labels = Tensor.of(new double[] {1, 0}, 2);

        assertEquals(value(Loss.crossEntropyWithProbabilities(), z, oneHot),
                value(Loss.categoricalCrossEntropy(true), z, oneHot));
        assertEquals(value(Loss.crossEntropy(), z, labels), value(Loss.sparseCategoricalCrossEntropy(true), z,
                labels));
        assertEquals(value(Loss.binaryCrossEntropyWithLogits(), z, oneHot), value(Loss.binaryCrossEntropy(true), z,
                oneHot));
    }

    @Test
    void eachLossNamesTheMetricThatFitsIt() {
        for (Loss classification : new Loss[] {Loss.binaryCrossEntropy(false), Loss.binaryCrossEntropy(true),
            Loss.categoricalCrossEntropy(), Loss.categoricalCrossEntropy(true), Loss.sparseCategoricalCrossEntropy(),
            Loss.sparseCategoricalCrossEntropy(true), Loss.hinge(), Loss.multiclassHinge(),
            Loss.marginRanking(1)}) {
            assertEquals(Optional.of("accuracy"), classification.defaultMetric().map(Metric::name));
        }
        assertEquals(Optional.of("meanAbsoluteError"), Loss.meanSquaredError().defaultMetric().map(Metric::name));
        assertEquals(Optional.of("meanAbsoluteError"), Loss.sumSquaredError().defaultMetric().map(Metric::name));
        assertEquals(Optional.of("meanSquaredError"), Loss.meanAbsoluteError().defaultMetric().map(Metric::name));
        Loss custom = (out, y) -> out.sum();
        assertEquals(Optional.empty(), custom.defaultMetric());
        assertEquals(Optional.of("meanAbsoluteError"), Loss.meanSquaredError().withL2Penalty(0.1, 1,
                java.util.List.of(Tensor.ones(1))).defaultMetric().map(Metric::name));
    }

    /** The accuracy a loss reports by default is its own, over one-hot targets and one-column logits alike. */
    @Test
    void theDefaultAccuracyIsTheLossesOwnWeightedByBatch() {
        Metric oneHot = Loss.categoricalCrossEntropy().defaultMetric().orElseThrow();
        oneHot.update(Tensor.of(new double[] {0.9, 0.1, 0.2, 0.8}, 2, 2), Tensor.of(new double[] {1, 0, 1, 0}, 2, 2));
        oneHot.update(Tensor.of(new double[] {0.3, 0.7}, 1, 2), Tensor.of(new double[] {0, 1}, 1, 2));
        assertEquals(2.0 / 3, oneHot.result(), 1e-15);
        Metric logits = Loss.binaryCrossEntropy(true).defaultMetric().orElseThrow();
        logits.update(Tensor.of(new double[] {-0.2, 0.3, 2}, 3, 1), Tensor.of(new double[] {0, 1, 0}, 3, 1));
        assertEquals(2.0 / 3, logits.result(), 1e-15);
        logits.reset();
        assertThrows(IllegalStateException.class, logits::result);
    }

    @Test
    void theLossesTrainThroughTheirGradients() {
        Tensor p = Tensor.of(new double[] {0.7, 0.2, 0.1}, 1, 3).requiresGrad(true);

        Loss.sparseCategoricalCrossEntropy().compute(p, Tensor.of(new double[] {0}, 1)).backward();

        // d/dp_j of -log(p_0 / sum p) = -1/p_0 + 1/sum p for j = 0, 1/sum p otherwise (sum p = 1).
        double[] g = p.grad().toArray();
        assertEquals(-1 / 0.7 + 1, g[0], 1e-12);
        assertEquals(1, g[1], 1e-12);
    }
}

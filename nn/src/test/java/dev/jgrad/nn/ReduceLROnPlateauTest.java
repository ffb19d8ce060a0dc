package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ReduceLROnPlateauTest {
    /** The learning rate after each epoch, the callback fed {@code values} of {@code key}, starting at 0.1. */
    private static double[] rates(ReduceLROnPlateau plateau, String key, double... values) {
        Dense model = Scripted.model();
        Training training = new Training(model, new SGD(model.parameters(), 0.1), values.length);
        plateau.onTrainBegin(training, Map.of());
        double[] rates = new double[values.length];
        for (int epoch = 1; epoch <= values.length; epoch++) {
            training.at(epoch, 1);
            plateau.onEpochEnd(training, epoch, Map.of(key, values[epoch - 1]));
            rates[epoch - 1] = training.learningRate();
        }
        return rates;
    }

    @Test
    void theRateIsMultipliedByTheFactorAtThePatienceThEpochWithoutImprovement() {
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025},
                rates(new ReduceLROnPlateau("val_loss").factor(0.5).patience(2), "val_loss", 1, 1, 1, 1, 1));
    }

    @Test
    void anImprovementResetsTheCount() {
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.1, 0.05},
                rates(new ReduceLROnPlateau("loss").factor(0.5).patience(2), "loss", 1, 1, 0.5, 0.5, 0.5));
    }

    @Test
    void theRateNeverGoesBelowMinLr() {
        assertArrayEquals(new double[] {0.1, 0.05, 0.03, 0.03, 0.03},
                rates(new ReduceLROnPlateau("loss").factor(0.5).patience(1).minLr(0.03), "loss", 1, 1, 1, 1, 1));
    }

    @Test
    void theCooldownEpochsAfterAReductionAreNotCounted() {
        assertArrayEquals(new double[] {0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125},
                rates(new ReduceLROnPlateau("loss").factor(0.5).patience(1).cooldown(2), "loss",
                        1, 1, 1, 1, 1, 1, 1, 1));
    }

    @Test
    void anImprovementDuringTheCooldownStillSetsTheBest() {
        // epoch 3 improves during the cooldown; epoch 4 (0.75) is then no improvement on 0.5
        assertArrayEquals(new double[] {0.1, 0.05, 0.05, 0.025},
                rates(new ReduceLROnPlateau("loss").factor(0.5).patience(1).cooldown(1), "loss", 1, 1, 0.5, 0.75));
    }

    @Test
    void byDefaultAnImprovementMustExceedOneTenThousandth() {
        assertArrayEquals(new double[] {0.1, 0.1 * 0.1},
                rates(new ReduceLROnPlateau("loss").patience(1), "loss", 1, 0.99995));
        assertArrayEquals(new double[] {0.1, 0.1},
                rates(new ReduceLROnPlateau("loss").patience(1).minDelta(0), "loss", 1, 0.99995));
    }

    @Test
    void byDefaultTheRateFallsTenfoldAfterTenEpochsWithoutImprovement() {
        double[] rates = rates(new ReduceLROnPlateau("loss"), "loss", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(0.1, rates[9]);
        assertEquals(0.1 * 0.1, rates[10]);
    }

    @Test
    void accuraciesAreMaximised() {
        assertArrayEquals(new double[] {0.1, 0.1, 0.05},
                rates(new ReduceLROnPlateau("val_accuracy").factor(0.5).patience(1), "val_accuracy", 0.5, 0.6, 0.55));
        assertArrayEquals(new double[] {0.1, 0.05},
                rates(new ReduceLROnPlateau("val_accuracy").factor(0.5).patience(1).mode(MonitorMode.MIN),
                        "val_accuracy", 0.5, 0.6));
    }

    @Test
    void inTrainingTheReducedRateIsUsedFromTheNextEpoch() {
        Dense model = Scripted.model();
        SGD sgd = new SGD(model.parameters(), 0.1);
        List<Double> rates = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
                rates.add(logs.get("lr"));
            }
        };
        new Trainer(model, Scripted.loss(0.5), sgd).progress(null, false)
                .callbacks(recorder, new ReduceLROnPlateau("loss").factor(0.5).patience(1))
                .fit(Scripted.DATA, 4, 8, new Random(0));
        assertEquals(List.of(0.1, 0.1, 0.05, 0.025), rates);
        assertEquals(0.0125, sgd.learningRate());
    }

    private static void assertRejected(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void badArgumentsAreNamedWithTheirValues() {
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("val_loss");
        assertRejected("ReduceLROnPlateau: factor 1.0 must be in (0, 1)", () -> plateau.factor(1.0));
        assertRejected("ReduceLROnPlateau: factor 0.0 must be in (0, 1)", () -> plateau.factor(0));
        assertRejected("ReduceLROnPlateau: patience -1 must be >= 0", () -> plateau.patience(-1));
        assertRejected("ReduceLROnPlateau: cooldown -2 must be >= 0", () -> plateau.cooldown(-2));
        assertRejected("ReduceLROnPlateau: minLr -1.0E-5 must be >= 0 and finite", () -> plateau.minLr(-1e-5));
        assertRejected("ReduceLROnPlateau: minDelta Infinity must be >= 0 and finite",
                () -> plateau.minDelta(Double.POSITIVE_INFINITY));
        assertRejected("ReduceLROnPlateau: monitor is null", () -> new ReduceLROnPlateau(null));
    }

    @Test
    void aMonitoredKeyMissingFromTheLogsIsNamed() {
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5).callbacks(new ReduceLROnPlateau("val_loss"));
        assertRejected("ReduceLROnPlateau: monitor 'val_loss' is not in the logs of epoch 1, which have [loss, lr];"
                + " give fit a validation set", () -> trainer.fit(Scripted.DATA, 1, 8, new Random(0)));
    }
}

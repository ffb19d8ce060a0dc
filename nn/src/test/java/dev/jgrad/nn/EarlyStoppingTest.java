package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    /** Feeds {@code values} of {@code key} to {@code callback} as epochs 1, 2, ...; returns the epoch it stopped at. */
    private static int drive(Callback callback, Training training, String key, double... values) {
        callback.onTrainBegin(training, Map.of());
        for (int epoch = 1; epoch <= values.length; epoch++) {
            training.at(epoch, 1);
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put(key, values[epoch - 1]);
            logs.put("lr", training.learningRate());
            callback.onEpochEnd(training, epoch, logs);
            if (training.stopRequested()) {
                return epoch;
            }
        }
        return 0;
    }

    private static Training training() {
        Dense model = Scripted.model();
        return new Training(model, new SGD(model.parameters(), 0.1), 100);
    }

    @Test
    void stopsAtThePatienceThEpochWithoutImprovement() {
        EarlyStopping early = new EarlyStopping("val_loss").patience(2);
        assertEquals(4, drive(early, training(), "val_loss", 1.0, 0.8, 0.9, 0.85, 0.7));
        assertEquals(2, early.bestEpoch());
        assertEquals(0.8, early.best());
        assertEquals(4, early.stoppedEpoch());
    }

    @Test
    void anImprovementResetsTheCount() {
        EarlyStopping early = new EarlyStopping("loss").patience(2);
        // without the reset at epoch 3, epoch 4 would be the second without improvement
        assertEquals(5, drive(early, training(), "loss", 1.0, 1.1, 0.9, 1.2, 0.95, 0.5));
        assertEquals(3, early.bestEpoch());
    }

    @Test
    void patienceZeroStopsAtTheFirstEpochWithoutImprovementAsOneDoes() {
        assertEquals(3, drive(new EarlyStopping("loss"), training(), "loss", 1.0, 0.5, 0.5));
        assertEquals(3, drive(new EarlyStopping("loss").patience(1), training(), "loss", 1.0, 0.5, 0.5));
    }

    @Test
    void anImprovementMustBeatTheBestByMoreThanMinDelta() {
        EarlyStopping early = new EarlyStopping("loss").patience(1).minDelta(0.1);
        assertEquals(2, drive(early, training(), "loss", 1.0, 0.95));
        assertEquals(1.0, early.best());
    }

    @Test
    void accuraciesAreMaximisedInAutoModeAndAnyKeyInMaxMode() {
        EarlyStopping auto = new EarlyStopping("val_accuracy").patience(1);
        assertEquals(3, drive(auto, training(), "val_accuracy", 0.5, 0.6, 0.55));
        assertEquals(0.6, auto.best());
        EarlyStopping max = new EarlyStopping("score").mode(MonitorMode.MAX).patience(1);
        assertEquals(3, drive(max, training(), "score", 1, 2, 1.5));
        EarlyStopping min = new EarlyStopping("val_accuracy").mode(MonitorMode.MIN).patience(1);
        assertEquals(2, drive(min, training(), "val_accuracy", 0.5, 0.6));
    }

    @Test
    void nanNeverImproves() {
        EarlyStopping early = new EarlyStopping("loss").patience(1);
        assertEquals(2, drive(early, training(), "loss", 1.0, Double.NaN));
        assertEquals(1, early.bestEpoch());
    }

    @Test
    void aSecondRunStartsAfresh() {
        EarlyStopping early = new EarlyStopping("loss").patience(1);
        assertEquals(2, drive(early, training(), "loss", 0.1, 0.2));
        assertEquals(0, drive(early, training(), "loss", 1.0, 0.9));
        assertEquals(2, early.bestEpoch());
        assertEquals(0, early.stoppedEpoch());
    }

    private static List<double[]> run(boolean restore, EarlyStopping early, Scripted.Snapshots snapshots,
            Dense model) {
        early.restoreBestWeights(restore);
        History h = Scripted.trainer(model, 1.0, 0.5, 0.75, 0.625, 0.25).callbacks(snapshots, early)
                .fit(Scripted.DATA, 10, 8, new Random(0));
        assertEquals(4, h.epochs().size());
        return Scripted.values(model);
    }

    @Test
    void restoreBestWeightsPutsBackTheParametersOfTheBestEpoch() {
        Dense model = Scripted.model();
        Scripted.Snapshots snapshots = new Scripted.Snapshots();
        List<double[]> end = run(true, new EarlyStopping("loss").patience(2), snapshots, model);
        List<double[]> best = snapshots.byEpoch.get(2);
        List<double[]> last = snapshots.byEpoch.get(4);
        for (int i = 0; i < end.size(); i++) {
            assertArrayEquals(best.get(i), end.get(i));
            assertNotEquals(last.get(i)[0], end.get(i)[0]);
        }
    }

    @Test
    void withoutRestoreTheLastEpochsParametersStay() {
        Dense model = Scripted.model();
        Scripted.Snapshots snapshots = new Scripted.Snapshots();
        List<double[]> end = run(false, new EarlyStopping("loss").patience(2), snapshots, model);
        for (int i = 0; i < end.size(); i++) {
            assertArrayEquals(snapshots.byEpoch.get(4).get(i), end.get(i));
        }
    }

    @Test
    void restoreBestWeightsAlsoRestoresAfterARunThatWasNotStopped() {
        Dense model = Scripted.model();
        Scripted.Snapshots snapshots = new Scripted.Snapshots();
        EarlyStopping early = new EarlyStopping("loss").patience(5).restoreBestWeights(true);
        Scripted.trainer(model, 1.0, 0.5, 0.75).callbacks(snapshots, early).fit(Scripted.DATA, 3, 8, new Random(0));
        assertEquals(0, early.stoppedEpoch());
        assertArrayEquals(snapshots.byEpoch.get(2).get(0), model.weight().toArray());
        assertArrayEquals(snapshots.byEpoch.get(2).get(1), model.bias().toArray());
    }

    @Test
    void aMonitoredKeyMissingFromTheLogsIsNamedWithTheKeysThereAre() {
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5).callbacks(new EarlyStopping("val_loss"));
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(Scripted.DATA, 2, 8, new Random(0)));
        assertEquals("EarlyStopping: monitor 'val_loss' is not in the logs of epoch 1, which have [loss, lr]; give fit"
                + " a validation set", e.getMessage());
        Training t = training();
        e = assertThrows(IllegalArgumentException.class, () -> drive(new EarlyStopping("acc"), t, "loss", 1));
        assertEquals("EarlyStopping: monitor 'acc' is not in the logs of epoch 1, which have [loss, lr]",
                e.getMessage());
        assertFalse(t.stopRequested());
    }

    @Test
    void badArgumentsAreNamedWithTheirValues() {
        EarlyStopping early = new EarlyStopping("loss");
        assertEquals("EarlyStopping: patience -1 must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> early.patience(-1)).getMessage());
        assertEquals("EarlyStopping: minDelta -0.5 must be >= 0 and finite",
                assertThrows(IllegalArgumentException.class, () -> early.minDelta(-0.5)).getMessage());
        assertEquals("EarlyStopping: minDelta NaN must be >= 0 and finite",
                assertThrows(IllegalArgumentException.class, () -> early.minDelta(Double.NaN)).getMessage());
        assertEquals("EarlyStopping: monitor is null",
                assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(null)).getMessage());
        assertEquals("EarlyStopping: mode is null",
                assertThrows(IllegalArgumentException.class, () -> early.mode(null)).getMessage());
    }

    @Test
    void bestWeightsIncludeBuffers() {
        BatchNorm1d norm = new BatchNorm1d(2);
        Module model = new Sequential(new Dense(2, 2, new Random(0)), norm);
        List<double[]> means = new ArrayList<>();
        Callback meanRecorder = new Callback() {
            @Override
            public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
                means.add(norm.namedBuffers().values().iterator().next().toArray());
            }
        };
        EarlyStopping early = new EarlyStopping("loss").patience(3).restoreBestWeights(true);
        new Trainer(model, Scripted.loss(1.0, 0.5, 0.75), new SGD(model.parameters(), 0.1)).progress(null, false)
                .callbacks(meanRecorder, early).fit(Scripted.DATA, 3, 8, new Random(0));
        assertArrayEquals(means.get(1), norm.namedBuffers().values().iterator().next().toArray());
        assertNotEquals(means.get(2)[0], means.get(1)[0]);
    }
}

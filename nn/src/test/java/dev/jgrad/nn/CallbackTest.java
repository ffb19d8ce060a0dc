package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallbackTest {
    /** Writes down every call it gets, with where the training said it was and the logs. */
    private static final class Recorder implements Callback {
        private final String name;
        private final List<String> events;

        Recorder(String name, List<String> events) {
            this.name = name;
            this.events = events;
        }

        private void add(String what, Training t, Map<String, Double> logs) {
            events.add(name + " " + what + " @" + t.epoch() + "." + t.batch() + " " + logs);
        }

        @Override
        public void onTrainBegin(Training training, Map<String, Double> logs) {
            add("trainBegin", training, logs);
        }

        @Override
        public void onTrainEnd(Training training, Map<String, Double> logs) {
            add("trainEnd", training, logs);
        }

        @Override
        public void onEpochBegin(Training training, int epoch, Map<String, Double> logs) {
            add("epochBegin " + epoch, training, logs);
        }

        @Override
        public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
            add("epochEnd " + epoch, training, logs);
        }

        @Override
        public void onBatchBegin(Training training, int batch, Map<String, Double> logs) {
            add("batchBegin " + batch, training, logs);
        }

        @Override
        public void onBatchEnd(Training training, int batch, Map<String, Double> logs) {
            add("batchEnd " + batch, training, logs);
        }
    }

    @Test
    void callbacksRunInRegistrationOrderWithTheirEpochsBatchesAndLogs() {
        List<String> events = new ArrayList<>();
        Scripted.trainer(Scripted.model(), 0.5, 0.25, 0.125, 1.0)
                .callbacks(new Recorder("A", events), new Recorder("B", events))
                .fit(Scripted.DATA, 2, 4, new Random(0));
        List<String> expected = new ArrayList<>();
        for (String call : List.of("trainBegin @0.0 {}", "epochBegin 1 @1.0 {}", "batchBegin 1 @1.1 {}",
                "batchEnd 1 @1.1 {loss=0.5, lr=0.1}", "batchBegin 2 @1.2 {}", "batchEnd 2 @1.2 {loss=0.25, lr=0.1}",
                "epochEnd 1 @1.2 {loss=0.375, lr=0.1}", "epochBegin 2 @2.0 {}", "batchBegin 1 @2.1 {}",
                "batchEnd 1 @2.1 {loss=0.125, lr=0.1}", "batchBegin 2 @2.2 {}", "batchEnd 2 @2.2 {loss=1.0, lr=0.1}",
                "epochEnd 2 @2.2 {loss=0.5625, lr=0.1}", "trainEnd @2.2 {loss=0.5625, lr=0.1}")) {
            expected.add("A " + call);
            expected.add("B " + call);
        }
        assertEquals(expected, events);
    }

    @Test
    void epochLogsHoldTheAccuraciesAndTheValidationResultsUnderKerasNames() {
        Dense model = Scripted.model();
        Dataset validation = TrainerTest.xor(6, 9);
        List<Map<String, Double>> epochLogs = new ArrayList<>();
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1))
                .progress(null, false).callbacks(new Callback() {
                    @Override
                    public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
                        epochLogs.add(logs);
                    }
                });
        History h = trainer.fit(Scripted.DATA, validation, 1, 8, new Random(0));
        Map<String, Double> logs = epochLogs.get(0);
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr"), List.copyOf(logs.keySet()));
        Evaluation val = trainer.evaluate(validation, 6);
        assertEquals(List.of(h.last().loss(), h.last().accuracy(), val.loss(), val.accuracy(), 0.1),
                List.copyOf(logs.values()));
        assertThrows(UnsupportedOperationException.class, () -> logs.put("loss", 0.0));
    }

    @Test
    void aStopAtABatchEndEndsThatEpochAsUsualAndThenTraining() {
        List<String> events = new ArrayList<>();
        Callback stopper = new Callback() {
            @Override
            public void onBatchEnd(Training training, int batch, Map<String, Double> logs) {
                if (training.epoch() == 2 && batch == 1) {
                    training.stop();
                }
            }
        };
        History h = Scripted.trainer(Scripted.model(), 0.5, 0.25, 0.125, 1.0)
                .callbacks(stopper, new Recorder("R", events)).fit(Scripted.DATA, 5, 4, new Random(0));
        assertEquals(2, h.epochs().size());
        assertEquals(0.125, h.last().loss());
        assertEquals(List.of("R batchEnd 1 @2.1 {loss=0.125, lr=0.1}", "R epochEnd 2 @2.1 {loss=0.125, lr=0.1}",
                "R trainEnd @2.1 {loss=0.125, lr=0.1}"), events.subList(events.size() - 3, events.size()));
    }

    @Test
    void aStopAtAnEpochBeginSkipsThatEpochAndEveryLaterOne() {
        Callback stopper = new Callback() {
            @Override
            public void onEpochBegin(Training training, int epoch, Map<String, Double> logs) {
                if (epoch == 3) {
                    training.stop();
                }
            }
        };
        History h = Scripted.trainer(Scripted.model(), 0.5).callbacks(stopper).fit(Scripted.DATA, 5, 4,
                new Random(0));
        assertEquals(List.of(1, 2), h.epochs().stream().map(History.Epoch::epoch).toList());
    }

    @Test
    void aCallbackSetsTheLearningRateOfTheNextUpdates() {
        Dense model = Scripted.model();
        SGD sgd = new SGD(model.parameters(), 0.1);
        Callback tenfold = new Callback() {
            @Override
            public void onEpochBegin(Training training, int epoch, Map<String, Double> logs) {
                if (epoch == 2) {
                    training.learningRate(training.learningRate() * 10);
                }
            }
        };
        List<Double> rates = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(Training training, int batch, Map<String, Double> logs) {
                rates.add(logs.get("lr"));
                assertEquals(sgd, training.optimizer());
                assertEquals(model, training.model());
                assertEquals(3, training.epochs());
            }
        };
        new Trainer(model, Scripted.loss(0.5), sgd).progress(null, false).callbacks(tenfold, recorder)
                .fit(Scripted.DATA, 3, 8, new Random(0));
        assertEquals(List.of(0.1, 1.0, 1.0), rates);
    }

    @Test
    void byDefaultANonFiniteLossThrowsWithoutApplyingTheBatch() {
        Dense model = Scripted.model();
        List<double[]> before = Scripted.values(model);
        Trainer trainer = Scripted.trainer(model, Double.POSITIVE_INFINITY);
        var e = assertThrows(IllegalStateException.class, () -> trainer.fit(Scripted.DATA, 2, 4, new Random(0)));
        assertEquals("TerminateOnNaN: the loss became Infinity at epoch 1, batch 1; lower the learning rate or clip"
                + " gradients", e.getMessage());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), Scripted.values(model).get(i));
        }
    }

    @Test
    void theDefaultNaNCheckStillThrowsWhenOtherCallbacksAreGiven() {
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5, Double.NaN)
                .callbacks(new Recorder("R", new ArrayList<>()));
        var e = assertThrows(IllegalStateException.class, () -> trainer.fit(Scripted.DATA, 2, 4, new Random(0)));
        assertEquals("TerminateOnNaN: the loss became NaN at epoch 1, batch 2; lower the learning rate or clip"
                + " gradients", e.getMessage());
    }

    @Test
    void terminateOnNaNStoppingEndsTrainingWithTheHistorySoFarAndTheLastGoodParameters() {
        Dense model = Scripted.model();
        List<List<double[]>> afterBatch = new ArrayList<>();
        Callback snapshots = new Callback() {
            @Override
            public void onBatchEnd(Training training, int batch, Map<String, Double> logs) {
                afterBatch.add(Scripted.values(training.model()));
            }
        };
        History h = Scripted.trainer(model, 0.5, 0.25, 0.5, Double.NaN)
                .callbacks(TerminateOnNaN.stopping(), snapshots).fit(Scripted.DATA, 5, 4, new Random(0));
        assertEquals(2, h.epochs().size());
        assertEquals(0.375, h.epochs().get(0).loss());
        assertTrue(Double.isNaN(h.last().loss()), h.toString());
        assertEquals(4, afterBatch.size());
        for (int i = 0; i < afterBatch.get(2).size(); i++) {
            assertArrayEquals(afterBatch.get(2).get(i), afterBatch.get(3).get(i));
            assertArrayEquals(afterBatch.get(2).get(i), Scripted.values(model).get(i));
            assertNotEquals(afterBatch.get(1).get(i)[0], afterBatch.get(2).get(i)[0]);
        }
    }

    @Test
    void theEpochScheduleRunsBeforeTheCallbacks() {
        List<Double> seen = new ArrayList<>();
        Callback reader = new Callback() {
            @Override
            public void onEpochBegin(Training training, int epoch, Map<String, Double> logs) {
                seen.add(training.learningRate());
            }
        };
        Scripted.trainer(Scripted.model(), 0.5).callbacks(reader).learningRateSchedule(epoch -> 1.0 / epoch)
                .fit(Scripted.DATA, 2, 8, new Random(0));
        assertEquals(List.of(1.0, 0.5), seen);
    }

    @Test
    void aLaterCallOfCallbacksReplacesTheEarlierOnes() {
        List<String> events = new ArrayList<>();
        Scripted.trainer(Scripted.model(), 0.5).callbacks(new Recorder("old", events))
                .callbacks(new Recorder("new", events)).fit(Scripted.DATA, 1, 8, new Random(0));
        assertTrue(events.stream().allMatch(s -> s.startsWith("new ")), events::toString);
        assertEquals(6, events.size());
    }

    @Test
    void aNullCallbackIsNamedByItsPosition() {
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.callbacks(TerminateOnNaN.stopping(), null));
        assertEquals("Trainer.callbacks: callback 1 is null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.callbacks((Callback[]) null));
        assertEquals("Trainer.callbacks: callbacks is null", e.getMessage());
    }
}

package dev.jgrad.nn;

import java.util.Map;

/** The callback that applies a {@link LearningRateSchedule} before each epoch or each batch. */
final class ScheduledLearningRate implements Callback {
    private final LearningRateSchedule schedule;
    private final boolean perBatch;
    private int step;

    ScheduledLearningRate(LearningRateSchedule schedule, boolean perBatch) {
        this.schedule = schedule;
        this.perBatch = perBatch;
    }

    @Override
    public void onTrainBegin(Training training, Map<String, Double> logs) {
        step = 0;
    }

    @Override
    public void onEpochBegin(Training training, int epoch, Map<String, Double> logs) {
        if (!perBatch) {
            training.learningRate(schedule.rate(epoch - 1));
        }
    }

    @Override
    public void onBatchBegin(Training training, int batch, Map<String, Double> logs) {
        if (perBatch) {
            training.learningRate(schedule.rate(step++));
        }
    }
}

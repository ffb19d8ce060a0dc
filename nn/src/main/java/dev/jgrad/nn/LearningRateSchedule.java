package dev.jgrad.nn;

/**
 * A learning rate for each step of training, a step being an epoch or a batch: the schedule gives the rate, and
 * {@link #everyEpoch()} or {@link #everyBatch()} makes the {@link Callback} that sets it on the optimizer before each
 * epoch or each batch. Steps are counted from 0 (the first epoch, or the first batch of the run, across epochs), as
 * Keras's schedules count them. The factories give the usual shapes; any lambda is a schedule too.
 *
 * <pre>{@code
 * int steps = epochs * batchesPerEpoch;
 * trainer.callbacks(LearningRateSchedule.cosine(1e-3, 100, steps, 0).everyBatch());
 * trainer.callbacks(LearningRateSchedule.stepDecay(0.1, 0.5, 10).everyEpoch());  // halved every 10 epochs
 * trainer.callbacks(((LearningRateSchedule) step -> 0.1 / (1 + step)).everyEpoch());
 * }</pre>
 *
 * <p>A rate that is not positive and finite makes the optimizer throw {@link IllegalArgumentException} from
 * {@code fit}. Where several callbacks set the rate, the last to run wins; {@link ReduceLROnPlateau} and a schedule
 * do not combine.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate of step {@code step}, from 0. */
    double rate(int step);

    /** A callback that sets the rate of step {@code epoch - 1} at the start of each epoch. */
    default Callback everyEpoch() {
        return new ScheduledLearningRate(this, false);
    }

    /**
     * A callback that sets the rate at the start of each batch, the steps counted over the whole run (the first
     * batch of the second epoch follows the last of the first); each run starts again from 0.
     */
    default Callback everyBatch() {
        return new ScheduledLearningRate(this, true);
    }

    /**
     * Step decay: {@code initial * factor^floor(step / stepSize)}, the rate multiplied by {@code factor} every
     * {@code stepSize} steps.
     *
     * @throws IllegalArgumentException if {@code initial} is not positive and finite, {@code factor} is not in
     *     (0, 1), or {@code stepSize} is not positive
     */
    static LearningRateSchedule stepDecay(double initial, double factor, int stepSize) {
        String name = "LearningRateSchedule.stepDecay";
        checkRate(name, "initial rate", initial);
        checkFactor(name, "factor", factor);
        checkSteps(name, "stepSize", stepSize);
        return step -> initial * Math.pow(factor, step / stepSize);
    }

    /**
     * Exponential decay: {@code initial * decayRate^(step / decaySteps)}, smoothly, the rate multiplied by
     * {@code decayRate} over each {@code decaySteps} steps (Keras's {@code ExponentialDecay} without staircase).
     *
     * @throws IllegalArgumentException if {@code initial} is not positive and finite, {@code decayRate} is not in
     *     (0, 1), or {@code decaySteps} is not positive
     */
    static LearningRateSchedule exponential(double initial, double decayRate, int decaySteps) {
        String name = "LearningRateSchedule.exponential";
        checkRate(name, "initial rate", initial);
        checkFactor(name, "decayRate", decayRate);
        checkSteps(name, "decaySteps", decaySteps);
        return step -> initial * Math.pow(decayRate, (double) step / decaySteps);
    }

    /**
     * Cosine decay after a linear warm-up. During the first {@code warmupSteps} steps the rate climbs in equal
     * parts to {@code peak}: {@code peak * (step + 1) / warmupSteps}, never 0. From step {@code warmupSteps} it
     * falls along half a cosine from {@code peak} towards {@code minRate}, which it reaches at step
     * {@code totalSteps} and keeps after: {@code minRate + (peak - minRate) * (1 + cos(pi * t)) / 2} with
     * {@code t = min(1, (step - warmupSteps) / (totalSteps - warmupSteps))}. With {@code minRate} 0, training must
     * end before step {@code totalSteps} (the optimizer refuses a rate of 0).
     *
     * @throws IllegalArgumentException if {@code peak} is not positive and finite, {@code warmupSteps} is negative,
     *     {@code totalSteps} is not greater than {@code warmupSteps}, or {@code minRate} is not in [0, peak)
     */
    static LearningRateSchedule cosine(double peak, int warmupSteps, int totalSteps, double minRate) {
        String name = "LearningRateSchedule.cosine";
        checkRate(name, "peak rate", peak);
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException(name + ": warmupSteps " + warmupSteps + " must be >= 0 and below"
                    + " totalSteps " + totalSteps);
        }
        if (!(minRate >= 0 && minRate < peak)) {
            throw new IllegalArgumentException(name + ": minRate " + minRate + " must be in [0, " + peak + ")");
        }
        return step -> {
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            double t = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
            return minRate + (peak - minRate) * (1 + Math.cos(Math.PI * t)) / 2;
        };
    }

    private static void checkRate(String name, String what, double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException(name + ": " + what + " " + rate + " must be positive and finite");
        }
    }

    private static void checkFactor(String name, String what, double factor) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException(name + ": " + what + " " + factor + " must be in (0, 1)");
        }
    }

    private static void checkSteps(String name, String what, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException(name + ": " + what + " " + steps + " must be positive");
        }
    }
}

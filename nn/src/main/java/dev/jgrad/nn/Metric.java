package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * A measure of a model's predictions accumulated batch by batch: {@link #update} adds a batch, {@link #result} is the
 * value over every batch added since the last {@link #reset}, and it equals the value over all those samples at once,
 * since a metric keeps the counts and sums its definition needs rather than a mean of the batches' values.
 * {@link Metrics} makes the ready ones (accuracy, precision, recall, F1, MAE, RMSE, R², ...).
 *
 * <pre>{@code
 * Metric f1 = Metrics.f1(Average.MACRO);
 * for (Dataset batch : test.batches(256)) {
 *     f1.update(model.predict(batch.features()), batch.targets());
 * }
 * System.out.println(f1.name() + " " + f1.result());      // macroF1 0.93...
 * f1.reset();                                               // ready for the next evaluation
 * }</pre>
 *
 * <p>Predictions and targets are what a {@link Dataset} and a {@link Loss} use: a classifier's predictions are its
 * scores {@code [n, classes]} (logits or probabilities) or one column {@code [n, 1]} for a binary classifier, its
 * targets the class labels as a {@code [n]} (or {@code [n, 1]}) tensor of whole numbers, as
 * {@link Dataset#classification} makes them; a regression's predictions and targets have the same shape. A metric
 * is not thread-safe.
 */
public interface Metric {
    /**
     * The name under which {@link Trainer#evaluate(Dataset, int, Metric...)} reports the value, as the factory of
     * {@link Metrics} spells it: {@code accuracy}, {@code top5Accuracy}, {@code macroF1}, {@code r2}.
     */
    String name();

    /**
     * Adds a batch of predictions and their targets.
     *
     * @throws IllegalArgumentException if an argument is null, the batch has no samples, the shapes do not match
     *     each other or the earlier batches', or a target is not a class of the predictions; the message names the
     *     metric and the shapes
     */
    void update(Tensor predictions, Tensor targets);

    /**
     * The value over every sample added since the last {@link #reset()}.
     *
     * @throws IllegalStateException if no batch was added
     */
    double result();

    /** Forgets every batch added, so that the metric can measure another set. */
    void reset();
}

package dev.jgrad.nn;

/**
 * The result of {@link Trainer#evaluate}: the mean loss and accuracy over a dataset.
 *
 * @param loss the mean loss per sample
 * @param accuracy the fraction predicted right, or NaN when the loss has no notion of a right answer
 */
public record Evaluation(double loss, double accuracy) {
}

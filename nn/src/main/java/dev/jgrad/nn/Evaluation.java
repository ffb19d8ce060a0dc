package dev.jgrad.nn;

/**
 * The result of {@link Trainer#evaluate}: the mean loss and accuracy over a dataset.
 *
 * <pre>{@code
 * Evaluation result = trainer.evaluate(test, 256);
 * System.out.println("test accuracy " + result.accuracy());
 * }</pre>
 *
 * @param loss the mean loss per sample
 * @param accuracy the fraction predicted right, or NaN when the loss has no notion of a right answer
 */
public record Evaluation(double loss, double accuracy) {
}

package dev.jgrad.nn;

/**
 * How precision, recall and F1 turn their per-class values into one number, as scikit-learn's {@code average}
 * parameter does. The classes averaged over are those that occur among the targets or the predictions (scikit-learn's
 * default when it is not given the labels); a class that never occurs in either has no value to average.
 *
 * <pre>{@code
 * Metric macro = Metrics.f1(Average.MACRO);      // each class counts the same
 * Metric weighted = Metrics.f1(Average.WEIGHTED); // each class counts by its number of samples
 * Metric one = Metrics.f1(3);                     // class 3 alone (scikit-learn's pos_label)
 * }</pre>
 */
public enum Average {
    /** The unweighted mean of the classes' values: a rare class counts as much as a frequent one. */
    MACRO,
    /**
     * The value of the counts summed over the classes: true positives over all predictions. With one label per
     * sample, micro precision, recall and F1 all equal the accuracy.
     */
    MICRO,
    /** The mean of the classes' values weighted by their support (their number of samples among the targets). */
    WEIGHTED
}

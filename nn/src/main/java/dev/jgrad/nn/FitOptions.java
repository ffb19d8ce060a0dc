package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.List;

/**
 * The optional settings of {@link Model#fit(Tensor, int[], int, FitOptions)}, as Keras's {@code fit} keywords:
 * immutable, each setter returning a copy with one setting changed. {@link #defaults()} is Keras's: batches of 32,
 * shuffled every epoch, no validation, progress printed.
 *
 * <pre>{@code
 * History h = model.fit(x, labels, 20, FitOptions.defaults()
 *         .batchSize(64)
 *         .validationSplit(0.2)     // the last 20% of the samples, taken before shuffling, as Keras does
 *         .shuffle(true)
 *         .callbacks(new EarlyStopping("val_loss").patience(3).restoreBestWeights(true))
 *         .verbose(false));
 * }</pre>
 */
public final class FitOptions {
    /** Keras's default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final int batchSize;
    private final boolean shuffle;
    private final boolean verbose;
    private final double validationSplit;
    private final Dataset validationData;
    private final List<Callback> callbacks;

    private FitOptions(int batchSize, boolean shuffle, boolean verbose, double validationSplit,
            Dataset validationData, List<Callback> callbacks) {
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.verbose = verbose;
        this.validationSplit = validationSplit;
        this.validationData = validationData;
        this.callbacks = callbacks;
    }

    private static final FitOptions DEFAULTS = new FitOptions(DEFAULT_BATCH_SIZE, true, true, 0, null, List.of());

    /** Batches of {@value #DEFAULT_BATCH_SIZE}, shuffled each epoch, no validation, progress on standard output. */
    public static FitOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with mini-batches of {@code batchSize} samples (the last batch of an epoch may be smaller).
     *
     * @throws IllegalArgumentException if {@code batchSize} is not positive
     */
    public FitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("FitOptions.batchSize: batch size " + batchSize + " must be positive");
        }
        return new FitOptions(batchSize, shuffle, verbose, validationSplit, validationData, callbacks);
    }

    /** These options with the training samples reshuffled every epoch ({@code true}, the default) or kept in order. */
    public FitOptions shuffle(boolean shuffle) {
        return new FitOptions(batchSize, shuffle, verbose, validationSplit, validationData, callbacks);
    }

    /**
     * These options with a progress bar and a line per epoch on standard output ({@code true}, the default), or
     * without any output.
     */
    public FitOptions verbose(boolean verbose) {
        return new FitOptions(batchSize, shuffle, verbose, validationSplit, validationData, callbacks);
    }

    /**
     * These options holding out the last {@code fraction} of the samples for validation, as Keras does: the split
     * is taken before any shuffling, the first {@code ceil(n (1 - fraction))} samples train and the rest validate.
     * 0 (the default) holds out nothing.
     *
     * @throws IllegalArgumentException if {@code fraction} is outside [0, 1), or validation data is already given
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("FitOptions.validationSplit: fraction " + fraction
                    + " is outside [0, 1)");
        }
        if (validationData != null && fraction > 0) {
            throw new IllegalArgumentException("FitOptions.validationSplit: validation data is already given;"
                    + " use one or the other");
        }
        return new FitOptions(batchSize, shuffle, verbose, fraction, validationData, callbacks);
    }

    /**
     * These options evaluating on {@code x} and class {@code labels} after every epoch.
     *
     * @throws IllegalArgumentException if an argument is null, their sample counts differ, a label is negative, or a
     *     validation split is already set
     */
    public FitOptions validationData(Tensor x, int[] labels) {
        Checks.notNull("FitOptions.validationData", "x", x);
        Checks.notNull("FitOptions.validationData", "labels", labels);
        return withValidation(Model.dataset("FitOptions.validationData", x, labels));
    }

    /**
     * These options evaluating on {@code x} and targets {@code y} after every epoch.
     *
     * @throws IllegalArgumentException if an argument is null, their sample counts differ, or a validation split is
     *     already set
     */
    public FitOptions validationData(Tensor x, Tensor y) {
        Checks.notNull("FitOptions.validationData", "x", x);
        Checks.notNull("FitOptions.validationData", "y", y);
        return withValidation(Model.dataset("FitOptions.validationData", x, y));
    }

    private FitOptions withValidation(Dataset data) {
        if (validationSplit > 0) {
            throw new IllegalArgumentException("FitOptions.validationData: a validation split of " + validationSplit
                    + " is already set; use one or the other");
        }
        return new FitOptions(batchSize, shuffle, verbose, 0, data, callbacks);
    }

    /**
     * These options with {@code callbacks}, run in the order given after the default {@link TerminateOnNaN}
     * ({@link Trainer#callbacks}); they replace any given before.
     *
     * @throws IllegalArgumentException if a callback is null
     */
    public FitOptions callbacks(Callback... callbacks) {
        Checks.notNull("FitOptions.callbacks", "callbacks", callbacks);
        for (Callback c : callbacks) {
            Checks.notNull("FitOptions.callbacks", "callback", c);
        }
        return new FitOptions(batchSize, shuffle, verbose, validationSplit, validationData, List.of(callbacks));
    }

    /** The mini-batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether the training samples are reshuffled every epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** Whether progress is printed. */
    public boolean verbose() {
        return verbose;
    }

    /** The fraction of the samples held out for validation, 0 for none. */
    public double validationSplit() {
        return validationSplit;
    }

    /** The callbacks given by {@code callbacks}, none by default. */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** The validation data given by {@code validationData}, or null. */
    public Dataset validationData() {
        return validationData;
    }
}

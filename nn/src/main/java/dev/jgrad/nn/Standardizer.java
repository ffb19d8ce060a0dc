package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;

/**
 * Standardises features to mean 0 and variance 1 per feature, with statistics learned from the training set only
 * and then applied unchanged to any other set, so no information leaks from the test set into training.
 *
 * <pre>{@code
 * Standardizer scaler = Standardizer.fit(split.train().features());
 * Dataset train = scaler.transform(split.train());
 * Dataset test = scaler.transform(split.test());    // the training mean and deviation
 * }</pre>
 *
 * <p>A feature that is constant in the training set has deviation 0; it is only centred (divided by 1).
 *
 * <p>The statistics have the dtype of the features they were fitted on, and a transform returns features of the
 * dtype it is given (the statistics converted to it), so float32 data stays float32.
 */
public final class Standardizer {
    private final Tensor mean;
    private final Tensor std;

    private Standardizer(Tensor mean, Tensor std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Learns the per-feature mean and (population) standard deviation of {@code features}, {@code [n, features]}.
     *
     * @throws IllegalArgumentException if {@code features} is null or not rank 2 with at least one sample
     */
    public static Standardizer fit(Tensor features) {
        int[] s = Checks.notNull("Standardizer.fit", "features", features).shape();
        if (s.length != 2 || s[0] == 0) {
            throw new IllegalArgumentException("Standardizer.fit: features of shape " + Checks.shape(s)
                    + " are not [samples, features] with at least one sample");
        }
        try (var off = Tensor.noGrad()) {
            Tensor mean = features.mean(0, false);
            double[] std = features.sub(mean).pow(2).mean(0, false).sqrt().toArray();
            for (int j = 0; j < std.length; j++) {
                std[j] = std[j] == 0 ? 1 : std[j];
            }
            return new Standardizer(mean, Tensor.of(std, std.length).to(features.dtype()));
        }
    }

    /** The per-feature means learned by {@link #fit}. */
    public Tensor mean() {
        return mean;
    }

    /** The per-feature standard deviations learned by {@link #fit} (1 where a feature was constant). */
    public Tensor std() {
        return std;
    }

    /**
     * {@code (features - mean) / std} with the learned statistics, in the dtype of {@code features}.
     *
     * @throws IllegalArgumentException if {@code features} is null or its number of features differs from the
     *     fitted one
     */
    public Tensor transform(Tensor features) {
        int[] s = Checks.notNull("Standardizer.transform", "features", features).shape();
        int width = mean.shape()[0];
        if (s.length != 2 || s[1] != width) {
            throw new IllegalArgumentException("Standardizer.transform: features of shape " + Checks.shape(s)
                    + " are not [samples, " + width + "] as fitted");
        }
        try (var off = Tensor.noGrad()) {
            return features.sub(mean.to(features.dtype())).div(std.to(features.dtype()));
        }
    }

    /**
     * The dataset with its features transformed and its targets unchanged.
     *
     * @throws IllegalArgumentException as {@link #transform(Tensor)}, or if {@code data} is null
     */
    public Dataset transform(Dataset data) {
        Checks.notNull("Standardizer.transform", "data", data);
        return new Dataset(transform(data.features()), data.targets());
    }
}

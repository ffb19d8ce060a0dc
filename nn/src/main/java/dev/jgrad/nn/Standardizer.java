package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;

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
     * @throws IllegalArgumentException if {@code features} is not rank 2 with at least one sample
     */
    public static Standardizer fit(Tensor features) {
        int[] s = features.shape();
        if (s.length != 2 || s[0] == 0) {
            throw new IllegalArgumentException("Standardizer: features of shape " + Arrays.toString(s)
                    + " are not [samples, features] with at least one sample");
        }
        try (var off = Tensor.noGrad()) {
            Tensor mean = features.mean(0, false);
            double[] std = features.sub(mean).pow(2).mean(0, false).sqrt().toArray();
            for (int j = 0; j < std.length; j++) {
                std[j] = std[j] == 0 ? 1 : std[j];
            }
            return new Standardizer(mean, Tensor.of(std, std.length));
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
     * {@code (features - mean) / std} with the learned statistics.
     *
     * @throws IllegalArgumentException if the number of features differs from the fitted one
     */
    public Tensor transform(Tensor features) {
        int[] s = features.shape();
        int width = (int) mean.size();
        if (s.length != 2 || s[1] != width) {
            throw new IllegalArgumentException("Standardizer: features of shape " + Arrays.toString(s)
                    + " are not [samples, " + width + "] as fitted");
        }
        try (var off = Tensor.noGrad()) {
            return features.sub(mean).div(std);
        }
    }

    /** The dataset with its features transformed and its targets unchanged. */
    public Dataset transform(Dataset data) {
        return new Dataset(transform(data.features()), data.targets());
    }
}

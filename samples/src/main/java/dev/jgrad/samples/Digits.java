package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.Dataset;
import java.util.Random;
import picocli.CommandLine.Command;

/**
 * The default sample: the UCI optical-recognition handwritten digits (1797 images of 8x8 pixels, embedded), split
 * 80/20 and learnt by an MLP with dropout and Adam.
 *
 * <pre>{@code
 * Digits sample = new Digits();
 * new CommandLine(sample).parseArgs("--epochs", "5");
 * ClassifierSample.Result r = sample.run();   // writes digits-training.png and digits-confusion.png
 * r.testAccuracy();
 * }</pre>
 */
@Command(name = "digits", description = "UCI 8x8 handwritten digits: an MLP with dropout and Adam (the default).")
public final class Digits extends ClassifierSample {
    /** The split ignores --seed, so that every seed is scored on the same test set. */
    private static final long SPLIT_SEED = 0;

    /** The digits sample with its default options; float32 reaches float64's test accuracy in a little less time. */
    public Digits() {
        super(DType.FLOAT32, 60, 3e-3, 32, 0.5, 256);
    }

    @Override
    protected Dataset.Split data() {
        Datasets.Labeled digits = Datasets.digits();
        return Dataset.classification(digits.features(), digits.labels()).split(0.8, new Random(SPLIT_SEED));
    }
}

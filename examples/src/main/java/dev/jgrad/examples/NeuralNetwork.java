package dev.jgrad.examples;

import dev.jgrad.nn.*;
import dev.jgrad.nn.Module;   // an explicit import: java.lang.Module has the same simple name
import dev.jgrad.samples.Datasets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * An MLP on the 8x8 handwritten digits that ship with jgrad-samples: trained by Adam with dropout, scored on a
 * held-out fifth after every epoch, and saved as a NumPy {@code .npz} checkpoint.
 */
public final class NeuralNetwork {
    private NeuralNetwork() {
    }

    /** The trained model and its per-epoch metrics. */
    record Result(Module model, History history) {
    }

    /** The digits split 80/20, both parts scaled by the training part's mean and deviation. */
    static Dataset.Split digits() {
        Datasets.Labeled digits = Datasets.digits();
        Dataset.Split raw = Dataset.classification(digits.features(), digits.labels()).split(0.8, new Random(0));
        Standardizer scaler = Standardizer.fit(raw.train().features());
        return new Dataset.Split(scaler.transform(raw.train()), scaler.transform(raw.test()));
    }

    /** Trains on {@code train}, validating on {@code test}, and writes {@code model.npz} in the working directory. */
    static Result train(Dataset train, Dataset test) {
        Random rng = new Random(1);
        Module model = new Sequential(
                new Dense(64, 128, Init.HE_NORMAL, rng), Activation.relu(), new Dropout(0.2, rng),
                new Dense(128, 10, Init.XAVIER_UNIFORM, rng));
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model.parameters(), 1e-3));
        History history = trainer.fit(train, test, 20, 32, new Random(2));   // progress bar, per-epoch metrics
        Checkpoint.save(model, Path.of("model.npz"));                        // numpy.load reads it
        return new Result(model, history);
    }

    /** Trains, then prints the last epoch's test accuracy. */
    public static void main(String[] args) {
        Dataset.Split split = digits();
        History history = train(split.train(), split.test()).history();
        System.out.printf(Locale.ROOT, "digits MLP: test accuracy %.3f after %d epochs, saved to model.npz%n",
                history.last().validationAccuracy(), history.epochs().size());
    }
}

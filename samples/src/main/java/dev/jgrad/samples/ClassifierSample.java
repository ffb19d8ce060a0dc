package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Adam;
import dev.jgrad.nn.ConfusionMatrix;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.History;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Metrics;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Standardizer;
import dev.jgrad.nn.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * A classifier of labelled feature vectors or images, the way most image data is first learnt: inputs standardised
 * with the training set's statistics, a model (by default a ReLU multilayer perceptron with dropout; a subclass
 * may build another, see {@link #model}), trained by Adam on softmax cross-entropy and scored on a held-out test set
 * after every epoch. The subclass supplies the data and the defaults.
 *
 * <pre>{@code
 * ClassifierSample sample = new Digits();
 * ClassifierSample.Result r = sample.run();   // trains with the defaults, writes digits-training.png and
 *                                             // digits-confusion.png, prints the classification report
 * r.summary();                                // "test accuracy 0.97..."
 * r.confusion().recall();                     // per class, on the test set
 * }</pre>
 */
public abstract class ClassifierSample extends MiniBatchSample<ClassifierSample.Result> {
    /**
     * What a classifier reached.
     *
     * <pre>{@code
     * ClassifierSample.Result r = new Digits().run();
     * r.testAccuracy();
     * r.history().last().validationAccuracy();   // the same, from the last epoch's test pass
     * r.confusion().counts();                    // counts[actual][predicted] on the test set
     * }</pre>
     *
     * @param history the training and test loss and accuracy of every epoch
     * @param testAccuracy the fraction of the test set the trained network labels right
     * @param secondsPerEpoch the mean wall-clock time of an epoch, its test pass included
     * @param samplesPerSecond training samples per second of that time
     * @param milestone the test accuracy whose time to reach the summary reports, or NaN for none
     * @param secondsToMilestone the wall-clock time, test passes included, of the epochs up to the first whose test
     *     accuracy reached the milestone; NaN if none did
     * @param confusion the trained network's confusion matrix on the test set
     */
    public record Result(History history, double testAccuracy, double secondsPerEpoch, double samplesPerSecond,
                         double milestone, double secondsToMilestone, ConfusionMatrix confusion)
            implements Sample.Result {
        @Override
        public String summary() {
            String reached = Double.isNaN(milestone) ? ""
                    : Double.isNaN(secondsToMilestone) ? String.format(Locale.ROOT, ", %.2f never reached", milestone)
                    : String.format(Locale.ROOT, ", %.2f after %.1f s", milestone, secondsToMilestone);
            return String.format(Locale.ROOT, "test accuracy %.3f%s", testAccuracy, reached);
        }
    }

    /**
     * The test accuracy whose time to reach the result line reports, to compare a run with another library's at one
     * accuracy; NaN (the default) for none.
     */
    protected double milestone() {
        return Double.NaN;
    }

    @Option(names = "--dropout", paramLabel = "<p>",
            description = "Dropout probability after each hidden layer (default: ${DEFAULT-VALUE}).")
    double dropout;

    /** A classifier whose options default to the given values. */
    protected ClassifierSample(DType dtype, int epochs, double learningRate, int batchSize, double dropout,
                               int... hidden) {
        super(dtype, epochs, learningRate, batchSize, hidden);
        this.dropout = dropout;
    }

    /**
     * The training and test sets as read: features {@code [n, d]} or images {@code [n, C, H, W]}, targets the class
     * labels; in any dtype, as {@link #fit} converts them, though data read straight into the run's {@link #dtype()}
     * saves a copy.
     */
    protected abstract Dataset.Split data();

    /**
     * The network to train, in the run's {@link #dtype()}: from one sample of the given shape (the features' shape
     * without its first axis, {@code [d]} or {@code [C, H, W]}) to a score per class. By default the {@link Mlp}
     * through the {@code --hidden} sizes, for features {@code [n, d]}: He-normal ReLU layers, each followed by
     * {@code --dropout}.
     */
    protected Module model(int[] sample, int classes) {
        return mlp(sample[0], classes, Activation.relu(), Init.HE_NORMAL, dropout);
    }

    /**
     * The names of the classes in the report and on the confusion matrix's axes, one per class in order; by default
     * their indices.
     */
    protected List<String> classNames(int classes) {
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = Integer.toString(c);
        }
        return List.of(names);
    }

    /** The number of epochs this run trains for: {@code --epochs} unless a mode of the sample says otherwise. */
    protected int epochsToRun() {
        return epochs;
    }

    @Override
    public final Result run() {
        Dataset.Split data = standardised(data());
        Result result = fit(data.train(), data.test());
        plotHistories(name() + "-training.png", name() + ": loss and accuracy per epoch",
                Map.of("", result.history()));
        ConfusionMatrix confusion = result.confusion();
        List<String> names = classNames(confusion.classes());
        Plots.confusionMatrix(output(name() + "-confusion.png"), String.format(Locale.ROOT,
                "%s: confusion matrix of the test set (accuracy %.3f)", name(), confusion.accuracy()),
                confusion.counts(), names);
        out.print(confusion.classificationReport(names));
        return result;
    }

    /**
     * Both sets scaled by the training set's statistics alone, so that test statistics do not leak into training.
     * A method of its own so that nothing holds the unscaled sets while the model trains: for Fashion-MNIST they
     * are as large as the scaled ones.
     *
     * <p>Features {@code [n, d]} are scaled per feature; images {@code [n, C, H, W]} per channel, over all the
     * channel's pixels, as image models are: a pixel's own statistics would blow the rare ink of an almost always
     * blank corner up to hundreds of deviations (185 in Fashion-MNIST's training set), which a convolution, sharing
     * its filter across positions, would have to absorb.
     */
    static Dataset.Split standardised(Dataset.Split raw) {
        Dataset train = raw.train(), test = raw.test();
        if (train.features().rank() == 2) {
            Standardizer scaler = Standardizer.fit(train.features());
            return new Dataset.Split(scaler.transform(train), scaler.transform(test));
        }
        int channels = train.features().shape()[1];
        Tensor[] trainChannels = new Tensor[channels], testChannels = new Tensor[channels];
        for (int c = 0; c < channels; c++) {
            Standardizer scaler = Standardizer.fit(pixels(train, c));
            trainChannels[c] = scaled(scaler, train, c);
            testChannels[c] = scaled(scaler, test, c);
        }
        return new Dataset.Split(new Dataset(Tensor.concat(1, trainChannels), train.targets()),
                new Dataset(Tensor.concat(1, testChannels), test.targets()));
    }

    /** Every value of one channel of the images, as the one feature {@code [n * H * W, 1]} of a Standardizer. */
    private static Tensor pixels(Dataset images, int channel) {
        return images.features().slice(1, channel, channel + 1).reshape(-1, 1);
    }

    /** One channel of the images scaled by its statistics, {@code [n, 1, H, W]}. */
    private static Tensor scaled(Standardizer scaler, Dataset images, int channel) {
        int[] shape = images.features().shape().clone();
        shape[1] = 1;
        return scaler.transform(pixels(images, channel)).reshape(shape);
    }

    /**
     * Builds this sample's {@link #model} and trains it on {@code train} (already standardised), scoring it on
     * {@code test} after every epoch, both converted to the run's {@link #dtype()} first, and counts its answers on
     * {@code test}; prints progress but writes no plot. {@link #run()} is this on the sample's own data, with the
     * plots and the classification report.
     */
    public final Result fit(Dataset trainAsGiven, Dataset testAsGiven) {
        Dataset train = trainAsGiven.to(dtype);
        Dataset test = testAsGiven.to(dtype);
        int classes = 1;
        for (int label : train.labels()) {
            classes = Math.max(classes, label + 1);
        }
        int[] shape = train.features().shape();
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        out.printf(Locale.ROOT, "%s: %d training and %d test samples, %s features, %d classes%n", name(),
                train.size(), test.size(), Arrays.stream(sample).mapToObj(Integer::toString)
                        .collect(Collectors.joining("x")), classes);
        Module model = model(sample, classes);
        int epochs = epochsToRun();
        Trainer trainer = trainer(model, Loss.crossEntropy(), new Adam(model.parameters(), learningRate), epochs);
        History history = trainer.fit(train, test, epochs, batchSize, random(RandomStream.SHUFFLE));
        ConfusionMatrix confusion = Metrics.confusionMatrix(trainer.predict(test.features(),
                Math.max(batchSize, Trainer.EVALUATION_BATCH)), test.targets());
        double seconds = 0, toMilestone = Double.NaN;
        for (History.Epoch e : history.epochs()) {
            seconds += e.seconds();
            if (Double.isNaN(toMilestone) && e.validationAccuracy() >= milestone()) {
                toMilestone = seconds;
            }
        }
        double perEpoch = seconds / history.epochs().size();
        out.printf(Locale.ROOT, "%s: %.2f s per epoch, %.0f samples/s%n", name(), perEpoch, train.size() / perEpoch);
        return new Result(history, history.last().validationAccuracy(), perEpoch, train.size() / perEpoch,
                milestone(), toMilestone, confusion);
    }
}

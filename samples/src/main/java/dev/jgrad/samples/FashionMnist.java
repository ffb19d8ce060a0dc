package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.Dataset;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fashion-MNIST (Zalando's 28x28 grey images of ten kinds of clothing, 60000 to train and 10000 to test) read from
 * the standard IDX files, learnt by an MLP with dropout and Adam; it reports its throughput. {@code --smoke} trains
 * one epoch on a subset, as a quick check that everything works. {@link FashionMnistCnn} learns the same data with
 * a convolutional network.
 *
 * <pre>{@code
 * FashionMnist sample = new FashionMnist();
 * new CommandLine(sample).parseArgs("--smoke");
 * double accuracy = sample.run().testAccuracy();   // one epoch on 3000 images
 * }</pre>
 */
@Command(name = "fashion-mnist",
        description = "Fashion-MNIST from the standard IDX files: an MLP with dropout and Adam.")
public class FashionMnist extends ClassifierSample {
    /** The ten kinds of clothing, in the order of their labels, as Zalando names them. */
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The training and test images a smoke run uses. */
    static final int SMOKE_TRAIN = 3000;
    static final int SMOKE_TEST = 1000;

    @Option(names = "--data", paramLabel = "<dir>",
            description = "Directory of the four *-idx?-ubyte.gz files (default: ${DEFAULT-VALUE}, where Debian's"
                    + " dataset-fashion-mnist package puts them).")
    Path dataDirectory = Path.of("/usr/share/datasets/fashion-mnist");

    @Option(names = "--smoke", description = "A quick check: one epoch on the first " + SMOKE_TRAIN
            + " training and " + SMOKE_TEST + " test images.")
    boolean smoke;

    /**
     * The Fashion-MNIST sample with its default options; float32 reaches float64's test accuracy in less time and
     * half the heap.
     */
    public FashionMnist() {
        this(DType.FLOAT32, 15, 1e-3, 128, 0.2, 256, 128);
    }

    /** A sample of this data whose options default to the given values. */
    protected FashionMnist(DType dtype, int epochs, double learningRate, int batchSize, double dropout,
                           int... hidden) {
        super(dtype, epochs, learningRate, batchSize, dropout, hidden);
    }

    /** 0.88, the accuracy at which the README compares the time to reach it with libtorch's. */
    @Override
    protected double milestone() {
        return 0.88;
    }

    @Override
    protected Dataset.Split data() {
        // Read straight into the run's dtype: the 60000 images are 188 MB as floats, 376 MB as doubles.
        Datasets.Labeled train = Datasets.fashionMnist(dataDirectory, "train", smoke ? SMOKE_TRAIN : Integer.MAX_VALUE,
                dtype);
        Datasets.Labeled test = Datasets.fashionMnist(dataDirectory, "t10k", smoke ? SMOKE_TEST : Integer.MAX_VALUE,
                dtype);
        return new Dataset.Split(Dataset.classification(train.features(), train.labels()),
                Dataset.classification(test.features(), test.labels()));
    }

    /** The kinds of clothing, for Fashion-MNIST's ten labels. */
    @Override
    protected List<String> classNames(int classes) {
        return classes == CLASSES.size() ? CLASSES : super.classNames(classes);
    }

    @Override
    protected int epochsToRun() {
        return smoke ? 1 : epochs;
    }
}

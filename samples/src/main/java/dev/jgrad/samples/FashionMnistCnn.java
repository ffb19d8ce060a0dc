package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fashion-MNIST learnt by a small convolutional network: the images {@code [N, 1, 28, 28]}, standardised with the
 * training set's mean and deviation, go through 3x3 convolutions (padding 1, so the size is kept), each followed by
 * ReLU and a 2x2 max-pool that halves the image; the flattened features then go through dropout and the dense
 * layers of {@code --hidden}, as {@link FashionMnist}'s MLP. The data options, {@code --smoke} among them, are
 * {@link FashionMnist}'s.
 *
 * <pre>{@code
 * FashionMnistCnn sample = new FashionMnistCnn();
 * new CommandLine(sample).parseArgs("--epochs", "2");
 * ClassifierSample.Result r = sample.run();   // writes fashion-mnist-cnn-training.png
 * }</pre>
 */
@Command(name = "fashion-mnist-cnn",
        description = "Fashion-MNIST from the standard IDX files: a CNN (3x3 convolutions, max-pooling) with dropout"
                + " and Adam.")
public final class FashionMnistCnn extends FashionMnist {
    /** The side of a Fashion-MNIST image, in pixels. */
    private static final int SIDE = 28;

    @Option(names = "--channels", paramLabel = "<sizes>", split = ",",
            description = "Output channels of each 3x3 convolution, comma-separated; each is followed by ReLU and a"
                    + " 2x2 max-pool (default: ${DEFAULT-VALUE}).")
    int[] channels = {32, 64};

    /**
     * The CNN sample with its default options. Batches of 64 and light dropout learn the most per epoch of the
     * settings tried, at the throughput of batches of 128: with a step as costly as a convolution's, the epochs
     * are few, and more updates per epoch matter more than regularisation.
     */
    public FashionMnistCnn() {
        super(DType.FLOAT32, 6, 1e-3, 64, 0.1, 128);
    }

    /** 0.91, the accuracy the convolutional networks of Fashion-MNIST's benchmark start from. */
    @Override
    protected double milestone() {
        return 0.91;
    }

    /** {@link FashionMnist}'s images, each a row of 784 pixels, as single-channel images {@code [n, 1, 28, 28]}. */
    @Override
    protected Dataset.Split data() {
        Dataset.Split rows = super.data();
        return new Dataset.Split(images(rows.train()), images(rows.test()));
    }

    private static Dataset images(Dataset rows) {
        return new Dataset(rows.features().reshape(rows.size(), 1, SIDE, SIDE), rows.targets());
    }

    /**
     * The convolutions of {@code --channels}, then the flattened features through dropout and the {@link Mlp} of
     * {@code --hidden}; He-normal weights from one {@link RandomStream#INIT} stream, masks from one
     * {@link RandomStream#DROPOUT} stream.
     */
    @Override
    protected Module model(int[] sample, int classes) {
        return network(sample, channels, hidden, classes, dropout, random(RandomStream.INIT),
                random(RandomStream.DROPOUT)).to(dtype);
    }

    /**
     * The sample's network for images of shape {@code sample} ({@code [C, H, W]}): a 3x3 convolution (He-normal,
     * padded), ReLU and a 2x2 max-pool per entry of {@code channels}, then the flattened features through dropout and
     * the {@link Mlp} of {@code hidden} ReLU layers to {@code classes} scores; weights drawn from {@code init}, masks
     * from {@code masks}, in float64.
     *
     * <pre>{@code
     * Module cnn = FashionMnistCnn.network(new int[] {1, 28, 28}, new int[] {32, 64}, new int[] {128}, 10, 0.1,
     *         new Random(1), new Random(2)).to(DType.FLOAT32);
     * }</pre>
     */
    public static Module network(int[] sample, int[] channels, int[] hidden, int classes, double dropout, Random init,
            Random masks) {
        List<Module> layers = new ArrayList<>();
        int in = sample[0], height = sample[1], width = sample[2];
        for (int out : channels) {
            layers.add(new Conv2d(in, out, 3, 1, 1, Init.HE_NORMAL, init));
            layers.add(Activation.relu());
            layers.add(new MaxPool2d(2, 2));
            in = out;
            height /= 2;
            width /= 2;
        }
        layers.add(new Flatten());
        layers.add(new Dropout(dropout, masks));
        layers.add(Mlp.of(in * height * width, hidden, classes, Activation.relu(), Init.HE_NORMAL, init, dropout,
                masks));
        return new Sequential(layers.toArray(new Module[0]));
    }
}

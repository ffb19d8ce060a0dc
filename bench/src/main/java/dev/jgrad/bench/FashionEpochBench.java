package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Standardizer;
import dev.jgrad.samples.ClassifierSample;
import dev.jgrad.samples.Datasets;
import dev.jgrad.samples.FashionMnist;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import picocli.CommandLine;

/**
 * One epoch of the fashion-mnist sample with its default model and settings on the real data (60,000 training
 * images, then the pass over the 10,000 test images that ends every epoch): what the sample reports as its seconds
 * per epoch, in either dtype. The files are read, in the dtype, and standardised once, before timing, as the sample
 * does before its first epoch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FashionEpochBench {
    /** Where Debian's dataset-fashion-mnist package installs the IDX files; the system property overrides it. */
    static final String DATA = System.getProperty("jgrad.fashion", "/usr/share/datasets/fashion-mnist");

    /** The sample's {@code --dtype}. */
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private FashionMnist sample;
    private Dataset train;
    private Dataset test;

    /** Reads and standardises the data, and sets the sample to one epoch. */
    @Setup
    public void setup() {
        sample = new FashionMnist();
        new CommandLine(sample).parseArgs("--epochs", "1", "--dtype", dtype.name());
        Path dir = Path.of(DATA);
        Datasets.Labeled rawTrain = Datasets.fashionMnist(dir, "train", Integer.MAX_VALUE, dtype);
        Datasets.Labeled rawTest = Datasets.fashionMnist(dir, "t10k", Integer.MAX_VALUE, dtype);
        Standardizer scaler = Standardizer.fit(rawTrain.features());
        train = scaler.transform(Dataset.classification(rawTrain.features(), rawTrain.labels()));
        test = scaler.transform(Dataset.classification(rawTest.features(), rawTest.labels()));
    }

    /** A fresh model trained for one epoch; returns its test accuracy so that nothing is elided. */
    @Benchmark
    public double epoch() {
        ClassifierSample.Result r = sample.fit(train, test);
        return r.testAccuracy();
    }
}

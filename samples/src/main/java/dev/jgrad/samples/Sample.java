package dev.jgrad.samples;

import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Dense;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One runnable sample: the options every sample shares (seed, output directory, epochs, learning rate, hidden
 * sizes), each with the sample's own default, and the plumbing around a run: timing, the output directory and the
 * closing result line, e.g. {@code digits: test accuracy 0.978 in 12.4 s}.
 *
 * <pre>{@code
 * ClassifierSample.Result r = new Digits().run();   // trains with the defaults, writes the plots
 * r.testAccuracy();
 * }</pre>
 *
 * <p>Options are fields read by picocli; their initial values, set by each sample's constructor, are the defaults
 * shown by {@code --help}. A run is a pure function of the options: the same seed gives the same result, bit for bit.
 *
 * @param <R> what a run reaches
 */
public abstract class Sample<R extends Sample.Result> implements Callable<Integer> {
    /** What a run reached, summarised for the result line. */
    public interface Result {
        /** The result line after the sample's name and before the time, e.g. {@code test accuracy 0.978}. */
        String summary();
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--seed", paramLabel = "<n>",
            description = "Seed of every random choice: the same seed gives the same result"
                    + " (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = {"-o", "--out"}, paramLabel = "<dir>",
            description = "Directory the PNG plots are written to (default: ${DEFAULT-VALUE}).")
    Path outputDirectory = Path.of("out");

    @Option(names = "--epochs", paramLabel = "<n>", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "<rate>",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--hidden", paramLabel = "<sizes>", split = ",",
            description = "Hidden layer sizes, comma-separated (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    /** Where progress goes; tests swap it for a buffer. */
    PrintStream out = System.out;

    /** A sample whose shared options default to the given values. */
    protected Sample(int epochs, double learningRate, int... hidden) {
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.hidden = hidden;
    }

    /**
     * Trains and evaluates with the current options, printing progress and writing the plots to the output
     * directory, and returns what it reached.
     */
    public abstract R run();

    /** The sample's name on the command line and in its result line. */
    public String name() {
        return getClass().getAnnotation(Command.class).name();
    }

    /** Runs the sample and prints its result line with the time it took; the command line's entry point. */
    @Override
    public final Integer call() {
        long start = System.nanoTime();
        R result = run();
        out.printf(Locale.ROOT, "%s: %s in %.1f s%n", name(), result.summary(), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** The file {@code name} in the output directory (created when a plot is written). */
    protected Path output(String name) {
        return outputDirectory.resolve(name);
    }

    /**
     * A multilayer perceptron from {@code in} features to {@code outputs}: a layer of each of the {@code --hidden}
     * sizes, with weights drawn by {@code init}, followed by {@code activation} and, if {@code dropout > 0}, dropout;
     * then a linear output layer with Xavier-uniform weights. Every draw, initial and dropout, comes from {@code rng}.
     */
    protected Module mlp(int in, int outputs, Activation activation, Init init, double dropout, Random rng) {
        List<Module> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            layers.add(new Dense(width, h, init, rng));
            layers.add(activation);
            if (dropout > 0) {
                layers.add(new Dropout(dropout, rng));
            }
            width = h;
        }
        layers.add(new Dense(width, outputs, Init.XAVIER_UNIFORM, rng));
        return new Sequential(layers.toArray(new Module[0]));
    }
}

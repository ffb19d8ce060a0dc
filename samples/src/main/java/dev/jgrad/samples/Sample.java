package dev.jgrad.samples;

import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Module;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;
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
 * Its random draws come from separate {@link RandomStream}s of that seed, one per purpose, so that changing the
 * model does not change the data or the batches.
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

    /** Where a run's random streams come from; tests swap it to watch what each stream draws. */
    Function<RandomStream, Random> streams = stream -> stream.from(seed);

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

    /** The run's random stream for one purpose, from its first draw: {@code stream.from(--seed)}. */
    protected Random random(RandomStream stream) {
        return streams.apply(stream);
    }

    /**
     * The {@link Mlp} from {@code in} features to {@code outputs} through the {@code --hidden} sizes, its weights
     * drawn from a fresh {@link RandomStream#INIT} stream and its dropout masks from a fresh
     * {@link RandomStream#DROPOUT} stream.
     */
    protected Module mlp(int in, int outputs, Activation activation, Init init, double dropout) {
        return Mlp.of(in, hidden, outputs, activation, init, random(RandomStream.INIT), dropout,
                random(RandomStream.DROPOUT));
    }
}

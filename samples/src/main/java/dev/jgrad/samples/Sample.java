package dev.jgrad.samples;

import dev.jgrad.engine.DType;
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
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * One runnable sample: the options every sample shares (seed, output directory, epochs, learning rate, hidden
 * sizes, dtype), each with the sample's own default, and the plumbing around a run: timing, the output directory
 * and the closing result line, e.g. {@code digits (float32): test accuracy 0.978 in 12.4 s}.
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
 * <p>{@code --dtype} is the number type of the model, the data and so of every op: the model is built and its
 * weights drawn in float64 as always, then converted with {@link Module#to(DType)}, and the data likewise, so a
 * float32 run starts from the float64 run's weights rounded to float.
 *
 * @param <R> what a run reaches
 */
@Command(defaultValueProvider = Sample.DTypeDefault.class)
public abstract class Sample<R extends Sample.Result> implements Callable<Integer> {
    /**
     * What a run reached, summarised for the result line.
     *
     * <pre>{@code
     * Sample.Result r = new Spiral().run();
     * System.out.println(r.summary());   // "training accuracy: linear 0.5..., network 0.9..."
     * }</pre>
     */
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

    @Option(names = "--dtype", paramLabel = "<float32|float64>", converter = DTypeConverter.class,
            description = "Number type of the weights, the data and the arithmetic (default: ${DEFAULT-VALUE}).")
    DType dtype;

    /** Where progress goes; tests swap it for a buffer. */
    PrintStream out = System.out;

    /** Where a run's random streams come from; tests swap it to watch what each stream draws. */
    Function<RandomStream, Random> streams = stream -> stream.from(seed);

    /** A sample whose shared options default to the given values. */
    protected Sample(DType dtype, int epochs, double learningRate, int... hidden) {
        this.dtype = dtype;
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
        out.println(resultLine(name(), dtype, result.summary(), start));
        return 0;
    }

    /**
     * A run's closing line, e.g. {@code digits (float32): test accuracy 0.978 in 12.4 s}, timed from
     * {@code startNanos}, a {@link System#nanoTime()}.
     */
    static String resultLine(String name, DType dtype, String summary, long startNanos) {
        return String.format(Locale.ROOT, "%s (%s): %s in %.1f s", name, dtypeName(dtype), summary,
                (System.nanoTime() - startNanos) / 1e9);
    }

    /** The file {@code name} in the output directory (created when a plot is written). */
    protected Path output(String name) {
        return outputDirectory.resolve(name);
    }

    /** The run's random stream for one purpose, from its first draw: {@code stream.from(--seed)}. */
    protected Random random(RandomStream stream) {
        return streams.apply(stream);
    }

    /** The {@code --dtype} of this run: that of its model and data. */
    public DType dtype() {
        return dtype;
    }

    /**
     * The {@link Mlp} from {@code in} features to {@code outputs} through the {@code --hidden} sizes, its weights
     * drawn from a fresh {@link RandomStream#INIT} stream and its dropout masks from a fresh
     * {@link RandomStream#DROPOUT} stream, in the run's {@code --dtype}.
     */
    protected Module mlp(int in, int outputs, Activation activation, Init init, double dropout) {
        return Mlp.of(in, hidden, outputs, activation, init, random(RandomStream.INIT), dropout,
                random(RandomStream.DROPOUT)).to(dtype);
    }

    /** A dtype as the command line spells it: {@code float32}, {@code float64}. */
    static String dtypeName(DType dtype) {
        return dtype.name().toLowerCase(Locale.ROOT);
    }

    /**
     * States {@code --dtype}'s default as the option is typed, {@code float32} where the enum would print
     * {@code FLOAT32}; the default itself is the sample's, set by its constructor.
     */
    static final class DTypeDefault implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argument) {
            return argument.initialValue() instanceof DType dtype ? dtypeName(dtype) : null;
        }
    }

    /** Reads {@code --dtype}: {@code float32} or {@code float64}, in either case. */
    static final class DTypeConverter implements ITypeConverter<DType> {
        @Override
        public DType convert(String value) {
            for (DType d : DType.values()) {
                if (d.name().equalsIgnoreCase(value)) {
                    return d;
                }
            }
            throw new TypeConversionException("expected float32 or float64 but was '" + value + "'");
        }
    }
}

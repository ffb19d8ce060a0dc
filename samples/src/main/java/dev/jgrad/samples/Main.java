package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jgrad} command: each sample is a subcommand ({@code ./jgrad xor}, {@code ./jgrad fashion-mnist --smoke},
 * ...), and with no sample named it runs {@code digits} with its defaults. {@code --help} lists the samples and
 * each one's options with their defaults.
 *
 * <pre>{@code
 * int status = new CommandLine(new Main()).execute("xor", "--epochs", "500");   // 0 once the sample has run
 * Main.main(new String[] {"--help"});                                          // prints the help, then exits
 * }</pre>
 */
@Command(name = "jgrad", mixinStandardHelpOptions = true, version = "jgrad 0.1.0",
        description = "Runs a jgrad sample: it trains, prints its progress, writes PNG plots and ends with one"
                + " result line. With no sample named, runs digits.",
        subcommands = {Digits.class, Xor.class, Spiral.class, FashionMnist.class, FashionMnistCnn.class,
                Regression.class, Newton.class},
        footer = {"", "jgrad <sample> --help explains a sample's options."})
public final class Main implements Callable<Integer> {
    private static final String SAMPLE_OPTIONS = "sampleOptions";

    @Spec
    private CommandSpec spec;

    /** Runs the default sample. */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("digits").execute();
    }

    /**
     * The {@code jgrad} command line: its help also lists every sample's options, and an error during a run is
     * reported as one line (the sample and the message) with exit status 1, not as a stack trace.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        cli.getHelpSectionMap().put(SAMPLE_OPTIONS, help -> sampleOptions(cli, help));
        List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SAMPLE_OPTIONS);
        cli.setHelpSectionKeys(keys);
        return cli;
    }

    /** A table of each sample and its options, each shown with its default value. */
    private static String sampleOptions(CommandLine cli, Help help) {
        int width = help.commandSpec().usageMessage().width();
        // Each name indented by two and followed by two spaces, so that no name pushes its options to a line below.
        int names = 0;
        for (String name : cli.getSubcommands().keySet()) {
            names = Math.max(names, name.length() + 4);
        }
        Help.TextTable table = Help.TextTable.forColumnWidths(help.colorScheme(), names, width - names);
        cli.getSubcommands().forEach((name, sample) -> {
            StringBuilder options = new StringBuilder();
            for (OptionSpec option : sample.getCommandSpec().options()) {
                if (option.usageHelp()) {
                    continue;
                }
                String longName = option.longestName();
                for (String n : option.names()) {
                    longName = n.startsWith("--") && n.length() < longName.length() ? n : longName;
                }
                options.append(options.length() == 0 ? "" : " ");
                options.append(option.arity().max() == 0 ? "[" + longName + "]"
                        : longName + " " + shown(option.initialValue()));
            }
            table.addRowValues("  " + name, options.toString());
        });
        return "%nOptions of each sample, with their defaults:%n".formatted() + table;
    }

    /** A default as typed on the command line: arrays comma-separated, dtypes as {@code --dtype} takes them. */
    private static String shown(Object value) {
        if (value instanceof DType dtype) {
            return Sample.dtypeName(dtype);
        }
        if (value == null || !value.getClass().isArray()) {
            return String.valueOf(value);
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < Array.getLength(value); i++) {
            joined.append(i == 0 ? "" : ",").append(Array.get(value, i));
        }
        return joined.toString();
    }

    /** Parses the arguments, runs the chosen sample and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

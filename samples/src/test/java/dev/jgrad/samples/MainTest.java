package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path out;

    @Test
    void helpListsEverySampleAndTheirOptionsWithDefaults() {
        String text = help("--help");
        for (String sample : new String[] {"digits", "xor", "spiral", "fashion-mnist", "fashion-mnist-cnn",
            "regression", "newton"}) {
            assertTrue(text.contains("\n  " + sample + " "), sample + " missing from\n" + text);
        }
        for (String option : new String[] {"--epochs", "--lr", "--batch-size", "--hidden", "--seed", "--out",
            "--dtype", "--data", "/usr/share/datasets/fashion-mnist", "[--smoke]", "--channels",
            "--start -1.2,1.0", "--max-steps", "--tolerance"}) {
            assertTrue(text.contains(option), option + " missing from\n" + text);
        }
        assertTrue(text.contains("--epochs 1500"), "xor's default iterations missing from\n" + text);
    }

    @Test
    void theCnnSampleHelpStatesItsConvolutionsAndSmokeRun() {
        // the descriptions wrapped at any width read as one line
        String text = help("fashion-mnist-cnn", "--help").replaceAll("\\s+", " ");
        assertTrue(text.contains("--channels=<sizes>") && text.contains("(default: [32, 64])"), text);
        assertTrue(text.contains("--smoke") && text.contains("one epoch on the first 3000 training and 1000 test"),
                text);
    }

    @Test
    void everySampleTakesADtypeAndShowsItsDefault() {
        Map<String, DType> defaults = Map.of("digits", new Digits().dtype(), "xor", new Xor().dtype(), "spiral",
                new Spiral().dtype(), "fashion-mnist", new FashionMnist().dtype(), "fashion-mnist-cnn",
                new FashionMnistCnn().dtype(), "regression", new Regression().dtype(), "newton",
                new Newton().dtype());
        defaults.forEach((sample, dtype) -> {
            String help = help(sample, "--help");
            assertTrue(help.contains("--dtype=<float32|float64>"), help);
            assertTrue(help.contains("(default: " + Sample.dtypeName(dtype) + ")"), help);
        });
        String help = help("--help");
        // the sample's row of the table, its continuation lines indented past the longest name: the default is in
        // that row
        defaults.forEach((sample, dtype) -> assertTrue(Pattern.compile("\n  " + sample + " (?:[^\n]|\n {21})*?"
                + "--dtype\\s+" + Sample.dtypeName(dtype) + "\\b").matcher(help).find(),
                sample + " --dtype " + Sample.dtypeName(dtype) + " missing from\n" + help));
    }

    /** What {@code jgrad args} prints to standard output, having exited with status 0. */
    private static String help(String... args) {
        StringWriter help = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(help));
        assertEquals(0, cli.execute(args));
        return help.toString();
    }

    /** What {@code jgrad args} prints to standard error, having exited with {@code status}. */
    private static String errors(int status, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(status, cli.execute(args));
        return err.toString();
    }

    @Test
    void aBadDtypeIsAUsageErrorNamingTheChoices() {
        String err = errors(2, "xor", "--dtype", "float16");
        assertEquals("Invalid value for option '--dtype': expected float32 or float64 but was 'float16'",
                err.lines().findFirst().orElse(""));
    }

    @Test
    void aSampleRunEndsWithItsResultLine() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.commandLine().execute("xor", "--epochs", "100", "--dtype", "float32", "--out",
                    out.toString()));
        } finally {
            System.setOut(stdout);
        }
        String[] lines = printed.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("xor \\(float32\\): loss \\d\\.\\d{5}, predictions( \\d\\.\\d{3}){4}"
                + " \\(targets 0 1 1 0\\) in \\d+\\.\\d s"), lines[lines.length - 1]);
        SampleRuns.assertPng(out.resolve("xor-training.png"));
    }

    @Test
    void anUnwritableOutputDirectoryIsOneLineWithTheReason() throws Exception {
        Path notADirectory = Files.writeString(out.resolve("plots"), "a file");
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String err;
        try {
            err = errors(1, "xor", "--epochs", "1", "--out", notADirectory.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals("xor: cannot write the chart " + notADirectory.resolve("xor-training.png") + ": "
                + notADirectory + " is a file, not a directory", err.strip());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        String err = errors(2, "digits", "--epoch", "3");
        assertTrue(err.contains("Unknown options: '--epoch'") && err.contains("Possible solutions: --epochs"), err);
    }
}

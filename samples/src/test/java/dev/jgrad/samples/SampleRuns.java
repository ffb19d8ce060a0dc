package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What the tests of the samples share: a fresh output folder per test, a sample configured from command-line
 * arguments with its progress captured, and PNG checks.
 */
abstract class SampleRuns {
    /** Where the sample under test writes its plots. */
    @TempDir
    Path out;

    /** A sample with its progress captured. */
    static final class Captured<S extends Sample<?>> {
        final S sample;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Captured(S sample) {
            this.sample = sample;
            sample.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        }

        /** Everything the sample printed so far. */
        String printed() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    /** {@code sample} with its options parsed from {@code args}, writing its plots to {@link #out}. */
    <S extends Sample<?>> Captured<S> configure(S sample, String... args) {
        new CommandLine(sample).parseArgs(args);
        sample.outputDirectory = out;
        return new Captured<>(sample);
    }

    /** Asserts that {@code file} is a PNG image of a chart: decodable, at least 400 pixels wide, not a blank file. */
    static void assertPng(Path file) {
        try {
            assertTrue(Files.size(file) > 10_000, file + " is only " + Files.size(file) + " bytes");
            byte[] head = new byte[8];
            System.arraycopy(Files.readAllBytes(file), 0, head, 0, 8);
            assertTrue(head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G',
                    file + " does not start with the PNG signature");
            BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image, file + " is not an image ImageIO can read");
            assertTrue(image.getWidth() >= 400 && image.getHeight() >= 400,
                    file + " is " + image.getWidth() + "x" + image.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that a classifier's run drew its test-set confusion matrix as {@code <sample>-confusion.png} and printed
     * scikit-learn's classification report of it: the header, a row per class under its name, and the accuracy row
     * with the test accuracy and the number of test samples.
     */
    void assertConfusionAndReport(Captured<? extends ClassifierSample> run, ClassifierSample.Result result,
                                  String sample, List<String> names, int testSamples) {
        assertPng(out.resolve(sample + "-confusion.png"));
        assertEquals(testSamples, result.confusion().total());
        assertEquals(result.testAccuracy(), result.confusion().accuracy(), 1e-12);
        List<String> printed = run.printed().lines().toList();
        int header = printed.indexOf("              precision    recall  f1-score   support");
        assertTrue(header >= 0, run.printed());
        for (int c = 0; c < names.size(); c++) {
            String row = printed.get(header + 2 + c);
            assertTrue(Pattern.matches(" *" + Pattern.quote(names.get(c)) + "( +[01]\\.\\d\\d){3} +\\d+", row), row);
        }
        String accuracy = printed.get(header + 3 + names.size());
        assertEquals(String.format(Locale.ROOT, "    accuracy%31s%10d", accuracy.substring(12, 43).strip(),
                testSamples), accuracy);
        assertEquals(result.testAccuracy(), Double.parseDouble(accuracy.substring(12, 43)), 0.005, accuracy);
        assertTrue(printed.get(header + 4 + names.size()).startsWith("   macro avg "), run.printed());
        assertTrue(printed.get(header + 5 + names.size()).startsWith("weighted avg "), run.printed());
    }
}

package dev.jgrad.samples;

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
}

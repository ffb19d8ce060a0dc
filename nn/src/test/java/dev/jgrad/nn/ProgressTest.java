package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressTest {
    private static final long MS = 1_000_000L;

    /** A clock the test moves by hand. */
    private static final class FakeClock {
        long now;

        long read() {
            return now;
        }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final FakeClock clock = new FakeClock();

    private Progress progress(boolean terminal, int epochs, long totalSamples) {
        return new Progress(stream, terminal, epochs, totalSamples, clock::read);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static History.Epoch epoch(int n) {
        return new History.Epoch(n, 0.5, 0.75, Double.NaN, Double.NaN, 1);
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"0.693147, 0.6931", "12.3456, 12.35", "1234.56, 1235", "999999, 999999", "0.00012346, 0.0001235",
            "-3.14159, -3.142", "1e6, 1.000e+06", "1.7e240, 1.700e+240", "-2.5e-7, -2.500e-07", "0, 0", "NaN, NaN",
            "Infinity, Infinity"})
    void numbersKeepFourSignificantDigitsAndTurnScientificOutsideOneTenThousandthToAMillion(double value,
            String printed) {
        assertEquals(printed, Progress.number(value));
    }

    @Test
    void aDivergingLossPrintsInAFewCharacters() {
        Progress p = progress(false, 1, 10);
        clock.now = 10 * MS;
        p.batch(1, 10, 10, 10, 1.7e240, Double.NaN);
        p.epoch(new History.Epoch(1, 1.7e240, Double.NaN, 3e300, 0.5, 1), 10);
        assertEquals("epoch 1/1 loss 1.700e+240 | val loss 3.000e+300 val acc 0.5000 | 1000 samples/s\n", printed());
    }

    @ParameterizedTest(name = "{0} s prints as {1}")
    @CsvSource({"59, 0:59", "61, 1:01", "3599, 59:59", "3725, 1:02:05"})
    void durationsShowHoursFromAnHourOn(long seconds, String printed) {
        assertEquals(printed, Progress.duration(seconds));
    }

    @Test
    void theTimeLeftLeavesTheSlowFirstBatchOut() {
        // 200 epochs of 1000 samples in batches of 100: the first batch takes 1 s, every later one 100 ms, so the
        // pace is 1000 samples/s and 199000 samples are left after the first epoch. Counting the first batch in, as
        // an average over the whole run does, would say 526 samples/s and 6:18 left.
        Progress p = progress(false, 200, 200_000);
        clock.now = 1000 * MS;
        p.batch(1, 100, 1000, 100, 0.5, 0.75);
        for (int seen = 200; seen <= 1000; seen += 100) {
            clock.now += 100 * MS;
            p.batch(1, seen, 1000, seen, 0.5, 0.75);
        }
        p.epoch(epoch(1), 1000);
        assertEquals("epoch 1/200 loss 0.5000 acc 0.7500 | 1000 samples/s, 3:19 left\n", printed());
    }

    @Test
    void beforeASecondBatchNoTimeLeftIsGuessed() {
        Progress p = progress(false, 5, 500);
        clock.now = 1000 * MS;
        p.batch(1, 100, 100, 100, 0.5, 0.75);
        p.epoch(epoch(1), 100);
        assertEquals("epoch 1/5 loss 0.5000 acc 0.7500 | 100 samples/s\n", printed());
    }

    @Test
    void theThroughputFollowsAChangeOfPaceWithinSeconds() {
        Progress.Throughput t = new Progress.Throughput(0);
        long now = 0;
        long done = 0;
        for (int i = 0; i < 1000; i++) {
            now += 100 * MS;
            done += 100;
            t.update(now, done);
        }
        assertEquals(1000, t.samplesPerSecond(), 1e-6);
        for (int i = 0; i < 200; i++) {
            now += 50 * MS;
            done += 100;
            t.update(now, done);
        }
        // Ten seconds (five time constants) after the pace doubled, the estimate is within 0.5% of the new one.
        assertEquals(2000, t.samplesPerSecond(), 10);
        assertTrue(t.samplesPerSecond() < 2000, "the old pace still weighs a little: " + t.samplesPerSecond());
    }

    private List<Integer> loggedEpochs(boolean terminal, int epochs) {
        Progress p = progress(terminal, epochs, epochs);
        for (int e = 1; e <= epochs; e++) {
            clock.now += MS;
            p.batch(e, 1, 1, e, 0.5, 0.75);
            p.epoch(epoch(e), e);
        }
        List<Integer> logged = new ArrayList<>();
        for (String line : printed().split("\n")) {
            String head = line.substring(line.lastIndexOf('\r') + 1);
            logged.add(Integer.parseInt(head.substring("epoch ".length(), head.indexOf('/'))));
        }
        return logged;
    }

    @Test
    void aRunOfUpToFiftyEpochsLogsEveryEpoch() {
        assertEquals(IntStream.rangeClosed(1, 50).boxed().toList(), loggedEpochs(false, 50));
    }

    @Test
    void aLongRunLogsTheFirstEpochAboutFiftyEvenlySpacedOnesAndTheLast() {
        List<Integer> expected = new ArrayList<>(List.of(1));
        IntStream.rangeClosed(1, 50).forEach(i -> expected.add(30 * i));
        assertEquals(expected, loggedEpochs(false, 1500));
    }

    @Test
    void theLastEpochIsLoggedWhenTheSpacingMissesIt() {
        List<Integer> logged = loggedEpochs(false, 149);
        assertEquals(51, logged.size());
        assertEquals(List.of(1, 3, 6), logged.subList(0, 3));
        assertEquals(List.of(144, 147, 149), logged.subList(48, 51));
    }

    @Test
    void aTerminalKeepsTheSameLinesAsALog() {
        assertEquals(loggedEpochs(false, 1500), new ProgressTest().loggedEpochs(true, 1500));
    }

    @Test
    void plainOutputHasNoCarriageReturnOrEscapeCode() {
        loggedEpochs(false, 3);
        assertFalse(printed().contains("\r"), printed());
        assertFalse(printed().contains("\u001b"), printed());
        assertEquals(3, printed().split("\n").length);
    }

    @Test
    void terminalOutputRedrawsWithCarriageReturnsButNoEscapeCode() {
        loggedEpochs(true, 3);
        assertTrue(printed().startsWith("\repoch 1/3 [========================] 1/1 loss 0.5000"), printed());
        assertFalse(printed().contains("\u001b"), printed());
    }

    @Test
    void aShorterLineDrawnInPlaceBlanksWhatTheLongerOneLeft() {
        Progress p = progress(true, 1, 100);
        clock.now = 10 * MS;
        p.batch(1, 50, 100, 50, 0.5, 0.75);
        clock.now = 20 * MS;
        p.batch(1, 100, 100, 100, 0.5, 0.75);
        p.epoch(epoch(1), 100);
        String[] draws = printed().split("\r");
        String bar = "epoch 1/1 [============>           ] 50/100 loss 0.5000 acc 0.7500 | 5000 samples/s";
        assertEquals(List.of("", bar, "epoch 1/1 loss 0.5000 acc 0.7500 | 5000 samples/s, 0:00 left"
                + " ".repeat(bar.length() - 60) + "\n"), List.of(draws));
    }

    @Test
    void thePublicConstructorChecksTheRunAndPrintsTheSameLines() {
        assertEquals("Progress: 0 epochs must be positive and 10 samples not negative",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> new Progress(null, false, 0, 10)).getMessage());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Progress progress = new Progress(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
                false, 1, 10);
        progress.epoch(new History.Epoch(1, 0.5, 0.75, Double.NaN, Double.NaN, 1.0), 10);
        assertTrue(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith("epoch 1/1 loss 0.5000 acc 0.7500 |"),
                bytes::toString);
    }
}

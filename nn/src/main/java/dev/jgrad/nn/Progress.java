package dev.jgrad.nn;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training loop's console output. On a terminal a bar is redrawn in place (carriage return) as batches finish;
 * elsewhere (a file, a pipe, a CI log) only one plain line per epoch is printed, so logs stay readable.
 */
final class Progress {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final int epochs;
    private final long totalSamples;
    private final long start = System.nanoTime();
    private long lastDraw = start - REDRAW_NANOS;

    Progress(PrintStream out, boolean terminal, int epochs, long totalSamples) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.totalSamples = totalSamples;
    }

    /** After a batch: redraws the bar on a terminal, at most ten times a second. */
    void batch(int epoch, int seen, int epochSize, long doneSamples, double loss, double accuracy) {
        long now = System.nanoTime();
        if (!terminal || out == null || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * seen / epochSize);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        out.print("\r" + head(epoch) + " [" + bar + "] " + seen + "/" + epochSize + metrics(loss, accuracy)
                + rates(now, doneSamples) + "   ");
        out.flush();
    }

    /** After an epoch: its summary line (ending the bar's line on a terminal). */
    void epoch(History.Epoch e, long doneSamples) {
        if (out == null) {
            return;
        }
        String line = head(e.epoch()) + metrics(e.loss(), e.accuracy());
        if (!Double.isNaN(e.validationLoss())) {
            line += String.format(Locale.ROOT, " | val loss %.4f", e.validationLoss());
            line += Double.isNaN(e.validationAccuracy()) ? ""
                    : String.format(Locale.ROOT, " val acc %.4f", e.validationAccuracy());
        }
        line += rates(System.nanoTime(), doneSamples);
        out.print(terminal ? "\r" + line + "   \n" : line + "\n");
        out.flush();
    }

    private String head(int epoch) {
        return "epoch " + epoch + "/" + epochs;
    }

    private static String metrics(double loss, double accuracy) {
        return String.format(Locale.ROOT, " loss %.4f", loss)
                + (Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " acc %.4f", accuracy));
    }

    /** Throughput so far and the time left at that pace for every remaining sample of every epoch. */
    private String rates(long now, long doneSamples) {
        double seconds = Math.max((now - start) / 1e9, 1e-9);
        double perSecond = doneSamples / seconds;
        long left = Math.round((totalSamples - doneSamples) / Math.max(perSecond, 1e-9));
        return String.format(Locale.ROOT, " | %.0f samples/s, %d:%02d left", perSecond, left / 60, left % 60);
    }
}

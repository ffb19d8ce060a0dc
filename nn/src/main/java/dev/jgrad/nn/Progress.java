package dev.jgrad.nn;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The training loop's console output. On a terminal a bar is redrawn in place (carriage return) as batches finish;
 * elsewhere (a file, a pipe, a CI log) only plain lines are printed. Either way a summary line is kept for every
 * epoch of a run of up to {@value #FULL_LOG} epochs, and for about {@value #FULL_LOG} evenly spaced epochs, the first
 * and the last of a longer one, so a log of thousands of epochs stays readable. No escape codes are written in
 * either mode: the bar blanks out what a longer line left behind with spaces. {@link Trainer} prints through it, and
 * so can a training loop of one's own:
 *
 * <pre>{@code
 * Progress progress = new Progress(System.out, false, epochs, (long) epochs * train.size());
 * progress.batch(epoch, seen, train.size(), done, meanLoss, meanAccuracy);   // after each batch
 * progress.epoch(history.last(), done);                                     // after each epoch
 * }</pre>
 */
public final class Progress {
    /** Runs of up to this many epochs log every epoch; longer runs log about this many. */
    static final int FULL_LOG = 50;
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;
    /**
     * The time constant of the throughput average, in seconds: long enough to smooth over a garbage collection or a
     * validation pass, short enough to follow the JIT compiler as it speeds training up.
     */
    private static final double WINDOW_SECONDS = 2.0;

    private final PrintStream out;
    private final boolean terminal;
    private final int epochs;
    private final int logEvery;
    private final long totalSamples;
    private final LongSupplier clock;
    private final Throughput throughput;
    private long lastDraw;
    private int drawnWidth;

    /**
     * Progress printed to {@code out} (null for none) of a run of {@code epochs} epochs, {@code totalSamples} samples
     * in all: a bar redrawn in place if {@code terminal}, else plain lines.
     *
     * @throws IllegalArgumentException if {@code epochs} is not positive or {@code totalSamples} is negative
     */
    public Progress(PrintStream out, boolean terminal, int epochs, long totalSamples) {
        this(out, terminal, checkRun(epochs, totalSamples), totalSamples, System::nanoTime);
    }

    private static int checkRun(int epochs, long totalSamples) {
        if (epochs <= 0 || totalSamples < 0) {
            throw new IllegalArgumentException("Progress: " + epochs + " epochs must be positive and " + totalSamples
                    + " samples not negative");
        }
        return epochs;
    }

    /** Progress of a run of {@code epochs} epochs, {@code totalSamples} samples in all, timed by {@code clock}. */
    Progress(PrintStream out, boolean terminal, int epochs, long totalSamples, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.logEvery = Math.max(1, (int) Math.round((double) epochs / FULL_LOG));
        this.totalSamples = totalSamples;
        this.clock = clock;
        long start = clock.getAsLong();
        this.throughput = new Throughput(start);
        this.lastDraw = start - REDRAW_NANOS;
    }

    /**
     * After a batch of epoch {@code epoch}: {@code seen} of the epoch's {@code epochSize} samples done,
     * {@code doneSamples} in the whole run, with the epoch's mean loss and accuracy so far (NaN for none). Feeds the
     * throughput estimate, and redraws the bar on a terminal at most ten times a second.
     */
    public void batch(int epoch, int seen, int epochSize, long doneSamples, double loss, double accuracy) {
        long now = clock.getAsLong();
        throughput.update(now, doneSamples);
        if (!terminal || out == null || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * seen / epochSize);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        drawInPlace(head(epoch) + " [" + bar + "] " + seen + "/" + epochSize + metrics(loss, accuracy)
                + rates(doneSamples));
        out.flush();
    }

    /**
     * After an epoch, {@code doneSamples} samples into the run: its summary line, if the epoch is one the log keeps
     * (ending the bar's line on a terminal).
     *
     * @throws IllegalArgumentException if {@code e} is null
     */
    public void epoch(History.Epoch e, long doneSamples) {
        Checks.notNull("Progress.epoch", "e", e);
        if (out == null || !logged(e.epoch())) {
            return;
        }
        String line = head(e.epoch()) + metrics(e.loss(), e.accuracy());
        if (!Double.isNaN(e.validationLoss())) {
            line += " | val loss " + number(e.validationLoss());
            line += Double.isNaN(e.validationAccuracy()) ? ""
                    : String.format(Locale.ROOT, " val acc %.4f", e.validationAccuracy());
        }
        line += rates(doneSamples);
        if (terminal) {
            drawInPlace(line);
            drawnWidth = 0;
        } else {
            out.print(line);
        }
        out.print('\n');
        out.flush();
    }

    /** Whether epoch {@code epoch}'s summary is printed: all of a short run; the first, the last and every n-th. */
    private boolean logged(int epoch) {
        return epoch == 1 || epoch == epochs || epoch % logEvery == 0;
    }

    private void drawInPlace(String line) {
        out.print('\r');
        out.print(line);
        out.print(" ".repeat(Math.max(0, drawnWidth - line.length())));
        drawnWidth = line.length();
    }

    private String head(int epoch) {
        return "epoch " + epoch + "/" + epochs;
    }

    private static String metrics(double loss, double accuracy) {
        return " loss " + number(loss)
                + (Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " acc %.4f", accuracy));
    }

    /**
     * The recent throughput and the time left at that pace for every remaining sample of every epoch; only the
     * throughput while the first batch, the warm-up, is all that has been measured.
     */
    private String rates(long doneSamples) {
        double perSecond = throughput.samplesPerSecond();
        String rate = String.format(Locale.ROOT, " | %.0f samples/s", perSecond);
        if (!throughput.pastWarmUp()) {
            return rate;
        }
        return rate + ", " + duration(Math.round((totalSamples - doneSamples) / perSecond)) + " left";
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /**
     * {@code v} in a few characters: at least four significant digits (all of the integer part) from 1e-4 to 1e6,
     * four in scientific notation beyond, so a diverging loss of 1.7e240 prints as {@code 1.700e+240}.
     */
    static String number(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double magnitude = Math.abs(v);
        if (magnitude >= 1e6 || magnitude < 1e-4) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(magnitude)));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /**
     * Samples per second, averaged over the last few seconds with exponentially decaying weights. The first batch is
     * left out: it pays for class loading, the matmul kernel's choice and interpreted code, and once took ten times
     * as long as the ones after it, which made the first estimate of the time left ten times too long.
     */
    static final class Throughput {
        private long lastTime;
        private long lastDone;
        private int measured;
        private double seconds;
        private double samples;

        Throughput(long start) {
            this.lastTime = start;
        }

        /** Records that {@code doneSamples} samples in all were done by time {@code now} (nanoseconds). */
        void update(long now, long doneSamples) {
            double dt = (now - lastTime) / 1e9;
            long n = doneSamples - lastDone;
            if (measured < 2) {
                // The first batch stands alone until the second replaces it: it is no part of the average.
                seconds = dt;
                samples = n;
            } else {
                double decay = Math.exp(-dt / WINDOW_SECONDS);
                seconds = seconds * decay + dt;
                samples = samples * decay + n;
            }
            measured++;
            lastTime = now;
            lastDone = doneSamples;
        }

        /** Whether a batch after the first has been measured, so the estimate says how fast training goes. */
        boolean pastWarmUp() {
            return measured >= 2;
        }

        double samplesPerSecond() {
            return samples / Math.max(seconds, 1e-9);
        }
    }
}

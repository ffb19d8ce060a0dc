package dev.jgrad.nn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch, as Keras's {@code CSVLogger} does: an {@code epoch} column (from 1), then the epoch's
 * logs in the order they come ({@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}, {@code lr}),
 * each value as {@link Double#toString} prints it, so that it reads back exactly ({@code NaN} for a loss that
 * diverged). The header is taken from the first epoch's logs; a later epoch without one of its keys leaves that
 * field empty. Each row is appended and the file closed at once, so the rows of a run that is killed are kept.
 *
 * <pre>{@code
 * trainer.callbacks(new CsvLogger(Path.of("training.csv")))
 *         .fit(train, validation, 10, 32, new Random(1));
 * // epoch,loss,accuracy,val_loss,val_accuracy,lr
 * // 1,0.6931471805599453,0.5,0.6920115244388581,0.51,0.001
 * }</pre>
 *
 * <p>By default each run replaces the file; with {@link #append(boolean) append(true)} its rows go after those of
 * earlier runs, with no second header (the header is written only to an empty or missing file).
 */
public final class CsvLogger implements Callback {
    private static final String NAME = "CsvLogger";
    private final Path file;
    private boolean append;
    private List<String> keys;

    /**
     * A logger writing to {@code file}.
     *
     * @throws IllegalArgumentException if {@code file} is null
     */
    public CsvLogger(Path file) {
        this.file = Checks.notNull(NAME, "file", file);
    }

    /** Whether a run appends to the file instead of replacing it; returns this logger. */
    public CsvLogger append(boolean append) {
        this.append = append;
        return this;
    }

    /**
     * Empties the file unless appending.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    @Override
    public void onTrainBegin(Training training, Map<String, Double> logs) {
        keys = null;
        if (!append) {
            write("", StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /**
     * Appends the epoch's row, after the header if the file is empty.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    @Override
    public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
        StringBuilder text = new StringBuilder();
        if (keys == null) {
            keys = List.copyOf(logs.keySet());
            if (isEmpty()) {
                text.append("epoch");
                for (String key : keys) {
                    text.append(',').append(Text.csv(key));
                }
                text.append('\n');
            }
        }
        text.append(epoch);
        for (String key : keys) {
            Double value = logs.get(key);
            text.append(',').append(value == null ? "" : Text.number(value));
        }
        write(text.append('\n').toString(), StandardOpenOption.APPEND);
    }

    private boolean isEmpty() {
        try {
            return !Files.exists(file) || Files.size(file) == 0;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void write(String text, StandardOpenOption mode) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    mode);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException(NAME + ": cannot write " + file + ": " + e, e);
    }
}

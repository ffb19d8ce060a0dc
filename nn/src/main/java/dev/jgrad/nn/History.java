package dev.jgrad.nn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What {@link Trainer#fit} measured, one entry per epoch; it can be written as CSV or JSON.
 *
 * <pre>{@code
 * History h = trainer.fit(train, 20, 32, new Random(1));
 * h.last().loss();
 * h.writeCsv(Path.of("history.csv"));
 * h.writeJson(Path.of("history.json"));
 * }</pre>
 *
 * <p>Both formats have a column per measure, named as the training logs name them: {@code epoch}, {@code loss},
 * {@code accuracy}, {@code val_loss}, {@code val_accuracy}, {@code seconds}. A measure that no epoch has (the
 * accuracies of a regression, the validation values of a run without a validation set) is left out. Values are
 * written by {@link Double#toString}, the shortest decimal that reads back as the same double, so a history
 * round-trips exactly; a value that is NaN or infinite in a kept column is {@code NaN} or {@code Infinity} in CSV
 * (as {@link Double#parseDouble} reads them) and {@code null} in JSON, which has no literal for them.
 *
 * @param epochs the metrics of each epoch, in order
 */
public record History(List<Epoch> epochs) {
    /**
     * Copies the list.
     *
     * @throws IllegalArgumentException if {@code epochs} is or holds null
     */
    public History {
        Checks.notNull("History", "epochs", epochs);
        for (int i = 0; i < epochs.size(); i++) {
            Checks.notNull("History", "epochs[" + i + "]", epochs.get(i));
        }
        epochs = List.copyOf(epochs);
    }

    /**
     * The metrics of one epoch; accuracies are NaN when the loss has none, validation values NaN without a
     * validation set.
     *
     * <pre>{@code
     * History.Epoch e = history.last();
     * System.out.println(e.epoch() + ": " + e.validationLoss());
     * }</pre>
     *
     * @param epoch the epoch number, from 1
     * @param loss the mean training loss over the epoch's batches, weighted by batch size
     * @param accuracy the training accuracy over the epoch
     * @param validationLoss the loss on the validation set after the epoch
     * @param validationAccuracy the accuracy on the validation set after the epoch
     * @param seconds the epoch's wall-clock time
     */
    public record Epoch(int epoch, double loss, double accuracy, double validationLoss, double validationAccuracy,
            double seconds) {
    }

    /**
     * The last epoch's metrics.
     *
     * @throws IllegalStateException if there were no epochs
     */
    public Epoch last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History: no epochs were run");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The columns after {@code epoch}, by name, in order; the optional ones only if some epoch has a value. */
    private Map<String, ToDoubleFunction<Epoch>> columns() {
        Map<String, ToDoubleFunction<Epoch>> all = new LinkedHashMap<>();
        all.put("loss", Epoch::loss);
        all.put("accuracy", Epoch::accuracy);
        all.put("val_loss", Epoch::validationLoss);
        all.put("val_accuracy", Epoch::validationAccuracy);
        all.put("seconds", Epoch::seconds);
        Map<String, ToDoubleFunction<Epoch>> kept = new LinkedHashMap<>();
        all.forEach((name, column) -> {
            boolean optional = !name.equals("loss") && !name.equals("seconds");
            if (!optional || epochs.stream().anyMatch(e -> !Double.isNaN(column.applyAsDouble(e)))) {
                kept.put(name, column);
            }
        });
        return kept;
    }

    /**
     * The history as CSV: a header line, then one line per epoch, each ending with {@code \n}.
     *
     * <pre>{@code
     * epoch,loss,accuracy,seconds
     * 1,0.6931471805599453,0.5,1.25
     * 2,0.5,0.75,1.0
     * }</pre>
     */
    public String toCsv() {
        Map<String, ToDoubleFunction<Epoch>> columns = columns();
        List<String> header = new ArrayList<>(List.of("epoch"));
        columns.keySet().forEach(name -> header.add(Text.csv(name)));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (Epoch e : epochs) {
            csv.append(e.epoch());
            columns.values().forEach(column -> csv.append(',').append(Text.number(column.applyAsDouble(e))));
            csv.append('\n');
        }
        return csv.toString();
    }

    /**
     * The history as JSON: an array with one object per epoch, one line each.
     *
     * <pre>{@code
     * [
     *   {"epoch": 1, "loss": 0.6931471805599453, "accuracy": 0.5, "seconds": 1.25},
     *   {"epoch": 2, "loss": 0.5, "accuracy": 0.75, "seconds": 1.0}
     * ]
     * }</pre>
     */
    public String toJson() {
        Map<String, ToDoubleFunction<Epoch>> columns = columns();
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < epochs.size(); i++) {
            Epoch e = epochs.get(i);
            json.append(i == 0 ? "\n" : ",\n").append("  {").append(Text.json("epoch")).append(": ").append(e.epoch());
            columns.forEach((name, column) -> json.append(", ").append(Text.json(name)).append(": ")
                    .append(Text.json(column.applyAsDouble(e))));
            json.append('}');
        }
        return json.append(epochs.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    /**
     * Writes {@link #toCsv()} to {@code file} in UTF-8, replacing it.
     *
     * @throws IllegalArgumentException if {@code file} is null
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writeCsv(Path file) {
        write("History.writeCsv", file, toCsv());
    }

    /**
     * Writes {@link #toJson()} to {@code file} in UTF-8, replacing it.
     *
     * @throws IllegalArgumentException if {@code file} is null
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writeJson(Path file) {
        write("History.writeJson", file, toJson());
    }

    private static void write(String op, Path file, String text) {
        Checks.notNull(op, "file", file);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(op + ": cannot write " + file + ": " + e, e);
        }
    }
}

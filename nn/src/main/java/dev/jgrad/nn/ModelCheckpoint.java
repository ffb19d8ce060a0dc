package dev.jgrad.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model with {@link Checkpoint#save} at the end of epochs, as Keras's {@code ModelCheckpoint} does: every
 * epoch, or with {@link #saveBestOnly(boolean) saveBestOnly} only those whose monitored value improves on the best so
 * far. Each save is atomic: a temporary file renamed over the target, so a crash leaves the old checkpoint or the
 * new one, never half of one.
 *
 * <pre>{@code
 * ModelCheckpoint best = new ModelCheckpoint("runs/model-{epoch:03d}-{val_loss:.4f}.npz")
 *         .monitor("val_loss").saveBestOnly(true);
 * trainer.callbacks(best).fit(train, validation, 50, 32, new Random(1));
 * Checkpoint.load(model, best.lastSaved());
 * }</pre>
 *
 * <p>The path template names the file of each epoch: {@code {epoch}} is the epoch number (from 1) and {@code {key}}
 * the value of any log key ({@code {val_loss}}, {@code {accuracy}}), printed by {@link Double#toString}. A format
 * after a colon is a {@link java.util.Formatter} conversion without its {@code %}, which for the usual cases reads
 * as Python's: {@code {epoch:03d}} gives {@code 007}, {@code {val_loss:.4f}} gives {@code 0.1235}, {@code {loss:.2e}}
 * gives {@code 1.23e-02}. Numbers are printed with {@link Locale#ROOT} (a dot for the decimal point). A template
 * without placeholders writes the same file each time. The directory must exist.
 */
public final class ModelCheckpoint implements Callback {
    private static final String NAME = "ModelCheckpoint";
    private static final String EPOCH = "epoch";
    private final String template;
    private final List<Object> parts;
    private final Monitor monitor = new Monitor(NAME, "val_loss");
    private boolean saveBestOnly;
    private Path lastSaved;

    /** A placeholder of the template: a log key (or {@code epoch}) and its format, null for the plain one. */
    private record Placeholder(String text, String key, String format) {
    }

    /**
     * Checkpoints written to the paths {@code pathTemplate} gives (see the class description).
     *
     * @throws IllegalArgumentException if {@code pathTemplate} is null, has an opening brace without its closing one or
     *     the other way round, an empty placeholder, or a format that does not fit its value
     */
    public ModelCheckpoint(String pathTemplate) {
        this.template = Checks.notNull(NAME, "pathTemplate", pathTemplate);
        this.parts = parse(pathTemplate);
    }

    private static List<Object> parse(String template) {
        List<Object> parts = new ArrayList<>();
        int from = 0;
        while (from < template.length()) {
            int open = template.indexOf('{', from);
            int stray = template.indexOf('}', from);
            if (stray >= 0 && (open < 0 || stray < open)) {
                throw badTemplate(template, "a '}' without its '{' at index " + stray);
            }
            if (open < 0) {
                parts.add(template.substring(from));
                break;
            }
            int close = template.indexOf('}', open);
            int next = template.indexOf('{', open + 1);
            if (close < 0 || (next >= 0 && next < close)) {
                throw badTemplate(template, "a '{' without its '}' at index " + open);
            }
            parts.add(template.substring(from, open));
            parts.add(placeholder(template, template.substring(open, close + 1)));
            from = close + 1;
        }
        return parts;
    }

    private static Placeholder placeholder(String template, String text) {
        String inside = text.substring(1, text.length() - 1);
        int colon = inside.indexOf(':');
        String key = colon < 0 ? inside : inside.substring(0, colon);
        String format = colon < 0 ? null : "%" + inside.substring(colon + 1);
        if (key.isEmpty()) {
            throw badTemplate(template, "the placeholder " + text + " names no log key");
        }
        Placeholder p = new Placeholder(text, key, format);
        try {
            render(p, 1, 1.0);
        } catch (IllegalFormatException e) {
            throw badTemplate(template, "the placeholder " + text + " has a format that does not fit "
                    + (key.equals(EPOCH) ? "the epoch number (an int)" : "a log value (a double)") + ": " + e);
        }
        return p;
    }

    private static IllegalArgumentException badTemplate(String template, String what) {
        return new IllegalArgumentException(NAME + ": path template '" + template + "' has " + what);
    }

    private static String render(Placeholder p, int epoch, double value) {
        Object v = p.key().equals(EPOCH) ? (Object) epoch : (Object) value;
        return p.format() == null ? String.valueOf(v) : String.format(Locale.ROOT, p.format(), v);
    }

    /**
     * The log key that {@link #saveBestOnly(boolean) saveBestOnly} compares ({@code "val_loss"} by default); returns
     * this callback.
     *
     * @throws IllegalArgumentException if {@code monitor} is null
     */
    public ModelCheckpoint monitor(String monitor) {
        this.monitor.key(monitor);
        return this;
    }

    /**
     * Whether lower or higher is better for the monitored key ({@link MonitorMode#AUTO} by default); returns this.
     *
     * @throws IllegalArgumentException if {@code mode} is null
     */
    public ModelCheckpoint mode(MonitorMode mode) {
        monitor.mode(mode);
        return this;
    }

    /**
     * Whether to save only at the end of epochs whose monitored value beats the best so far (every epoch by
     * default); returns this callback.
     */
    public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
        this.saveBestOnly = saveBestOnly;
        return this;
    }

    /** The file written last, or null before the first save. */
    public Path lastSaved() {
        return lastSaved;
    }

    /** The file the template names for {@code epoch} with {@code logs}. */
    Path path(int epoch, Map<String, Double> logs) {
        StringBuilder path = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder p) {
                double value = p.key().equals(EPOCH) ? epoch
                        : Monitor.logged(NAME, "placeholder " + p.text() + " of path template '" + template + "'",
                                p.key(), epoch, logs);
                path.append(render(p, epoch, value));
            } else {
                path.append(part);
            }
        }
        return Path.of(path.toString());
    }

    /** Forgets the best value of a previous run. */
    @Override
    public void onTrainBegin(Training training, Map<String, Double> logs) {
        monitor.reset();
    }

    /**
     * Saves the model if every epoch is saved, or this one improved.
     *
     * @throws IllegalArgumentException if a key the template or the monitor names is not in {@code logs}
     * @throws CheckpointException if the file cannot be written
     */
    @Override
    public void onEpochEnd(Training training, int epoch, Map<String, Double> logs) {
        Path file = path(epoch, logs);
        if (!saveBestOnly || monitor.improve(monitor.value(epoch, logs))) {
            Checkpoint.save(training.model(), file);
            lastSaved = file;
        }
    }
}

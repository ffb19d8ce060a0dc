package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {
    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The parameters a checkpoint file holds, loaded into a fresh model. */
    private static List<double[]> loaded(Path file) {
        Dense fresh = new Dense(2, 2, new Random(99));
        Checkpoint.load(fresh, file);
        return Scripted.values(fresh);
    }

    private static void assertSameValues(List<double[]> expected, List<double[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i));
        }
    }

    @Test
    void everyEpochIsSavedUnderTheNameTheTemplateGives() throws IOException {
        Scripted.Snapshots snapshots = new Scripted.Snapshots();
        ModelCheckpoint checkpoint = new ModelCheckpoint(dir + "/m-{epoch:02d}-{loss:.3f}.npz");
        Scripted.trainer(Scripted.model(), 0.5, 0.25, 0.75).callbacks(checkpoint, snapshots)
                .fit(Scripted.DATA, 3, 8, new Random(0));
        assertEquals(List.of("m-01-0.500.npz", "m-02-0.250.npz", "m-03-0.750.npz"), files());
        assertSameValues(snapshots.byEpoch.get(1), loaded(dir.resolve("m-01-0.500.npz")));
        assertSameValues(snapshots.byEpoch.get(3), loaded(dir.resolve("m-03-0.750.npz")));
        assertEquals(dir.resolve("m-03-0.750.npz"), checkpoint.lastSaved());
    }

    @Test
    void saveBestOnlySavesOnlyTheEpochsThatImprove() throws IOException {
        Scripted.Snapshots snapshots = new Scripted.Snapshots();
        ModelCheckpoint checkpoint = new ModelCheckpoint(dir + "/best-{epoch}.npz").monitor("loss").saveBestOnly(true);
        Scripted.trainer(Scripted.model(), 0.5, 0.75, 0.25, 0.375).callbacks(checkpoint, snapshots)
                .fit(Scripted.DATA, 4, 8, new Random(0));
        assertEquals(List.of("best-1.npz", "best-3.npz"), files());
        assertSameValues(snapshots.byEpoch.get(3), loaded(checkpoint.lastSaved()));
    }

    @Test
    void maxModeSavesTheHighestValues() throws IOException {
        ModelCheckpoint checkpoint = new ModelCheckpoint(dir + "/best-{epoch}.npz").monitor("loss")
                .mode(MonitorMode.MAX).saveBestOnly(true);
        Scripted.trainer(Scripted.model(), 0.5, 0.75, 0.25, 1.0).callbacks(checkpoint)
                .fit(Scripted.DATA, 4, 8, new Random(0));
        assertEquals(List.of("best-1.npz", "best-2.npz", "best-4.npz"), files());
    }

    @Test
    void aTemplateWithoutPlaceholdersIsReplacedAtomicallyEachEpochLeavingNoTemporaryFile() throws IOException {
        Scripted.Snapshots snapshots = new Scripted.Snapshots();
        Scripted.trainer(Scripted.model(), 0.5).callbacks(new ModelCheckpoint(dir + "/latest.npz"), snapshots)
                .fit(Scripted.DATA, 3, 8, new Random(0));
        assertEquals(List.of("latest.npz"), files());
        assertSameValues(snapshots.byEpoch.get(3), loaded(dir.resolve("latest.npz")));
    }

    @Test
    void plainPlaceholdersPrintTheEpochAndTheValueExactly() {
        ModelCheckpoint checkpoint = new ModelCheckpoint("m-{epoch}-{val_loss}-{lr:.1e}.npz");
        assertEquals(Path.of("m-7-0.30000000000000004-1.0e-03.npz"),
                checkpoint.path(7, Map.of("val_loss", 0.1 + 0.2, "lr", 1e-3)));
    }

    @Test
    void aFailedSaveLeavesNoFileBehind() throws IOException {
        Path missing = dir.resolve("missing");
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5)
                .callbacks(new ModelCheckpoint(missing + "/m-{epoch}.npz"));
        var e = assertThrows(CheckpointException.class, () -> trainer.fit(Scripted.DATA, 1, 8, new Random(0)));
        assertEquals("checkpoint " + missing + "/m-1.npz: cannot write: the directory " + missing
                + " does not exist", e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void aTemplateKeyMissingFromTheLogsIsNamed() {
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5)
                .callbacks(new ModelCheckpoint(dir + "/m-{val_loss:.4f}.npz"));
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(Scripted.DATA, 1, 8, new Random(0)));
        assertEquals("ModelCheckpoint: placeholder {val_loss:.4f} of path template '" + dir + "/m-{val_loss:.4f}.npz'"
                + " is not in the logs of epoch 1, which have [loss, lr]; give fit a validation set", e.getMessage());
    }

    @Test
    void saveBestOnlyNamesAMissingMonitor() {
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5)
                .callbacks(new ModelCheckpoint(dir + "/m.npz").saveBestOnly(true));
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(Scripted.DATA, 1, 8, new Random(0)));
        assertEquals("ModelCheckpoint: monitor 'val_loss' is not in the logs of epoch 1, which have [loss, lr]; give"
                + " fit a validation set", e.getMessage());
    }

    @Test
    void malformedTemplatesAreRejectedWhenMade() {
        assertTemplateRejected("m-{epoch.npz", "a '{' without its '}' at index 2");
        assertTemplateRejected("m-{a{epoch}.npz", "a '{' without its '}' at index 2");
        assertTemplateRejected("m-}{epoch}.npz", "a '}' without its '{' at index 2");
        assertTemplateRejected("m-{epoch}}.npz", "a '}' without its '{' at index 9");
        assertTemplateRejected("m-{}.npz", "the placeholder {} names no log key");
        assertTemplateRejected("m-{:.2f}.npz", "the placeholder {:.2f} names no log key");
        assertTemplateRejected("m-{epoch:.2f}.npz", "the placeholder {epoch:.2f} has a format that does not fit the"
                + " epoch number (an int): java.util.IllegalFormatConversionException: f != java.lang.Integer");
        assertTemplateRejected("m-{loss:d}.npz", "the placeholder {loss:d} has a format that does not fit a log value"
                + " (a double): java.util.IllegalFormatConversionException: d != java.lang.Double");
        assertEquals("ModelCheckpoint: pathTemplate is null",
                assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint(null)).getMessage());
    }

    private static void assertTemplateRejected(String template, String what) {
        var e = assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint(template));
        assertEquals("ModelCheckpoint: path template '" + template + "' has " + what, e.getMessage());
    }

    @Test
    void nothingIsSavedBeforeTheFirstEpoch() {
        assertNull(new ModelCheckpoint("m.npz").lastSaved());
    }
}

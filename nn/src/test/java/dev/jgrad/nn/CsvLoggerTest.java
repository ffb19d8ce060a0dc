package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoggerTest {
    @TempDir
    Path dir;

    private static void run(CsvLogger logger, double... losses) {
        Scripted.trainer(Scripted.model(), losses).callbacks(logger).fit(Scripted.DATA, 2, 8, new Random(0));
    }

    @Test
    void writesAHeaderFromTheLogKeysThenOneRowPerEpoch() throws IOException {
        Path file = dir.resolve("log.csv");
        run(new CsvLogger(file), 0.5, 0.1 + 0.2);
        assertEquals("epoch,loss,lr\n1,0.5,0.1\n2,0.30000000000000004,0.1\n", Files.readString(file));
    }

    @Test
    void theAccuraciesAndValidationValuesGetTheirColumns() throws IOException {
        Path file = dir.resolve("log.csv");
        Dense model = Scripted.model();
        History h = new Trainer(model, Loss.crossEntropy(), new SGD(model.parameters(), 0.1)).progress(null, false)
                .callbacks(new CsvLogger(file)).fit(Scripted.DATA, TrainerTest.xor(4, 3), 1, 8, new Random(0));
        History.Epoch e = h.last();
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr\n1," + e.loss() + "," + e.accuracy() + ","
                + e.validationLoss() + "," + e.validationAccuracy() + ",0.1\n", Files.readString(file));
    }

    @Test
    void eachRunReplacesTheFileByDefault() throws IOException {
        Path file = dir.resolve("log.csv");
        CsvLogger logger = new CsvLogger(file);
        run(logger, 0.5);
        run(logger, 0.25);
        assertEquals("epoch,loss,lr\n1,0.25,0.1\n2,0.25,0.1\n", Files.readString(file));
    }

    @Test
    void appendingAddsRowsWithoutASecondHeader() throws IOException {
        Path file = dir.resolve("log.csv");
        run(new CsvLogger(file).append(true), 0.5);
        run(new CsvLogger(file).append(true), 0.25);
        assertEquals("epoch,loss,lr\n1,0.5,0.1\n2,0.5,0.1\n1,0.25,0.1\n2,0.25,0.1\n", Files.readString(file));
    }

    @Test
    void keysAreQuotedWhenTheyNeedItAndMissingValuesLeftEmpty() throws IOException {
        Path file = dir.resolve("log.csv");
        CsvLogger logger = new CsvLogger(file);
        Dense model = Scripted.model();
        Training t = new Training(model, new SGD(model.parameters(), 0.1), 2);
        logger.onTrainBegin(t, Map.of());
        Map<String, Double> first = new LinkedHashMap<>();
        first.put("a,b", 1.0);
        first.put("say \"hi\"", Double.NaN);
        logger.onEpochEnd(t, 1, first);
        logger.onEpochEnd(t, 2, Map.of("a,b", Double.NEGATIVE_INFINITY));
        assertEquals("epoch,\"a,b\",\"say \"\"hi\"\"\"\n1,1.0,NaN\n2,-Infinity,\n", Files.readString(file));
    }

    @Test
    void aFileThatCannotBeWrittenIsNamed() {
        Path file = dir.resolve("missing").resolve("log.csv");
        Trainer trainer = Scripted.trainer(Scripted.model(), 0.5).callbacks(new CsvLogger(file));
        var e = assertThrows(UncheckedIOException.class, () -> trainer.fit(Scripted.DATA, 1, 8, new Random(0)));
        assertEquals("CsvLogger: cannot write " + file + ": " + new NoSuchFileException(file.toString()),
                e.getMessage());
        assertEquals("CsvLogger: file is null",
                assertThrows(IllegalArgumentException.class, () -> new CsvLogger(null)).getMessage());
    }
}

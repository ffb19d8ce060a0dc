package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;

    private static final History CLASSIFIER = new History(List.of(
            new History.Epoch(1, 0.6931471805599453, 0.5, 0.7, 0.25, 1.25),
            new History.Epoch(2, 0.1 + 0.2, 0.75, 1e-300, 1.0, 0.5)));

    private static final History REGRESSION = new History(List.of(
            new History.Epoch(1, 2.5, Double.NaN, Double.NaN, Double.NaN, 0.125),
            new History.Epoch(2, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 3)));

    @Test
    void csvHasAColumnPerMeasureAndExactValues() {
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,seconds\n"
                + "1,0.6931471805599453,0.5,0.7,0.25,1.25\n"
                + "2,0.30000000000000004,0.75,1.0E-300,1.0,0.5\n", CLASSIFIER.toCsv());
    }

    @Test
    void jsonHasAnObjectPerEpochAndExactValues() {
        assertEquals("[\n"
                + "  {\"epoch\": 1, \"loss\": 0.6931471805599453, \"accuracy\": 0.5, \"val_loss\": 0.7,"
                + " \"val_accuracy\": 0.25, \"seconds\": 1.25},\n"
                + "  {\"epoch\": 2, \"loss\": 0.30000000000000004, \"accuracy\": 0.75, \"val_loss\": 1.0E-300,"
                + " \"val_accuracy\": 1.0, \"seconds\": 0.5}\n"
                + "]\n", CLASSIFIER.toJson());
    }

    @Test
    void measuresNoEpochHasAreLeftOutAndANaNInAKeptColumnIsWrittenAsEachFormatCan() {
        assertEquals("epoch,loss,seconds\n1,2.5,0.125\n2,NaN,3.0\n", REGRESSION.toCsv());
        assertEquals("[\n  {\"epoch\": 1, \"loss\": 2.5, \"seconds\": 0.125},\n"
                + "  {\"epoch\": 2, \"loss\": null, \"seconds\": 3.0}\n]\n", REGRESSION.toJson());
    }

    @Test
    void anEmptyHistoryHasOnlyItsHeader() {
        History empty = new History(List.of());
        assertEquals("epoch,loss,seconds\n", empty.toCsv());
        assertEquals("[]\n", empty.toJson());
    }

    @Test
    void csvValuesReadBackAsTheSameDoubles() {
        double[] tricky = {Math.PI, 0.1 + 0.2, 1e-300, Double.MIN_VALUE, -0.0, Double.POSITIVE_INFINITY, 1.0 / 3};
        for (double v : tricky) {
            String csv = new History(List.of(new History.Epoch(1, v, v, v, v, v))).toCsv();
            String[] fields = csv.split("\n")[1].split(",");
            for (int i = 1; i < fields.length; i++) {
                assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(fields[i])),
                        csv);
            }
        }
    }

    @Test
    void writeCsvAndWriteJsonWriteTheTexts() throws IOException {
        CLASSIFIER.writeCsv(dir.resolve("h.csv"));
        CLASSIFIER.writeJson(dir.resolve("h.json"));
        assertEquals(CLASSIFIER.toCsv(), Files.readString(dir.resolve("h.csv")));
        assertEquals(CLASSIFIER.toJson(), Files.readString(dir.resolve("h.json")));
    }

    @Test
    void aFileThatCannotBeWrittenIsNamed() {
        Path file = dir.resolve("missing").resolve("h.json");
        var e = assertThrows(UncheckedIOException.class, () -> CLASSIFIER.writeJson(file));
        assertEquals("History.writeJson: cannot write " + file + ": " + new NoSuchFileException(file.toString()),
                e.getMessage());
        assertEquals("History.writeCsv: file is null",
                assertThrows(IllegalArgumentException.class, () -> CLASSIFIER.writeCsv(null)).getMessage());
    }

    @Test
    void jsonStringsEscapeQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\u00e9\"", Text.json("a\"b\\c\n\t\r\b\f\u0001\u00e9"));
        assertEquals("null", Text.json(Double.NaN));
        assertEquals("null", Text.json(Double.NEGATIVE_INFINITY));
        assertEquals("-1.5E-7", Text.json(-1.5e-7));
    }
}

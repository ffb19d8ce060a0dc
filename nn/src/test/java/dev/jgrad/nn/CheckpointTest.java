package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Sequential model(long seed) {
        Random rng = new Random(seed);
        return new Sequential(new Dense(3, 4, Init.HE_NORMAL, rng), new BatchNorm1d(4), Activation.relu(),
                new Dense(4, 2, Init.XAVIER_UNIFORM, rng));
    }

    /** A model whose parameters and batch-norm statistics have all moved away from their initial values. */
    private static Sequential trained(long seed) {
        Sequential m = model(seed);
        Optimizer opt = new Adam(m.parameters(), 0.1);
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            m.forward(Tensor.randn(new Random(i), 8, 3)).pow(2).mean().backward();
            opt.step();
        }
        return m;
    }

    private Path zipOf(String entry, byte[] bytes) throws IOException {
        Path file = dir.resolve("hand-made.npz");
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(bytes);
            zip.closeEntry();
        }
        return file;
    }

    /** The file {@code name} in the test directory, with the model saved to it. */
    private Path saved(Module model, String name) {
        Path file = dir.resolve(name);
        Checkpoint.save(model, file);
        return file;
    }

    private static String message(Path file, Module model) {
        return assertThrows(CheckpointException.class, () -> Checkpoint.load(model, file)).getMessage();
    }

    @Test
    void roundTripReproducesPredictionsBitForBit() {
        Sequential original = trained(1);
        Path file = saved(original, "model.npz");
        Sequential restored = model(2);
        Checkpoint.load(restored, file);
        Tensor x = Tensor.randn(new Random(9), 5, 3);
        original.eval();
        restored.eval();
        assertArrayEquals(original.forward(x).toArray(), restored.forward(x).toArray());
    }

    @Test
    void savesEveryParameterAndBufferAsAnNpyEntry() throws IOException {
        Path file = saved(model(1), "model.npz");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(List.of("layers.0.weight.npy", "layers.0.bias.npy", "layers.1.weight.npy",
                    "layers.1.bias.npy", "layers.3.weight.npy", "layers.3.bias.npy", "layers.1.runningMean.npy",
                    "layers.1.runningVar.npy"), zip.stream().map(ZipEntry::getName).toList());
        }
    }

    private static Sequential convolutional(long seed) {
        Random rng = new Random(seed);
        return new Sequential(new Conv2d(1, 2, 3, 1, 1, Init.HE_NORMAL, rng), Activation.relu(), new MaxPool2d(2, 2),
                new Flatten(), new Dense(2 * 2 * 2, 3, rng));
    }

    @Test
    void aConvolutionalModelRoundTripsBitForBitWithItsKernelStoredFourDimensional() throws IOException {
        Sequential original = convolutional(1);
        Path file = saved(original, "cnn.npz");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(List.of("layers.0.weight.npy", "layers.0.bias.npy", "layers.4.weight.npy",
                    "layers.4.bias.npy"), zip.stream().map(ZipEntry::getName).toList());
            byte[] kernel = zip.getInputStream(zip.getEntry("layers.0.weight.npy")).readAllBytes();
            assertEquals("(2, 1, 3, 3)", shapeOf(kernel));
        }
        assertArrayEquals(new int[] {2, 1, 3, 3}, Checkpoint.read(file).get("layers.0.weight").shape());

        Sequential restored = convolutional(2);
        Checkpoint.load(restored, file);

        Tensor x = Tensor.randn(new Random(9), 2, 1, 4, 4);
        assertArrayEquals(original.predict(x).toArray(), restored.predict(x).toArray());
        assertEquals(bits(Checkpoint.state(original)), bits(Checkpoint.state(restored)));
    }

    @Test
    void aConvolutionKernelOfAnotherShapeIsRejectedNamingBothShapes() {
        Path file = saved(convolutional(1), "cnn.npz");
        Sequential wider = new Sequential(new Conv2d(1, 2, 5, 1, 2, Init.HE_NORMAL, new Random(3)),
                Activation.relu(), new MaxPool2d(2, 2), new Flatten(), new Dense(2 * 2 * 2, 3, new Random(4)));

        String m = message(file, wider);

        assertTrue(m.contains("layers.0.weight") && m.contains("[2, 1, 3, 3]") && m.contains("[2, 1, 5, 5]"), m);
    }

    @Test
    void npyHeaderIsNumpysVersionOneFormatPaddedTo64Bytes() {
        byte[] bytes = Npy.write(Tensor.zeros(2, 3));
        String header = new String(bytes, 10, 118, StandardCharsets.US_ASCII);
        assertEquals("\u0093NUMPY", new String(bytes, 0, 6, StandardCharsets.ISO_8859_1));
        assertEquals(1, bytes[6]);
        assertEquals(118, (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", header.trim());
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals(128 + 6 * 8, bytes.length);
        assertEquals("(5,)", shapeOf(Npy.write(Tensor.zeros(5))));
        assertEquals("()", shapeOf(Npy.write(Tensor.scalar(1))));
    }

    @Test
    void aFloat32ArrayIsWrittenAsF4WithFourBytesAValue() {
        byte[] bytes = Npy.write(Tensor.of(new float[] {1.5f, -2, 0.1f}, 3));
        String header = new String(bytes, 10, 118, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header.trim());
        assertEquals(128 + 3 * 4, bytes.length);
        assertEquals(Float.floatToIntBits(0.1f), (bytes[136] & 0xff) | (bytes[137] & 0xff) << 8
                | (bytes[138] & 0xff) << 16 | (bytes[139] & 0xff) << 24);
    }

    private static String shapeOf(byte[] npy) {
        String header = new String(npy, StandardCharsets.ISO_8859_1);
        return header.substring(header.indexOf("'shape': ") + 9, header.indexOf(')') + 1);
    }

    @Test
    void readsAnArchiveWrittenByNumpy() throws IOException {
        Path file = dir.resolve("numpy.npz");
        try (var in = CheckpointTest.class.getResourceAsStream("numpy-written.npz")) {
            Files.copy(in, file);
        }
        var arrays = Checkpoint.read(file);
        assertEquals(List.of("weight", "bias", "step"), List.copyOf(arrays.keySet()));
        assertArrayEquals(new int[] {2, 3}, arrays.get("weight").shape());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1, 1.25}, arrays.get("weight").toArray());
        assertArrayEquals(new double[] {-1.5, 2, 1e-300}, arrays.get("bias").toArray());
        assertEquals(0, arrays.get("step").rank());
        assertEquals(7.0, arrays.get("step").item());
    }

    @Test
    void numpyLoadsWhatWeSaveWhenPythonIsAvailable() throws Exception {
        assumeTrue(run("python3", "-c", "import numpy") == 0, "python3 with numpy is not installed");
        Sequential m = trained(3);
        Path file = saved(m, "for-numpy.npz");
        Path out = dir.resolve("hex.txt");
        String script = "import numpy as np, sys\n"
                + "a = np.load(sys.argv[1])['layers.0.weight']\n"
                + "open(sys.argv[2], 'w').write(str(a.shape) + ' ' + ' '.join(float(v).hex() for v in a.ravel()))\n";
        assertEquals(0, run("python3", "-c", script, file.toString(), out.toString()));
        String[] printed = Files.readString(out).split(" ", 3);
        assertEquals("(3, 4)", printed[0] + " " + printed[1]);
        double[] values = Arrays.stream(printed[2].split(" ")).mapToDouble(Double::parseDouble).toArray();
        assertArrayEquals(((Dense) m.layers().get(0)).weight().toArray(), values);
    }

    @Test
    void numpyReadsAConvolutionKernelWithItsFourDimensionalShapeWhenPythonIsAvailable() throws Exception {
        assumeTrue(run("python3", "-c", "import numpy") == 0, "python3 with numpy is not installed");
        Sequential m = convolutional(3);
        Path file = saved(m, "cnn-for-numpy.npz");
        Path out = dir.resolve("kernel.txt");
        String script = "import numpy as np, sys\n"
                + "a = np.load(sys.argv[1])['layers.0.weight']\n"
                + "open(sys.argv[2], 'w').write(str(a.shape).replace(' ', '') + ' '"
                + " + ' '.join(float(v).hex() for v in a.ravel()))\n";
        assertEquals(0, run("python3", "-c", script, file.toString(), out.toString()));
        String[] printed = Files.readString(out).split(" ", 2);
        assertEquals("(2,1,3,3)", printed[0]);
        double[] values = Arrays.stream(printed[1].split(" ")).mapToDouble(Double::parseDouble).toArray();
        assertArrayEquals(((Conv2d) m.layers().get(0)).weight().toArray(), values);
    }

    private static int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void numpyReadsAFloat32CheckpointAsFloat32WhenPythonIsAvailable() throws Exception {
        assumeTrue(run("python3", "-c", "import numpy") == 0, "python3 with numpy is not installed");
        Sequential m = trained(3);
        m.to(DType.FLOAT32);
        Path file = saved(m, "float32-for-numpy.npz");
        Path out = dir.resolve("float32.txt");
        String script = "import numpy as np, sys\n"
                + "z = np.load(sys.argv[1])\n"
                + "a = z['layers.0.weight']\n"
                + "dtypes = sorted(set(str(z[k].dtype) for k in z.files))\n"
                + "open(sys.argv[2], 'w').write(','.join(dtypes) + ' ' + ' '.join(float(v).hex() for v in a.ravel()))\n";
        assertEquals(0, run("python3", "-c", script, file.toString(), out.toString()));
        String[] printed = Files.readString(out).split(" ", 2);
        assertEquals("float32", printed[0]);
        double[] values = Arrays.stream(printed[1].split(" ")).mapToDouble(Double::parseDouble).toArray();
        assertArrayEquals(((Dense) m.layers().get(0)).weight().toArray(), values);
    }

    @Test
    void aFloat32ModelRoundTripsBitForBitAndStaysFloat32() throws IOException {
        Sequential original = trained(1);
        original.to(DType.FLOAT32);
        Path file = saved(original, "single.npz");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String npy = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(npy.contains("'descr': '<f4'"), entry.getName());
            }
        }
        for (Tensor t : Checkpoint.read(file).values()) {
            assertEquals(DType.FLOAT32, t.dtype());
        }
        Sequential restored = model(2);
        restored.to(DType.FLOAT32);
        Checkpoint.load(restored, file);
        assertEquals(bits(Checkpoint.state(original)), bits(Checkpoint.state(restored)));
        Tensor x = Tensor.randn(DType.FLOAT32, new Random(9), 5, 3);
        assertArrayEquals(original.predict(x).toFloatArray(), restored.predict(x).toFloatArray());
        for (Tensor t : Checkpoint.state(restored).values()) {
            assertEquals(DType.FLOAT32, t.dtype());
        }
    }

    @Test
    void aFloat64CheckpointLoadsIntoAFloat32ModelRoundedToFloats() {
        Sequential original = trained(1);
        Path file = saved(original, "double.npz");
        Sequential single = model(2);
        single.to(DType.FLOAT32);
        List<Tensor> before = List.copyOf(Checkpoint.state(single).values());

        Checkpoint.load(single, file);
        Map<String, Tensor> loaded = Checkpoint.state(single);
        assertEquals(before, List.copyOf(loaded.values()), "load fills the model's own tensors");
        Checkpoint.state(original).forEach((name, t) -> {
            assertEquals(DType.FLOAT32, loaded.get(name).dtype(), name);
            assertArrayEquals(t.toFloatArray(), loaded.get(name).toFloatArray(), name);
        });
        assertTrue(single.parameters().get(0).requiresGrad());
    }

    @Test
    void aFloat32CheckpointLoadsIntoAFloat64ModelExactly() {
        Sequential original = trained(1);
        original.to(DType.FLOAT32);
        Path file = saved(original, "single.npz");
        Sequential wide = model(2);

        Checkpoint.load(wide, file);
        Map<String, Tensor> loaded = Checkpoint.state(wide);
        Checkpoint.state(original).forEach((name, t) -> {
            assertEquals(DType.FLOAT64, loaded.get(name).dtype(), name);
            assertArrayEquals(t.toArray(), loaded.get(name).toArray(), name);
        });
    }

    @Test
    void saveReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.npz");
        Files.writeString(file, "old");
        Checkpoint.save(model(1), file);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(8, Checkpoint.read(file).size());
    }

    @Test
    void saveIntoAMissingDirectoryNamesTheDirectory() {
        Path file = dir.resolve("absent").resolve("model.npz");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.save(model(1), file));
        assertEquals("checkpoint " + file + ": cannot write: the directory " + file.getParent() + " does not exist",
                e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nowhere.npz");
        assertEquals("checkpoint " + file + ": file not found", message(file, model(1)));
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        Path file = saved(model(1), "model.npz");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        String msg = message(file, model(1));
        assertEquals("checkpoint " + file + ": truncated or corrupt", msg.substring(0, msg.indexOf(" (")));
    }

    @Test
    void corruptEntryNamesTheParameter() throws IOException {
        Path file = zipOf("layers.0.weight.npy", "not numpy at all".getBytes(StandardCharsets.US_ASCII));
        assertEquals("checkpoint " + file + ": parameter 'layers.0.weight': not an .npy array (no \\x93NUMPY magic"
                + " at the start)", message(file, model(1)));
    }

    @Test
    void truncatedArrayNamesTheParameterAndTheMissingBytes() throws IOException {
        byte[] full = Npy.write(Tensor.zeros(3, 4));
        Path file = zipOf("layers.0.weight.npy", Arrays.copyOf(full, full.length - 40));
        assertEquals("checkpoint " + file + ": parameter 'layers.0.weight': data ends after 56 of 96 bytes",
                message(file, model(1)));
    }

    /** An .npz of one entry {@code w.npy}: two zeros whose header claims {@code descr}. */
    private Path claimingDtype(String descr) throws IOException {
        byte[] bytes = Npy.write(Tensor.zeros(2));
        return zipOf("w.npy", new String(bytes, StandardCharsets.ISO_8859_1).replace("<f8", descr)
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void anEntryOfAnUnsupportedDtypeIsRejectedNamingTheFileTheEntryAndTheDtype() throws IOException {
        for (String descr : List.of("<f2", "<i8", ">f8", "|u1")) {
            Path file = claimingDtype(descr);
            var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
            assertEquals("checkpoint " + file + ": parameter 'w' has dtype " + descr + "; only <f4 and <f8 are"
                    + " supported", e.getMessage());
        }
    }

    /** Six zeros as an .npy file whose header claims {@code shape}, padded to keep the header's length. */
    private static byte[] npyClaiming(String shape) {
        String npy = new String(Npy.write(Tensor.zeros(2, 3)), StandardCharsets.ISO_8859_1);
        String longer = npy.replace("(2, 3), }", shape + ", }");
        int grown = longer.length() - npy.length();
        return longer.replace(" ".repeat(grown) + "\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aShapeWhoseElementCountOverflowsOrIsNegativeIsRejected() throws IOException {
        Path huge = zipOf("w.npy", npyClaiming("(65536, 65536, 65536, 65536)"));
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(huge));
        assertEquals("checkpoint " + huge + ": parameter 'w': shape [65536, 65536, 65536, 65536] has more than"
                + " 2147483647 elements", e.getMessage());
        Path negative = zipOf("w.npy", npyClaiming("(-2, 3)"));
        e = assertThrows(CheckpointException.class, () -> Checkpoint.read(negative));
        assertEquals("checkpoint " + negative + ": parameter 'w': shape [-2, 3] has a negative dimension",
                e.getMessage());
    }

    @Test
    void shapeMismatchNamesParameterAndBothShapesAndChangesNothing() {
        Path file = saved(new Dense(2, 3, new Random(0)), "dense.npz");
        Dense other = new Dense(3, 2, new Random(1));
        double[] before = other.weight().toArray();
        assertEquals("checkpoint " + file + ": parameter 'weight' has shape [2, 3] in the file but [3, 2] in the model",
                message(file, other));
        assertArrayEquals(before, other.weight().toArray());
    }

    @Test
    void missingAndUnexpectedNamesAreReported() {
        Path file = saved(new Dense(3, 4, new Random(0)), "dense.npz");
        assertEquals("checkpoint " + file + ": parameter 'layers.0.weight' of the model is missing from the file"
                + " (it has [weight, bias])", message(file, model(1)));
        Path bigger = dir.resolve("bigger.npz");
        Checkpoint.save(new Sequential(new Dense(3, 4, new Random(0)), new PReLU()), bigger);
        assertEquals("checkpoint " + bigger + ": parameter 'layers.1.slope' in the file is not a parameter or buffer"
                + " of the model", message(bigger, new Sequential(new Dense(3, 4, new Random(0)))));
        assertFalse(Files.exists(dir.resolve("dense.npz.tmp")));
    }

    /** The exact bits of every tensor of a state, by name. */
    private static Map<String, List<Long>> bits(Map<String, Tensor> state) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        state.forEach((name, t) -> out.put(name, Arrays.stream(t.toArray()).mapToObj(Double::doubleToRawLongBits)
                .toList()));
        return out;
    }

    @Test
    void aFlippedByteAnywhereIsRejectedNamingTheFileOrLoadsTheSameBits() throws IOException {
        Path file = dir.resolve("model.npz");
        Sequential saved = trained(1);
        Checkpoint.save(saved, file);
        Map<String, List<Long>> expected = bits(Checkpoint.state(saved));
        byte[] original = Files.readAllBytes(file);
        int flips = 400;
        int rejected = 0;
        for (int i = 0; i < flips; i++) {
            // Spread evenly over the file, header, values, central directory and all; one bit or a whole byte.
            int at = (int) ((long) i * original.length / flips);
            int mask = i % 2 == 0 ? 1 << (i / 2 % 8) : 0xff;
            byte[] flipped = original.clone();
            flipped[at] ^= (byte) mask;
            Path copy = dir.resolve("flip-" + at + "-" + mask + ".npz");
            Files.write(copy, flipped);
            Sequential loaded = model(2);
            try {
                Checkpoint.load(loaded, copy);
                assertEquals(expected, bits(Checkpoint.state(loaded)), "byte " + at + " ^ " + mask);
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().startsWith("checkpoint " + copy + ": "), e.getMessage());
                rejected++;
            }
            Files.delete(copy);
        }
        // Most of the file is arrays' headers and values, every byte of which their CRC-32 covers.
        assertTrue(rejected > flips / 2, rejected + " of " + flips + " flips rejected");
    }

    @Test
    void aFlippedValueIsRejectedNamingTheEntryAndBothChecksums() throws IOException {
        Path file = dir.resolve("model.npz");
        Sequential saved = trained(1);
        Checkpoint.save(saved, file);
        byte[] entry = Npy.write(Checkpoint.state(saved).get("layers.0.weight"));
        byte[] bytes = Files.readAllBytes(file);
        int valueAt = 30 + "layers.0.weight.npy".length() + 128 + 5;
        bytes[valueAt] ^= 0x10;
        entry[valueAt - 30 - "layers.0.weight.npy".length()] ^= 0x10;
        Files.write(file, bytes);
        assertEquals(String.format("checkpoint %s: parameter 'layers.0.weight' is corrupt: its CRC-32 is %08x but the"
                + " archive records %08x", file, crc(entry), crc(Npy.write(Checkpoint.state(saved)
                .get("layers.0.weight")))), message(file, model(2)));
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    @Test
    void aNameThatAppearsTwiceIsRejected() throws IOException {
        Path file = dir.resolve("twice.npz");
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (String name : List.of("a.npy", "b.npy")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(Npy.write(Tensor.zeros(2)));
                zip.closeEntry();
            }
        }
        // Rename b to a in the local and the central headers alike; the checksums cover only the data.
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).replace("b.npy", "a.npy");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
        assertEquals("checkpoint " + file + ": parameter 'a' is in the file twice (corrupt file)", e.getMessage());
    }

    @Test
    void saveDeletesTheTemporaryFilesThatKilledSavesLeftBehind() throws IOException {
        Path file = dir.resolve("model.npz");
        for (String stale : List.of("model.npz.1234567890.tmp", "model.npz.18446744073709551615.tmp")) {
            Files.write(dir.resolve(stale), new byte[4096]);
        }
        List<Path> others = List.of(dir.resolve("model.npz.backup.tmp"), dir.resolve("model.npz.tmp"),
                dir.resolve("other.npz.1234567890.tmp"));
        for (Path other : others) {
            Files.writeString(other, "not ours");
        }
        Sequential saved = trained(1);
        Checkpoint.save(saved, file);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Stream.concat(Stream.of(file), others.stream()).sorted().toList(), files.sorted().toList());
        }
        Sequential loaded = model(2);
        Checkpoint.load(loaded, file);
        assertEquals(bits(Checkpoint.state(saved)), bits(Checkpoint.state(loaded)));
    }

    @Test
    void theSavedFileHasThePermissionsOfAnyNewFile() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
        Path reference = dir.resolve("reference");
        Files.newOutputStream(reference).close();
        Path file = saved(model(1), "model.npz");
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void loadingADirectorySaysItIsADirectory() {
        assertEquals("checkpoint " + dir + ": is a directory, not a checkpoint file", message(dir, model(1)));
    }

    @Test
    void savingToADirectorySaysSoAndSuggestsAFilePath() {
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.save(model(1), dir));
        assertEquals("checkpoint " + dir + ": cannot write: it is a directory; give a file path such as "
                + dir.resolve("model.npz"), e.getMessage());
        Path root = Path.of("/");
        e = assertThrows(CheckpointException.class, () -> Checkpoint.save(model(1), root));
        assertEquals("checkpoint /: cannot write: it is a directory; give a file path such as /model.npz",
                e.getMessage());
    }

    @Test
    void nullArgumentsAreRejectedNamingTheMethodAndTheParameter() {
        Path file = dir.resolve("model.npz");
        Module m = model(1);
        List<Map.Entry<String, Executable>> calls = List.of(
                Map.entry("Checkpoint.state: model is null", () -> Checkpoint.state(null)),
                Map.entry("Checkpoint.save: model is null", () -> Checkpoint.save(null, file)),
                Map.entry("Checkpoint.save: file is null", () -> Checkpoint.save(m, null)),
                Map.entry("Checkpoint.read: file is null", () -> Checkpoint.read(null)),
                Map.entry("Checkpoint.load: model is null", () -> Checkpoint.load(null, file)),
                Map.entry("Checkpoint.load: file is null", () -> Checkpoint.load(m, null)));
        for (Map.Entry<String, Executable> call : calls) {
            assertEquals(call.getKey(), assertThrows(IllegalArgumentException.class, call.getValue()).getMessage());
        }
    }
}

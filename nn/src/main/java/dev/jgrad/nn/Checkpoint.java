package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Saves and loads a model's parameters and buffers as a NumPy {@code .npz} file: a zip archive holding one
 * {@code name.npy} array per named tensor, as {@code numpy.savez} writes, so
 * {@code numpy.load("model.npz")["layers.0.weight"]} reads it back in Python. Each array has its tensor's dtype:
 * {@code <f4} (numpy's float32) for FLOAT32, {@code <f8} (float64) for FLOAT64.
 *
 * <pre>{@code
 * Checkpoint.save(model, Path.of("model.npz"));
 * Checkpoint.load(sameArchitecture, Path.of("model.npz"));   // predictions now identical, bit for bit
 * }</pre>
 *
 * <p>Saving writes a temporary file {@code name.npz.<digits>.tmp} in the same directory and renames it over the
 * target, so a crash leaves either the old checkpoint or the new one, never half of one; the next save of the same
 * checkpoint deletes the temporary files that killed saves left behind. The file gets the permissions any new file
 * gets (those the umask leaves). Loading reads and checks the whole file before changing the model: every entry's
 * bytes must match the CRC-32 and size the archive records for it, so a flipped bit is caught rather than loaded; a
 * missing, truncated or corrupt file, a missing, repeated or unexpected name, or a shape that differs from the
 * model's throws {@link CheckpointException} naming the file and the parameter, and leaves the model untouched.
 * Saving the same checkpoint from two threads or processes at once is not supported: one of the saves may fail.
 *
 * <p>Loading converts each array to the dtype of the model's tensor it goes into, as PyTorch's
 * {@code load_state_dict} copies into the existing parameter: a float64 checkpoint loads into a model converted with
 * {@link Module#to(dev.jgrad.engine.DType) to(FLOAT32)} (each value rounded to the nearest float) and a float32 one
 * into a float64 model (exactly). An array of any other dtype ({@code <f2}, {@code <i8}, big-endian {@code >f8},
 * ...) is rejected naming the file, the entry and the dtype.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    private static final String SUFFIX = ".npy";
    private static final String TEMP_SUFFIX = ".tmp";

    /**
     * Every parameter and buffer of {@code model}, by name: what a checkpoint holds.
     *
     * @throws IllegalArgumentException if {@code model} is null
     */
    public static Map<String, Tensor> state(Module model) {
        Checks.notNull("Checkpoint.state", "model", model);
        Map<String, Tensor> state = new LinkedHashMap<>(model.namedParameters());
        state.putAll(model.namedBuffers());
        return Collections.unmodifiableMap(state);
    }

    /**
     * Writes every parameter and buffer of {@code model} to {@code file}, replacing it atomically.
     *
     * @throws IllegalArgumentException if an argument is null
     * @throws CheckpointException if {@code file} is a directory, its directory does not exist, or it cannot be
     *     written
     */
    public static void save(Module model, Path file) {
        Checks.notNull("Checkpoint.save", "model", model);
        Checks.notNull("Checkpoint.save", "file", file);
        Map<String, Tensor> state = state(model);
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target) || target.getFileName() == null) {
            throw new CheckpointException("checkpoint " + file + ": cannot write: it is a directory; give a file path"
                    + " such as " + target.resolve("model.npz"), null);
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new CheckpointException("checkpoint " + file + ": cannot write: the directory " + target.getParent()
                    + " does not exist", null);
        }
        Path tmp = null;
        try {
            deleteStaleTemporaries(target);
            Path fresh = target.resolveSibling(target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
            // Created as any other file is, with the permissions the umask leaves; Files.createTempFile would make
            // the checkpoint private to its owner.
            OutputStream raw = Files.newOutputStream(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            tmp = fresh;
            try (ZipOutputStream zip = new ZipOutputStream(raw)) {
                for (Map.Entry<String, Tensor> e : state.entrySet()) {
                    writeEntry(zip, e.getKey() + SUFFIX, Npy.write(e.getValue()));
                }
            }
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + file + ": cannot write: " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** A stored (uncompressed) entry, as numpy.savez writes them; stored entries need their CRC up front. */
    private static void writeEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * Deletes the temporary files of {@code target} that saves killed before their rename left behind; without this
     * every killed save of a large model would leave its size on the disk for good. The clean-up is no reason to fail
     * the save itself: a file it cannot delete, or a directory it cannot list, is left as it is.
     */
    private static void deleteStaleTemporaries(Path target) {
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
                p -> isTemporaryOf(name, p.getFileName().toString()))) {
            for (Path stale : siblings) {
                deleteQuietly(stale);
            }
        } catch (IOException | DirectoryIteratorException e) {
            // Listing failed; the save goes on, and a later one cleans up.
        }
    }

    /** Whether {@code candidate} is {@code name.<digits>.tmp}, as this class and its earlier versions name them. */
    private static boolean isTemporaryOf(String name, String candidate) {
        int from = name.length() + 1;
        int to = candidate.length() - TEMP_SUFFIX.length();
        if (to <= from || !candidate.startsWith(name + ".") || !candidate.endsWith(TEMP_SUFFIX)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(candidate.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The next save of the same checkpoint tries again; what failed the save, if anything, is reported.
            }
        }
    }

    /**
     * Every array in an {@code .npz} file, by name (the entry name without {@code .npy}), in file order: FLOAT32
     * tensors for {@code <f4} arrays, FLOAT64 for {@code <f8}.
     *
     * @throws IllegalArgumentException if {@code file} is null
     * @throws CheckpointException if the file is missing or a directory, truncated or corrupt (an entry whose bytes
     *     do not match its recorded CRC-32 or size), has a name twice, or an entry is not a little-endian float32
     *     ({@code <f4}) or float64 ({@code <f8}) array
     */
    public static Map<String, Tensor> read(Path file) {
        Checks.notNull("Checkpoint.read", "file", file);
        if (Files.isDirectory(file)) {
            throw new CheckpointException("checkpoint " + file + ": is a directory, not a checkpoint file", null);
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(SUFFIX)) {
                    throw new CheckpointException("checkpoint " + file + ": entry '" + name + "' is not an .npy array",
                            null);
                }
                String key = name.substring(0, name.length() - SUFFIX.length());
                if (arrays.containsKey(key)) {
                    throw new CheckpointException("checkpoint " + file + ": parameter '" + key
                            + "' is in the file twice (corrupt file)", null);
                }
                byte[] bytes = entryBytes(file, zip, entry, key);
                try {
                    arrays.put(key, Npy.read(key, bytes));
                } catch (IllegalArgumentException e) {
                    throw new CheckpointException("checkpoint " + file + ": " + e.getMessage(), e);
                }
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new CheckpointException("checkpoint " + file + ": file not found", e);
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + file + ": truncated or corrupt (not a complete zip archive: "
                    + e.getMessage() + ")", e);
        }
        return arrays;
    }

    /**
     * The bytes of {@code entry}, checked against the size and CRC-32 the archive records for it. The zip reader
     * checks neither for a stored entry (what checkpoints hold), so without this one flipped byte among the values
     * loads as a wrong weight.
     */
    private static byte[] entryBytes(Path file, ZipFile zip, ZipEntry entry, String key) {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + file + ": parameter '" + key
                    + "' cannot be read (corrupt file): " + e.getMessage(), e);
        }
        if (entry.getSize() != bytes.length) {
            throw new CheckpointException("checkpoint " + file + ": parameter '" + key + "' is corrupt: the archive"
                    + " records " + entry.getSize() + " bytes but " + bytes.length + " were read", null);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != entry.getCrc()) {
            throw new CheckpointException("checkpoint " + file + ": parameter '" + key + "' is corrupt: its CRC-32 is "
                    + String.format("%08x", crc.getValue()) + " but the archive records "
                    + String.format("%08x", entry.getCrc()), null);
        }
        return bytes;
    }

    /**
     * Replaces every parameter and buffer of {@code model} with the values saved in {@code file}, each converted to
     * the dtype the model's tensor has (which does not change). The names and shapes must match exactly; nothing is
     * changed unless they all do. A layer of the model that is not built yet (a {@link Dense} made with only its
     * units) is built from the saved shapes first, so a checkpoint loads into a freshly made model:
     * <pre>{@code
     * Model model = Model.sequential(new Dense(8, Activation.relu()), new Dense(1));   // no input width given
     * Checkpoint.load(model.module(), Path.of("model.npz"));                            // built as it was saved
     * }</pre>
     *
     * @throws IllegalArgumentException if an argument is null
     * @throws CheckpointException if the file cannot be read, or a name is missing, unexpected or of another shape
     */
    public static void load(Module model, Path file) {
        Checks.notNull("Checkpoint.load", "model", model);
        Checks.notNull("Checkpoint.load", "file", file);
        Map<String, Tensor> saved = read(file);
        List<Module> builtHere = new ArrayList<>();
        try {
            for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
                if (!e.getValue().built()) {
                    builtHere.add(e.getValue());
                    e.getValue().buildFrom(e.getKey().isEmpty() ? "" : e.getKey() + ".", saved, file);
                }
            }
            assign(model, file, saved);
        } catch (CheckpointException e) {
            // Built only to receive these values: back to unbuilt, so that a failed load leaves the model as it was.
            for (Module m : builtHere) {
                m.unbuild();
            }
            throw e;
        }
    }

    /** Checks that {@code saved} has exactly the model's names and shapes, then copies it into the model. */
    private static void assign(Module model, Path file, Map<String, Tensor> saved) {
        Map<String, Tensor> state = state(model);
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor value = saved.get(e.getKey());
            if (value == null) {
                throw new CheckpointException("checkpoint " + file + ": parameter '" + e.getKey()
                        + "' of the model is missing from the file (it has " + saved.keySet() + ")", null);
            }
            if (!Arrays.equals(value.shape(), e.getValue().shape())) {
                throw new CheckpointException("checkpoint " + file + ": parameter '" + e.getKey() + "' has shape "
                        + Arrays.toString(value.shape()) + " in the file but " + Arrays.toString(e.getValue().shape())
                        + " in the model", null);
            }
        }
        for (String name : saved.keySet()) {
            if (!state.containsKey(name)) {
                throw new CheckpointException("checkpoint " + file + ": parameter '" + name
                        + "' in the file is not a parameter or buffer of the model", null);
            }
        }
        try (var off = Tensor.noGrad()) {
            state.forEach((name, tensor) -> tensor.assign(saved.get(name)));
        }
    }
}

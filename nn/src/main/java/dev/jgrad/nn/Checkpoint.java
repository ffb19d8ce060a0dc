package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Saves and loads a model's parameters and buffers as a NumPy {@code .npz} file: a zip archive holding one
 * {@code name.npy} float64 array per named tensor, as {@code numpy.savez} writes, so
 * {@code numpy.load("model.npz")["layers.0.weight"]} reads it back in Python.
 *
 * <pre>{@code
 * Checkpoint.save(model, Path.of("model.npz"));
 * Checkpoint.load(sameArchitecture, Path.of("model.npz"));   // predictions now identical, bit for bit
 * }</pre>
 *
 * <p>Saving writes a temporary file in the same directory and renames it over the target, so a crash leaves either
 * the old checkpoint or the new one, never half of one. Loading reads and checks the whole file before changing
 * the model: a missing, truncated or corrupt file, a missing or unexpected name, or a shape that differs from the
 * model's throws {@link CheckpointException} naming the file and the parameter, and leaves the model untouched.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    private static final String SUFFIX = ".npy";

    /** Every parameter and buffer of {@code model}, by name: what a checkpoint holds. */
    public static Map<String, Tensor> state(Module model) {
        Map<String, Tensor> state = new LinkedHashMap<>(model.namedParameters());
        state.putAll(model.namedBuffers());
        return Collections.unmodifiableMap(state);
    }

    /**
     * Writes every parameter and buffer of {@code model} to {@code file}, replacing it atomically.
     *
     * @throws CheckpointException if the file cannot be written
     */
    public static void save(Module model, Path file) {
        Map<String, Tensor> state = state(model);
        Path target = file.toAbsolutePath();
        Path tmp = null;
        if (!Files.isDirectory(target.getParent())) {
            throw new CheckpointException("checkpoint " + file + ": cannot write: the directory " + target.getParent()
                    + " does not exist", null);
        }
        try {
            tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(raw)) {
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
                // The checkpoint itself is already in place or the original error is being reported.
            }
        }
    }

    /**
     * Every array in an {@code .npz} file, by name (the entry name without {@code .npy}), in file order.
     *
     * @throws CheckpointException if the file is missing, truncated or corrupt, or an entry is not a float64 array
     */
    public static Map<String, Tensor> read(Path file) {
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
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new CheckpointException("checkpoint " + file + ": parameter '" + key
                            + "' cannot be read (corrupt file): " + e.getMessage(), e);
                }
                try {
                    arrays.put(key, Npy.read(bytes));
                } catch (IllegalArgumentException e) {
                    throw new CheckpointException("checkpoint " + file + ": parameter '" + key + "': " + e.getMessage(),
                            e);
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
     * Replaces every parameter and buffer of {@code model} with the values saved in {@code file}. The names and
     * shapes must match exactly; nothing is changed unless they all do.
     *
     * @throws CheckpointException if the file cannot be read, or a name is missing, unexpected or of another shape
     */
    public static void load(Module model, Path file) {
        Map<String, Tensor> saved = read(file);
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

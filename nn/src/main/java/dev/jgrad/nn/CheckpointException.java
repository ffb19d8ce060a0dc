package dev.jgrad.nn;

/**
 * A checkpoint could not be written or read: the file is missing, truncated or corrupt, or its parameters do not
 * match the model's. The message names the file and, where one is at fault, the parameter.
 *
 * <pre>{@code
 * try {
 *     Checkpoint.load(model, Path.of("model.npz"));
 * } catch (CheckpointException e) {
 *     // e.g. "checkpoint model.npz: parameter 'layers.0.weight' is corrupt: its CRC-32 is ... but the archive records ..."
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

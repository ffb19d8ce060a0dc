package dev.jgrad.engine;

/**
 * Argument checks that every public entry point shares, so that a null reaches the caller as an
 * {@link IllegalArgumentException} naming the op and the parameter, not as the JVM's message about a local variable.
 */
final class Checks {
    private Checks() {
    }

    /** {@code value}, or an exception such as {@code add: other is null}. */
    static <T> T notNull(String op, String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        return value;
    }

    /**
     * {@code array}, checked to be non-null and to hold no null: {@code concat: parts is null}, or
     * {@code concat: part 1 is null} for the element at (zero-based) position 1.
     */
    static <T> T[] noNulls(String op, String name, String element, T[] array) {
        notNull(op, name, array);
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new IllegalArgumentException(op + ": " + element + " " + i + " is null");
            }
        }
        return array;
    }
}

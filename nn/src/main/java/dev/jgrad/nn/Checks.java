package dev.jgrad.nn;

/** Argument checks shared by nn's public methods, so a null gets a message that names the method and parameter. */
final class Checks {
    private Checks() {
    }

    /**
     * {@code value}, unless it is null.
     *
     * @throws IllegalArgumentException {@code "op: name is null"} if {@code value} is null
     */
    static <T> T notNull(String op, String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        return value;
    }
}

package dev.jgrad.nn;

/** How {@link History} and {@link CsvLogger} write names and numbers into CSV and JSON, in one place. */
final class Text {
    private Text() {
    }

    /** A CSV field (RFC 4180): quoted, with its quotes doubled, only if it holds a comma, a quote or a line break. */
    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
                && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /**
     * A number exactly: {@link Double#toString} gives the shortest decimal that reads back as the same double
     * ({@code 0.1}, {@code 1.0E-4}, {@code NaN}, {@code Infinity}).
     */
    static String number(double value) {
        return Double.toString(value);
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259). */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A JSON number, or {@code null} for NaN and the infinities, which JSON has no literal for. */
    static String json(double value) {
        return Double.isFinite(value) ? number(value) : "null";
    }
}

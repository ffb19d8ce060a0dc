package dev.jgrad.gradcheck;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The table command: checks every catalog entry on random cases from its domain and prints, per entry, how many
 * cases were tried and the worst relative error of its first and second derivatives.
 *
 * <pre>
 * mvn -q -pl gradcheck -am package -DskipTests -Pcatalog-table                      # 100 cases per entry
 * mvn -q -pl gradcheck -am package -DskipTests -Pcatalog-table -Dcatalog.tries=1000 -Dcatalog.seed=7
 * mvn -q -pl nn -am package -DskipTests -Pcatalog-table                             # then nn's entries too
 * </pre>
 *
 * <p>The catalog is {@link OpCatalog#discover()}: the engine's entries and those registered by other modules on
 * the class path; a third argument selects {@code all} of them (the default), the {@code engine}'s only, or only
 * those {@code added} by other modules, as nn's build does with its test class path. Inputs whose derivative is below the accuracy of central differences (see
 * {@link InputReport#withinNumericalAccuracy()}) are counted in their own column and left out of the worst error,
 * which they would otherwise dominate with a meaningless number. The command exits with status 1 when a case
 * fails.
 */
public final class CatalogTable {
    /** Cases per entry, unless the command or {@link OpEntry#verify(int, long)} is told otherwise. */
    public static final int TRIES = 100;
    /** The seed each entry's cases are drawn from, unless told otherwise. */
    public static final long SEED = 42;

    private CatalogTable() {
    }

    /** What one entry's checks found. */
    public static final class Row {
        private final OpEntry entry;
        private int cases;
        private double worstFirst;
        private double worstSecond;
        private int unresolved;
        private int failures;
        private String firstFailure;
        private Throwable firstCause;

        Row(OpEntry entry) {
            this.entry = entry;
            this.worstSecond = entry.twiceDifferentiable() ? 0 : Double.NaN;
        }

        /** The entry checked. */
        public OpEntry entry() {
            return entry;
        }

        /** How many cases were tried. */
        public int cases() {
            return cases;
        }

        /** The worst relative error of first derivatives over all cases and inputs. */
        public double worstFirst() {
            return worstFirst;
        }

        /** The worst relative error of second derivatives; NaN for an entry checked to first order only. */
        public double worstSecond() {
            return worstSecond;
        }

        /**
         * How many input checks passed only within the accuracy of central differences: derivatives too close to 0
         * for a relative error to mean anything.
         */
        public int unresolved() {
            return unresolved;
        }

        /** How many cases failed (a mismatch, or an exception from the op). */
        public int failures() {
            return failures;
        }

        /** The report of the first failing case, or {@code null}. */
        public String firstFailure() {
            return firstFailure;
        }

        void add(GradCheckResult r, boolean second) {
            for (InputReport in : r.inputs()) {
                if (in.withinNumericalAccuracy()) {
                    unresolved++;
                } else if (second) {
                    worstSecond = Math.max(worstSecond, in.relativeError());
                } else {
                    worstFirst = Math.max(worstFirst, in.relativeError());
                }
            }
        }

        /** The exception the first failing case threw, or {@code null} when it failed by a wrong derivative. */
        public Throwable firstCause() {
            return firstCause;
        }

        void fail(OpCase c, String report, Throwable cause) {
            failures++;
            if (firstFailure == null) {
                firstFailure = c + "\n" + report;
                firstCause = cause;
            }
        }
    }

    /**
     * Prints the table of {@link OpCatalog#discover()}. Arguments: the number of cases per entry (default
     * {@link #TRIES}), the random seed (default {@link #SEED}) and which entries, as {@link #select(String)} takes it (default {@code all}).
     */
    public static void main(String[] args) {
        int tries = args.length > 0 ? Integer.parseInt(args[0]) : TRIES;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
        OpCatalog catalog = select(args.length > 2 ? args[2] : "all");
        List<Row> rows = run(catalog, tries, seed, GradCheckOptions.defaults());
        print(rows, tries, seed, System.out);
        for (Row r : rows) {
            if (r.failures() > 0) {
                System.exit(1);
            }
        }
    }

    /**
     * The entries of {@link OpCatalog#discover()} to check: {@code "all"}, {@code "engine"} (those of
     * {@link OpCatalog#engine()}) or {@code "added"} (those of the {@link OpCatalogProvider}s only).
     *
     * @throws IllegalArgumentException for another scope
     */
    public static OpCatalog select(String scope) {
        switch (scope) {
            case "all":
                return OpCatalog.discover();
            case "engine":
                return OpCatalog.engine();
            case "added":
                List<OpEntry> added = new ArrayList<>();
                for (OpEntry e : OpCatalog.discover().entries()) {
                    if (!OpCatalog.engine().contains(e.name())) {
                        added.add(e);
                    }
                }
                return OpCatalog.of(added);
            default:
                throw new IllegalArgumentException("CatalogTable: scope '" + scope + "' is none of all, engine, added");
        }
    }

    /**
     * Checks {@code tries} cases of every entry of {@code catalog}; each entry's cases are drawn from {@code seed}
     * on their own (see {@link OpEntry#sample}), so a row does not depend on the entries before it.
     */
    public static List<Row> run(OpCatalog catalog, int tries, long seed, GradCheckOptions options) {
        List<Row> rows = new ArrayList<>();
        for (OpEntry e : catalog.entries()) {
            rows.add(check(e, tries, seed, options));
        }
        return rows;
    }

    /** Checks {@code tries} cases of {@code entry} drawn from {@code seed}: one row of the table. */
    public static Row check(OpEntry entry, int tries, long seed, GradCheckOptions options) {
        Row row = new Row(entry);
        for (OpCase c : entry.sample(tries, seed)) {
            row.cases++;
            try {
                GradCheckResult first = c.checkGradients(options);
                row.add(first, false);
                if (!first.passed()) {
                    row.fail(c, first.report(), null);
                    continue;
                }
                if (entry.twiceDifferentiable()) {
                    GradCheckResult second = c.checkSecondGradients(options);
                    row.add(second, true);
                    if (!second.passed()) {
                        row.fail(c, second.report(), null);
                    }
                }
            } catch (RuntimeException ex) {
                row.fail(c, ex.toString(), ex);
            }
        }
        return row;
    }

    /** Prints the table, then the first failing case of every entry that had one. */
    public static void print(List<Row> rows, int tries, long seed, PrintStream out) {
        int width = "entry".length();
        for (Row r : rows) {
            width = Math.max(width, r.entry().name().length());
        }
        String format = "%-" + width + "s  %6s  %13s  %13s  %13s  %s%n";
        out.printf("op catalog: %d entries, %d cases each, seed %d; %s%n", rows.size(), tries, seed,
                GradCheckOptions.defaults());
        out.printf(format, "entry", "cases", "worst 1st", "worst 2nd", "unresolved", "result");
        int failed = 0;
        for (Row r : rows) {
            String second = Double.isNaN(r.worstSecond()) ? "-" : String.format("%.2e", r.worstSecond());
            out.printf(format, r.entry().name(), r.cases(), String.format("%.2e", r.worstFirst()), second,
                    r.unresolved(), r.failures() == 0 ? "ok" : r.failures() + " FAILED");
            failed += r.failures() > 0 ? 1 : 0;
        }
        out.printf("%d of %d entries pass%n", rows.size() - failed, rows.size());
        for (Row r : rows) {
            if (r.firstFailure() != null) {
                out.printf("%nfirst failure of %s:%n%s%n", r.entry().name(), r.firstFailure());
            }
        }
    }
}

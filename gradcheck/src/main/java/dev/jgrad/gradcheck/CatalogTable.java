package dev.jgrad.gradcheck;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The table command: checks every catalog entry on random cases from its domain and prints, per entry, how many
 * cases were tried, the worst relative error of its first and second derivatives against central differences, and
 * the worst relative difference of the float32 op from the float64 one in values, first and second derivatives
 * ({@code |f32 - f64| / (atol / rtol + |f64| + scale)}, which passes up to {@code rtol = 2^-14 = 6.1e-5}; see
 * {@link GradCheck#checkFloat32}).
 *
 * <pre>
 * mvn -q -pl gradcheck -am package -DskipTests -Pcatalog-table                      # 100 cases per entry
 * mvn -q -pl gradcheck -am package -DskipTests -Pcatalog-table -Dcatalog.tries=1000 -Dcatalog.seed=7
 * mvn -q -pl nn -am package -DskipTests -Pcatalog-table                             # then nn's entries too
 * </pre>
 *
 * <p>or from code:
 *
 * <pre>{@code
 * List<CatalogTable.Row> rows = CatalogTable.run(OpCatalog.discover(), 20, 7, GradCheckOptions.defaults());
 * CatalogTable.print(rows, 20, 7, System.out);
 * }</pre>
 *
 * <p>The catalog is {@link OpCatalog#discover()}: the engine's entries and those registered by other modules on
 * the class path; a third argument selects {@code all} of them (the default), the {@code engine}'s only, or only
 * those {@code added} by other modules, as nn's build does with its test class path. Inputs whose derivative is below the accuracy of central differences (see
 * {@link InputReport#withinNumericalAccuracy()}) are counted in their own column and left out of the worst error,
 * which they would otherwise dominate with a meaningless number. The command exits with status 1 when a case
 * fails, in either dtype.
 */
public final class CatalogTable {
    /** Cases per entry, unless the command or {@link OpEntry#verify(int, long)} is told otherwise. */
    public static final int TRIES = 100;
    /** The seed each entry's cases are drawn from, unless told otherwise. */
    public static final long SEED = 42;

    private CatalogTable() {
    }

    /**
     * What one entry's checks found.
     *
     * <pre>{@code
     * CatalogTable.Row row = CatalogTable.check(entry, 20, 7, GradCheckOptions.defaults());
     * if (row.failures() > 0) System.out.println(row.entry().name() + ": " + row.firstFailure());
     * }</pre>
     */
    public static final class Row {
        private final OpEntry entry;
        private int cases;
        private double worstFirst = Double.NaN;
        private double worstSecond = Double.NaN;
        private int unresolved;
        private double worstFloat32Values = Double.NaN;
        private double worstFloat32First = Double.NaN;
        private double worstFloat32Second = Double.NaN;
        private final Failures float64 = new Failures();
        private final Failures float32 = new Failures();

        /** A row for the checks asked for; the columns of the others stay NaN. */
        Row(OpEntry entry, boolean float64, boolean float32) {
            this.entry = entry;
            double second = entry.twiceDifferentiable() ? 0 : Double.NaN;
            if (float64) {
                worstFirst = 0;
                worstSecond = second;
            }
            if (float32) {
                worstFloat32Values = 0;
                worstFloat32First = 0;
                worstFloat32Second = second;
            }
        }

        /** The entry checked. */
        public OpEntry entry() {
            return entry;
        }

        /** How many cases were tried. */
        public int cases() {
            return cases;
        }

        /** The worst relative error of first derivatives over all cases and inputs; NaN if not checked. */
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

        /** How many cases failed in float64 (a mismatch, or an exception from the op). */
        public int failures() {
            return float64.count;
        }

        /** The report of the first failing case in float64, or {@code null}. */
        public String firstFailure() {
            return float64.first;
        }

        /** The exception the first failing case threw, or {@code null} when it failed by a wrong derivative. */
        public Throwable firstCause() {
            return float64.cause;
        }

        /**
         * The worst float32-vs-float64 relative difference of the output's values over all cases,
         * {@code |f32 - f64| / (atol / rtol + |f64| + scale)} (see {@link Float32Report#relativeDifference()});
         * NaN if not checked.
         */
        public double worstFloat32Values() {
            return worstFloat32Values;
        }

        /** The worst float32-vs-float64 relative difference of first derivatives; NaN if not checked. */
        public double worstFloat32First() {
            return worstFloat32First;
        }

        /** The worst float32-vs-float64 relative difference of second derivatives; NaN if not checked. */
        public double worstFloat32Second() {
            return worstFloat32Second;
        }

        /** How many cases failed in float32: another dtype, a difference beyond tolerance, or an exception. */
        public int float32Failures() {
            return float32.count;
        }

        /** The report of the first case that failed in float32, or {@code null}. */
        public String firstFloat32Failure() {
            return float32.first;
        }

        /** The exception the first case that failed in float32 threw, or {@code null}. */
        public Throwable firstFloat32Cause() {
            return float32.cause;
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

        void add(Float32CheckResult r) {
            if (r.output() != null) {
                worstFloat32Values = Math.max(worstFloat32Values, r.output().relativeDifference());
            }
            if (r.order() == 1) {
                worstFloat32First = Math.max(worstFloat32First, r.maxGradientDifference());
            } else {
                worstFloat32Second = Math.max(worstFloat32Second, r.maxGradientDifference());
            }
        }
    }

    /** How many cases of one kind of check failed, and the first of them. */
    private static final class Failures {
        private int count;
        private String first;
        private Throwable cause;

        void add(OpCase c, String report, Throwable exception) {
            count++;
            if (first == null) {
                first = c + "\n" + report;
                cause = exception;
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
            if (r.failures() > 0 || r.float32Failures() > 0) {
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

    /**
     * Checks {@code tries} cases of {@code entry} drawn from {@code seed}, against central differences and in
     * float32 against float64: one row of the table.
     */
    public static Row check(OpEntry entry, int tries, long seed, GradCheckOptions options) {
        return check(entry, tries, seed, options, true, true);
    }

    /** {@link #check(OpEntry, int, long, GradCheckOptions)}, in float64 only, in float32 only or both. */
    static Row check(OpEntry entry, int tries, long seed, GradCheckOptions options, boolean float64,
                     boolean float32) {
        Row row = new Row(entry, float64, float32);
        for (OpCase c : entry.sample(tries, seed)) {
            row.cases++;
            if (float64) {
                checkFloat64(row, c, options);
            }
            if (float32) {
                checkFloat32(row, c, options);
            }
        }
        return row;
    }

    private static void checkFloat64(Row row, OpCase c, GradCheckOptions options) {
        try {
            GradCheckResult first = c.checkGradients(options);
            row.add(first, false);
            if (!first.passed()) {
                row.float64.add(c, first.report(), null);
                return;
            }
            if (c.twiceDifferentiable()) {
                GradCheckResult second = c.checkSecondGradients(options);
                row.add(second, true);
                if (!second.passed()) {
                    row.float64.add(c, second.report(), null);
                }
            }
        } catch (RuntimeException ex) {
            row.float64.add(c, ex.toString(), ex);
        }
    }

    private static void checkFloat32(Row row, OpCase c, GradCheckOptions options) {
        try {
            Float32CheckResult first = c.checkFloat32(options);
            row.add(first);
            if (!first.passed()) {
                row.float32.add(c, first.report(), null);
                return;
            }
            if (c.twiceDifferentiable()) {
                Float32CheckResult second = c.checkFloat32SecondGradients(options);
                row.add(second);
                if (!second.passed()) {
                    row.float32.add(c, second.report(), null);
                }
            }
        } catch (RuntimeException ex) {
            row.float32.add(c, ex.toString(), ex);
        }
    }

    /**
     * Prints the table, then the first failing case of every entry that had one: per entry, the cases, the worst
     * relative errors against central differences, the unresolved inputs, the worst float32-vs-float64 relative
     * differences of values, first and second derivatives, and the result.
     */
    public static void print(List<Row> rows, int tries, long seed, PrintStream out) {
        int width = "entry".length();
        for (Row r : rows) {
            width = Math.max(width, r.entry().name().length());
        }
        String format = "%-" + width + "s  %6s  %10s  %10s  %10s  %10s  %10s  %10s  %s%n";
        GradCheckOptions o = GradCheckOptions.defaults();
        out.printf("op catalog: %d entries, %d cases each, seed %d; %s; float32: |f32 - f64| <= %.3g + %.3g * (|f64|"
                + " + scale)%n", rows.size(), tries, seed, o, o.float32Atol(), o.float32Rtol());
        out.printf(format, "entry", "cases", "worst 1st", "worst 2nd", "unresolved", "f32 values", "f32 1st",
                "f32 2nd", "result");
        int failed = 0;
        for (Row r : rows) {
            String result = r.failures() == 0 && r.float32Failures() == 0 ? "ok"
                    : (r.failures() > 0 ? r.failures() + " FAILED" : "")
                    + (r.failures() > 0 && r.float32Failures() > 0 ? ", " : "")
                    + (r.float32Failures() > 0 ? r.float32Failures() + " FAILED in float32" : "");
            out.printf(format, r.entry().name(), r.cases(), number(r.worstFirst()), number(r.worstSecond()),
                    r.unresolved(), number(r.worstFloat32Values()), number(r.worstFloat32First()),
                    number(r.worstFloat32Second()), result);
            failed += result.equals("ok") ? 0 : 1;
        }
        out.printf("%d of %d entries pass%n", rows.size() - failed, rows.size());
        for (Row r : rows) {
            if (r.firstFailure() != null) {
                out.printf("%nfirst failure of %s:%n%s%n", r.entry().name(), r.firstFailure());
            }
            if (r.firstFloat32Failure() != null) {
                out.printf("%nfirst float32 failure of %s:%n%s%n", r.entry().name(), r.firstFloat32Failure());
            }
        }
    }

    /** A worst error as the table prints it; {@code -} for one not checked. */
    private static String number(double e) {
        return Double.isNaN(e) ? "-" : String.format("%.2e", e);
    }
}

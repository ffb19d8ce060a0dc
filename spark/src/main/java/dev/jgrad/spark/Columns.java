package dev.jgrad.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Where a data set's features and target are: the columns' positions in a {@link Row}, checked against the schema on
 * the driver (present, and of a type that holds numbers) and read into arrays on the executors.
 */
final class Columns implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int features;
    private final int target;
    private final boolean scalarTarget;

    private Columns(int features, int target, boolean scalarTarget) {
        this.features = features;
        this.target = target;
        this.scalarTarget = scalarTarget;
    }

    /**
     * The columns named {@code features} and {@code target} (null for none) of {@code schema}.
     *
     * @throws IllegalArgumentException naming {@code op} and the column, if a column is missing or holds something
     *     other than numbers
     */
    static Columns of(String op, StructType schema, String features, String target) {
        int f = index(op, schema, features);
        DataType ft = schema.fields()[f].dataType();
        if (!isVector(ft)) {
            throw new IllegalArgumentException(op + ": column '" + features + "' is " + ft.simpleString()
                    + "; expected array<double>, array<float> or a Spark ML vector");
        }
        if (target == null) {
            return new Columns(f, -1, false);
        }
        int t = index(op, schema, target);
        DataType tt = schema.fields()[t].dataType();
        if (!(tt instanceof NumericType) && !isVector(tt)) {
            throw new IllegalArgumentException(op + ": column '" + target + "' is " + tt.simpleString()
                    + "; expected a number (a class label or a target value), an array of numbers or a Spark ML"
                    + " vector");
        }
        return new Columns(f, t, tt instanceof NumericType);
    }

    private static int index(String op, StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException(op + ": the data has no column '" + name + "'; its columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.fieldIndex(name);
    }

    private static boolean isVector(DataType type) {
        return type instanceof VectorUDT
                || type instanceof ArrayType a && a.elementType() instanceof NumericType;
    }

    /** Whether the target column holds one number per row (a class label or a target value). */
    boolean scalarTarget() {
        return scalarTarget;
    }

    /** The feature values of {@code row}; throws {@link BadRow} for a null. */
    double[] features(Row row) {
        return numbers(row, features, false);
    }

    /** The target values of {@code row}, one for a scalar column; throws {@link BadRow} for a null. */
    double[] target(Row row) {
        if (!scalarTarget) {
            return numbers(row, target, true);
        }
        if (row.isNullAt(target)) {
            throw new BadRow(true, "null");
        }
        return new double[] {((Number) row.get(target)).doubleValue()};
    }

    private static double[] numbers(Row row, int column, boolean target) {
        if (row.isNullAt(column)) {
            throw new BadRow(target, "null");
        }
        Object value = row.get(column);
        if (value instanceof Vector v) {
            return v.toArray();
        }
        List<Object> list = row.getList(column);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object x = list.get(i);
            if (x == null) {
                throw new BadRow(target, "a null at index " + i);
            }
            out[i] = ((Number) x).doubleValue();
        }
        return out;
    }

    /**
     * A row whose feature or target column holds something no number can be read from; the reader names the row and
     * the column.
     */
    static final class BadRow extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean target;

        BadRow(boolean target, String what) {
            super(what, null, false, false);
            this.target = target;
        }
    }
}

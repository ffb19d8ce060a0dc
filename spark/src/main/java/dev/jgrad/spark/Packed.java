package dev.jgrad.spark;

import java.io.Serializable;

/**
 * A vector of doubles as it travels between driver and executors: as floats when every value is one (a float32
 * model's parameters and gradients are), in half the bytes, else as doubles. Plain fields, so Spark's Java and Kryo
 * serialisers both carry it as it is.
 */
final class Packed implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] doubles;
    private final float[] floats;

    private Packed(double[] doubles, float[] floats) {
        this.doubles = doubles;
        this.floats = floats;
    }

    /** {@code values}, as floats if each is exactly one (NaN included), or null for null. */
    static Packed of(double[] values) {
        if (values == null) {
            return null;
        }
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
            if (f[i] != values[i] && !Double.isNaN(values[i])) {
                return new Packed(values, null);
            }
        }
        return new Packed(null, f);
    }

    int length() {
        return doubles != null ? doubles.length : floats.length;
    }

    double at(int i) {
        return doubles != null ? doubles[i] : floats[i];
    }

    /** The values {@code from..to-1}. */
    double[] slice(int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = at(i);
        }
        return out;
    }

    /** Every value times {@code factor}, in double. */
    double[] times(double factor) {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = at(i) * factor;
        }
        return out;
    }
}

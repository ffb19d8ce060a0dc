package dev.jgrad.engine;

import java.util.Arrays;

/**
 * The fused dense layer, {@code y = f(x · W + b)} with {@code f} an {@link Epilogue}: one product into a fresh
 * output, then one pass over the output's rows that adds the bias and applies {@code f} while each row is in cache,
 * instead of a product, an add and a relu each writing an array of its own. The values are those of
 * {@code x.matmul(W).add(b).relu()} bit for bit: the same product on the same kernel, then the same additions and
 * maxima, each rounded once to the dtype.
 *
 * <p>Backward, the multiply gate of matmul behind the add gate of the bias, with {@code f'} read from the saved
 * output ({@code relu'(z) = 1} where {@code y > 0}, which is where {@code z > 0}; 0 at 0). Without
 * {@code createGraph} one pass over the upstream gradient's rows gives both {@code dZ} and the bias gradient (summed
 * in double for FLOAT32, as every reduction is); with it, the same formulas are recorded from tensor ops, so they can
 * be differentiated again. {@code x} may be a batch of matrices, {@code [b, n, in]}: its rows are stacked into one
 * product, as matmul does for a batch times one matrix.
 */
final class LinearOps {
    private LinearOps() {
    }

    private static final String OP = "linear";

    /** dZ = g ⊙ f'(y), db = Σ_rows dZ, dW = xᵀ · dZ, dx = dZ · Wᵀ. */
    static Tensor linear(Tensor x, Tensor weight, Tensor bias, Epilogue epilogue) {
        Checks.notNull(OP, "weight", weight);
        Checks.notNull(OP, "epilogue", epilogue);
        int r = x.shape.length;
        if (r < 2 || r > 3 || weight.shape.length != 2) {
            throw new IllegalArgumentException(OP + ": needs an input of rank 2 or 3 and a weight of rank 2, got "
                    + Shapes.str(x.shape) + " x " + Shapes.str(weight.shape));
        }
        int in = weight.shape[0], out = weight.shape[1];
        if (x.shape[r - 1] != in) {
            throw new IllegalArgumentException(OP + ": inner dimensions differ: " + Shapes.str(x.shape) + " x "
                    + Shapes.str(weight.shape));
        }
        if (bias != null && (bias.shape.length != 1 || bias.shape[0] != out)) {
            throw new IllegalArgumentException(OP + ": bias of shape " + Shapes.str(bias.shape) + " does not match"
                    + " weight " + Shapes.str(weight.shape) + ": needs [" + out + "]");
        }
        int[] shape = x.shape.clone();
        shape[r - 1] = out;
        Shapes.checkedSize(OP, shape);
        DType dtype = DType.promoted(x.dtype(), weight.dtype());
        if (bias != null) {
            dtype = DType.promoted(dtype, bias.dtype());
        }
        int rows = Shapes.checkedSize(OP, Arrays.copyOf(x.shape, r - 1));
        return fused(x.to(dtype), weight.to(dtype), bias == null ? null : bias.to(dtype), epilogue == Epilogue.RELU,
                rows, shape);
    }

    /** The op on checked operands of one dtype, {@code x} read as {@code rows} rows; {@code b} may be null. */
    private static Tensor fused(Tensor x, Tensor w, Tensor b, boolean relu, int rows, int[] shape) {
        int in = w.shape[0], n = w.shape[1];
        Tensor y = Storage.empty(x.dtype(), shape);
        MatmulOps.multiply(false, false, rows, n, in, x, 0, w, 0, y, 0);
        if (b != null || relu) {
            biasAndRelu(y, b, relu, rows, n);
        }
        Backward backward = g -> {
            Tensor dz, db;
            boolean needsDb = b != null && b.requiresGrad;
            if (GradMode.current().recording) {
                // createGraph: the mask is a constant, so relu's own recorded backward applies it.
                dz = relu ? UnaryOps.routePositive(g, y) : g;
                db = needsDb ? dz.sumTo(b.shape) : null;
            } else {
                dz = relu ? Storage.empty(g.dtype(), g.shape) : g;
                Tensor sums = needsDb ? Storage.zeros(DType.FLOAT64, b.shape) : null;
                maskAndSum(g, y, relu ? dz : null, sums, rows, n);
                db = sums == null ? null : Storage.fromDoubles(g.dtype(), sums.data, b.shape);
            }
            Tensor rowsOfDz = dz.reshape(rows, n);
            Tensor dx = x.requiresGrad ? MatmulOps.product(rowsOfDz, w, false, true).reshape(x.shape) : null;
            Tensor dw = w.requiresGrad ? MatmulOps.product(x.reshape(rows, in), rowsOfDz, true, false) : null;
            return b == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, db};
        };
        return b == null ? Tensor.record(OP, y, backward, x, w) : Tensor.record(OP, y, backward, x, w, b);
    }

    /** Row by row, while the row is in cache: {@code y += b}, then {@code y = max(y, 0)} if {@code relu}. */
    private static void biasAndRelu(Tensor y, Tensor b, boolean relu, int rows, int n) {
        if (y.data != null) {
            double[] o = y.data, bias = b == null ? null : b.data;
            for (int off = 0, end = rows * n; off < end; off += n) {
                if (bias != null) {
                    for (int j = 0; j < n; j++) o[off + j] += bias[j];
                }
                if (relu) {
                    for (int j = 0; j < n; j++) o[off + j] = Math.max(o[off + j], 0.0);
                }
            }
        } else {
            float[] o = y.floats, bias = b == null ? null : b.floats;
            for (int off = 0, end = rows * n; off < end; off += n) {
                if (bias != null) {
                    for (int j = 0; j < n; j++) o[off + j] += bias[j];
                }
                if (relu) {
                    for (int j = 0; j < n; j++) o[off + j] = Math.max(o[off + j], 0.0f);
                }
            }
        }
    }

    private static final long POSITIVE_INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
    private static final int POSITIVE_INFINITY_FLOAT_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

    /**
     * Row by row over the upstream gradient {@code g}: {@code dz = g} where {@code y > 0}, else 0 (skipped when
     * {@code dz} is null, the identity epilogue), and the gradient passed on summed per column into {@code sums}
     * (FLOAT64; skipped when null). The mask is taken without a branch per element, as relu's backward takes it: on a
     * hidden layer about half the signs are random.
     */
    private static void maskAndSum(Tensor g, Tensor y, Tensor dz, Tensor sums, int rows, int n) {
        double[] acc = sums == null ? null : sums.data;
        if (g.data != null) {
            double[] gv = g.data, yv = y.data, d = dz == null ? gv : dz.data;
            for (int off = 0, end = rows * n; off < end; off += n) {
                if (dz != null) {
                    for (int j = 0; j < n; j++) {
                        long bits = Double.doubleToRawLongBits(yv[off + j]);
                        // All ones exactly when 0 < bits <= the bits of +infinity, i.e. y > 0; all zeros otherwise.
                        long keep = (-bits & (bits - POSITIVE_INFINITY_BITS - 1)) >> 63;
                        d[off + j] = Double.longBitsToDouble(Double.doubleToRawLongBits(gv[off + j]) & keep);
                    }
                }
                if (acc != null) {
                    for (int j = 0; j < n; j++) acc[j] += d[off + j];
                }
            }
        } else {
            float[] gv = g.floats, yv = y.floats, d = dz == null ? gv : dz.floats;
            for (int off = 0, end = rows * n; off < end; off += n) {
                if (dz != null) {
                    for (int j = 0; j < n; j++) {
                        int bits = Float.floatToRawIntBits(yv[off + j]);
                        int keep = (-bits & (bits - POSITIVE_INFINITY_FLOAT_BITS - 1)) >> 31;
                        d[off + j] = Float.intBitsToFloat(Float.floatToRawIntBits(gv[off + j]) & keep);
                    }
                }
                if (acc != null) {
                    for (int j = 0; j < n; j++) acc[j] += d[off + j];
                }
            }
        }
    }
}

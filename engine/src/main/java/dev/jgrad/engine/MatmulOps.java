package dev.jgrad.engine;

/**
 * The matrix product, a multiply-gate op: each operand's gradient is the upstream gradient times the other
 * operand, both as transpose-aware products ({@code dA = dC · Bᵀ}, {@code dB = Aᵀ · dC}) that run on the same
 * kernel as the forward and are recorded like it, so second derivatives work. FLOAT32 operands run on the kernel's
 * single-precision product; a FLOAT32 operand times a FLOAT64 one is cast to FLOAT64 first (recorded, so its
 * gradient comes back in FLOAT32).
 */
final class MatmulOps {
    private MatmulOps() {
    }

    private static final String OP = "matmul";

    /** The kernel every product runs on, chosen once. */
    static final Gemm GEMM = Kernels.GEMM;

    /** d/da = g · bᵀ, d/db = aᵀ · g (see {@link #product}). */
    static Tensor matmul(Tensor a, Tensor b) {
        Checks.notNull(OP, "other", b);
        int ra = a.shape.length, rb = b.shape.length;
        if (ra < 2 || ra > 3 || rb < 2 || rb > 3) {
            throw new IllegalArgumentException(OP + ": needs operands of rank 2 or 3, got " + Shapes.str(a.shape)
                    + " x " + Shapes.str(b.shape));
        }
        if (a.shape[ra - 1] != b.shape[rb - 2]) {
            throw new IllegalArgumentException(OP + ": inner dimensions differ: " + Shapes.str(a.shape) + " x "
                    + Shapes.str(b.shape));
        }
        if (ra == 3 && rb == 3 && a.shape[0] != b.shape[0]) {
            throw new IllegalArgumentException(OP + ": batch dimensions differ: " + Shapes.str(a.shape) + " x "
                    + Shapes.str(b.shape));
        }
        int m = a.shape[ra - 2], n = b.shape[rb - 1];
        Shapes.checkedSize(OP, rb == 3 ? new int[] {b.shape[0], m, n} : ra == 3 ? new int[] {a.shape[0], m, n}
                : new int[] {m, n});
        DType dtype = DType.promoted(a.dtype(), b.dtype());
        return batched(a.to(dtype), b.to(dtype), ra, rb, m, n);
    }

    /** The product of two checked operands of one dtype: a batch times one matrix, or either way round. */
    private static Tensor batched(Tensor a, Tensor b, int ra, int rb, int m, int n) {
        if (ra == 3 && rb == 2) {
            // A batch times one matrix is one product over the batch's stacked rows: a view, not a copy.
            int batch = a.shape[0];
            return product(a.reshape(batch * m, a.shape[2]), b, false, false).reshape(batch, m, n);
        }
        if (ra == 2 && rb == 3) {
            return product(a.expand(b.shape[0], m, a.shape[1]), b, false, false);
        }
        return product(a, b, false, false);
    }

    /**
     * {@code op(a) · op(b)} for two matrices or two equal batches of matrices, where {@code op} transposes the last
     * two axes when its flag is set. Backward, by the multiply gate with the transposes folded into the flags:
     * <pre>
     *   dA = ta ? op(B) · dCᵀ : dC · op(B)ᵀ        dB = tb ? dCᵀ · op(A) : op(A)ᵀ · dC
     * </pre>
     */
    static Tensor product(Tensor a, Tensor b, boolean ta, boolean tb) {
        int r = a.shape.length;
        int batch = r == 3 ? a.shape[0] : 1;
        int m = ta ? a.shape[r - 1] : a.shape[r - 2];
        int k = ta ? a.shape[r - 2] : a.shape[r - 1];
        int n = tb ? b.shape[r - 2] : b.shape[r - 1];
        // The kernel overwrites every element, so a pooled array needs no zeroing.
        Tensor out = Storage.empty(a.dtype(), r == 3 ? new int[] {batch, m, n} : new int[] {m, n});
        for (int i = 0; i < batch; i++) {
            multiply(ta, tb, m, n, k, a, i * m * k, b, i * k * n, out, i * m * n);
        }
        return Tensor.record(OP, out, g -> new Tensor[] {
                a.requiresGrad ? (ta ? product(b, g, tb, true) : product(g, b, false, !tb)) : null,
                b.requiresGrad ? (tb ? product(g, a, true, ta) : product(a, g, !ta, false)) : null}, a, b);
    }

    /** One product on the kernel, in the operands' dtype (all three of one dtype). */
    static void multiply(boolean ta, boolean tb, int m, int n, int k, Tensor a, int aOff, Tensor b, int bOff,
                                 Tensor c, int cOff) {
        if (a.data != null) {
            GEMM.multiply(ta, tb, m, n, k, a.data, aOff, b.data, bOff, c.data, cOff);
        } else {
            GEMM.multiply(ta, tb, m, n, k, a.floats, aOff, b.floats, bOff, c.floats, cOff);
        }
    }
}

package dev.jgrad.engine;

/**
 * A dense matrix-product kernel over row-major arrays: {@code c = op(a) · op(b)}, where {@code op} transposes when
 * asked, so a backward pass never materialises a transpose. {@code op(a)} is {@code m x k}, {@code op(b)} is
 * {@code k x n}, and the {@code m x n} result overwrites {@code c} from {@code cOff}.
 */
interface Gemm {
    /**
     * Products with fewer multiply-adds than this stay on one thread, in both kernels: below it, handing work to
     * another thread costs more than it saves. On two cores EJML's threaded product loses at 64 cubed, breaks even
     * near 96 cubed and is nearly twice as fast at 128 cubed.
     */
    long THREAD_THRESHOLD = 96L * 96 * 96;

    void multiply(boolean transA, boolean transB, int m, int n, int k,
                  double[] a, int aOff, double[] b, int bOff, double[] c, int cOff);

    /** The same product in single precision, accumulated in float with fused multiply-adds, as BLAS's sgemm. */
    void multiply(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, float[] b, int bOff, float[] c, int cOff);

    /** A short description for the start-up line, e.g. {@code EJML (multi-threaded from 884736 multiply-adds)}. */
    String describe();
}

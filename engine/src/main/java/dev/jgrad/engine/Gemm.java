package dev.jgrad.engine;

/**
 * A dense matrix-product kernel over row-major arrays: {@code c = op(a) · op(b)}, where {@code op} transposes when
 * asked, so a backward pass never materialises a transpose. {@code op(a)} is {@code m x k}, {@code op(b)} is
 * {@code k x n}, and the {@code m x n} result overwrites {@code c} from {@code cOff}.
 */
interface Gemm {
    void multiply(boolean transA, boolean transB, int m, int n, int k,
                  double[] a, int aOff, double[] b, int bOff, double[] c, int cOff);

    /** A short description for the start-up line, e.g. "EJML (multi-threaded above 128^3)". */
    String describe();
}

package dev.jgrad.engine;

/**
 * The element type of a tensor: {@link #FLOAT64}, stored as a {@code double[]} (the default, and what gradient
 * checking uses), or {@link #FLOAT32}, stored as a {@code float[]} (half the memory, what training usually wants).
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(DType.FLOAT32, new Random(1), 784, 256);
 * w.dtype();                        // FLOAT32
 * w.to(DType.FLOAT64).dtype();      // FLOAT64, a differentiable cast
 * }</pre>
 *
 * <p>Every op keeps its inputs' dtype; an op of a FLOAT32 and a FLOAT64 tensor computes in FLOAT64, as PyTorch
 * promotes, and each input's gradient comes back in that input's own dtype. Scalar arguments never promote.
 */
public enum DType {
    /** 64-bit IEEE 754 values, {@code double}. */
    FLOAT64,
    /** 32-bit IEEE 754 values, {@code float}. */
    FLOAT32;

    /** The dtype an op of operands of dtypes {@code a} and {@code b} computes in: FLOAT32 only if both are. */
    static DType promoted(DType a, DType b) {
        return a == b ? a : FLOAT64;
    }
}

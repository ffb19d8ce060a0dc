package dev.jgrad.engine;

/**
 * The backward half of a recorded op: from the gradient of the op's output, the gradient of each input (in the
 * order the inputs were recorded; {@code null} for an input that needs none). Written with {@link Tensor} ops so
 * that a backward pass with {@code createGraph} records it too.
 */
@FunctionalInterface
interface Backward {
    Tensor[] apply(Tensor upstream);
}

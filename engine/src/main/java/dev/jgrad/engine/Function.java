package dev.jgrad.engine;

/**
 * A user-defined differentiable op, like {@code torch.autograd.Function}: a forward computed from the inputs and a
 * backward that maps the gradient of the output to one gradient per input. Apply it with
 * {@link Tensor#apply(Function, Tensor...)}.
 *
 * <pre>{@code
 * Function cube = new Function() {
 *     public Tensor forward(Tensor... in) { return in[0].mul(in[0]).mul(in[0]); }
 *     public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
 *         return new Tensor[] {g.mul(in[0].mul(in[0]).mul(3))};
 *     }
 * };
 * Tensor y = Tensor.apply(cube, x);
 * }</pre>
 *
 * <p>{@code forward} runs with recording off. Write {@code backward} with tensor ops: during a backward pass with
 * {@code createGraph} they are recorded, so second derivatives of the custom op work too. A function works in either
 * dtype; its backward must give each input's gradient in that input's dtype (tensor ops keep their inputs' dtype, so
 * a backward written with them does), or the backward pass stops with an {@link IllegalStateException} naming the
 * function and both dtypes.
 */
public interface Function {
    /** Computes the output from the inputs. */
    Tensor forward(Tensor... inputs);

    /**
     * The gradient for each input (same order, shapes and dtypes as {@code inputs}; {@code null} where none is
     * needed), given the gradient {@code upstream} of the output {@code output}, which has the output's dtype.
     */
    Tensor[] backward(Tensor upstream, Tensor[] inputs, Tensor output);

    /** The op's name in error messages; the class's simple name by default. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? "custom function" : simple;
    }
}

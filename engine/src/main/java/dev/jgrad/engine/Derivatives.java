package dev.jgrad.engine;

import java.util.Arrays;

/**
 * Derivatives of functions, returned as tensors: gradients, vector-Jacobian and Jacobian-vector products, full
 * Jacobians and Hessians, and Hessian-vector products, as {@code torch.autograd.functional} and JAX's {@code grad},
 * {@code vjp}, {@code jvp}, {@code jacrev}/{@code jacfwd} and {@code hessian} offer. {@link Tensor#backward()}
 * fills the leaves' {@code grad()}; this class differentiates a {@link Fn} instead and hands the derivatives back,
 * leaving every {@code grad()} untouched.
 *
 * <pre>{@code
 * Derivatives.Fn rosenbrock = in -> {
 *     Tensor x = in[0].slice(0, 0, 1), y = in[0].slice(0, 1, 2);
 *     return x.neg().add(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100)).sum();
 * };
 * Tensor p = Tensor.of(new double[] {1, 2}, 2);
 * Tensor g = Derivatives.grad(rosenbrock, p)[0];          // [-400, 200]
 * Tensor h = Derivatives.hessian(rosenbrock, p)[0][0];    // [[402, -400], [-400, 200]]
 * Tensor step = Derivatives.hvp(rosenbrock, new Tensor[] {p}, new Tensor[] {g})[0];
 * }</pre>
 *
 * <p>The name says what the class returns, derivatives, as {@code Math} says what it computes; "functional" would
 * describe a programming style rather than the results, and "autograd" is the engine's backward pass itself.
 *
 * <p>An input that does not require grad is differentiated all the same (through a fresh leaf over its values); an
 * input that does require grad is used as it is, so that with {@code createGraph} the derivatives stay connected to
 * its graph and can be differentiated again, by this class or by {@link Tensor#backward()}. {@code f} runs with
 * recording on even inside {@link Tensor#noGrad()}. Every derivative returned without {@code createGraph} is a new
 * tensor outside the graph, the caller's to keep and to change in place, as {@link Tensor#grad()} is.
 *
 * <p>Forward mode ({@link #jvp}, and {@link #jacobian} when it has more outputs than inputs) is the double-vjp
 * construction: {@code g(u) = uᵀJ} is linear in the cotangent {@code u}, so the vjp of {@code g} with respect to
 * {@code u}, taken at a tangent {@code t}, is {@code J·t}. It costs a forward pass and two backward passes rather
 * than one forward pass with tangents, but needs no tangent rule beside each op's backward: every op, and every
 * user {@link Function} (which defines only a backward), has a jvp that is exactly as correct as its checked first
 * and second derivatives.
 */
public final class Derivatives {
    private Derivatives() {
    }

    /**
     * A differentiable function of one or more tensors: the same inputs in the same order on every call.
     *
     * <pre>{@code
     * Derivatives.Fn f = in -> in[0].matmul(in[1]).tanh().sum();
     * }</pre>
     */
    @FunctionalInterface
    public interface Fn {
        /** Computes the output from {@code inputs}. */
        Tensor apply(Tensor... inputs);
    }

    /**
     * What {@link #grad(Fn, Tensor[], boolean, Unused)} does with an input that {@code f} does not use.
     *
     * <pre>{@code
     * Tensor[] g = Derivatives.grad(f, inputs, false, Derivatives.Unused.ZERO);
     * }</pre>
     */
    public enum Unused {
        /** Throw an {@link IllegalArgumentException} naming the input: usually a mistake in {@code f}. */
        ERROR,
        /** Return zeros of the input's shape and dtype, as PyTorch's {@code allow_unused} with materialised grads. */
        ZERO
    }

    /**
     * How {@link #jacobian(Fn, Tensor[], Mode)} builds the Jacobian.
     *
     * <pre>{@code
     * Tensor[] j = Derivatives.jacobian(f, new Tensor[] {x}, Derivatives.Mode.FORWARD);
     * }</pre>
     */
    public enum Mode {
        /** Reverse when the output has no more elements than all inputs together, else forward. */
        AUTO,
        /** One vjp per output element: one backward pass for each row. */
        REVERSE,
        /** One jvp per input element: one backward pass of the backward graph for each column. */
        FORWARD
    }

    /**
     * The value of a function and its vector-Jacobian product with respect to each input.
     *
     * <pre>{@code
     * Derivatives.Vjp r = Derivatives.vjp(f, new Tensor[] {x}, v);
     * r.value(); r.cotangents()[0];   // f(x), vᵀ·J
     * }</pre>
     *
     * @param value the function's output, outside the graph
     * @param cotangents {@code vᵀ·∂f/∂input} for each input, in the input's shape and dtype
     */
    public record Vjp(Tensor value, Tensor[] cotangents) {
    }

    /**
     * The value of a function and its Jacobian-vector product.
     *
     * <pre>{@code
     * Derivatives.Jvp r = Derivatives.jvp(f, new Tensor[] {x}, new Tensor[] {t});
     * r.value(); r.tangent();         // f(x), J·t
     * }</pre>
     *
     * @param value the function's output, outside the graph
     * @param tangent {@code Σ ∂f/∂input·tangent} over the inputs, in the output's shape and dtype
     */
    public record Jvp(Tensor value, Tensor tangent) {
    }

    // ---------------------------------------------------------------- gradients

    /**
     * The gradient of a single-element function with respect to each input, like {@code torch.autograd.grad}.
     *
     * @throws IllegalArgumentException if an argument is null, {@code f} returns null or more than one element, or
     *     {@code f} does not use an input
     */
    public static Tensor[] grad(Fn f, Tensor... inputs) {
        return grad(f, inputs, false, Unused.ERROR);
    }

    /**
     * The gradient of a single-element function with respect to each input; with {@code createGraph} the gradients
     * are themselves recorded, so they can be differentiated again (as PyTorch's {@code create_graph}).
     *
     * @throws IllegalArgumentException if an argument is null, {@code f} returns null or more than one element, or,
     *     with {@link Unused#ERROR}, {@code f} does not use an input
     */
    public static Tensor[] grad(Fn f, Tensor[] inputs, boolean createGraph, Unused unused) {
        String op = "grad";
        Checks.notNull(op, "unused", unused);
        Tensor[] xs = leaves(op, f, inputs);
        Tensor y = scalarOutput(op, f, xs);
        Tensor[] g = gradients(y, Tensor.ones(y.dtype(), y.shape), xs, createGraph);
        for (int i = 0; i < g.length; i++) {
            if (g[i] == null && unused == Unused.ERROR) {
                throw new IllegalArgumentException(op + ": f does not use input " + i + " of shape "
                        + Shapes.str(xs[i].shape) + "; pass Derivatives.Unused.ZERO for a zero gradient");
            }
        }
        return orZeros(g, xs);
    }

    // ---------------------------------------------------------------- products

    /**
     * The value of {@code f} and {@code vᵀ·J} for each input: one backward pass seeded with {@code v}. An input
     * that {@code f} does not use gets zeros.
     *
     * @throws IllegalArgumentException if an argument is null, {@code f} returns null, or {@code v} does not have
     *     the output's shape
     */
    public static Vjp vjp(Fn f, Tensor[] inputs, Tensor v) {
        String op = "vjp";
        Checks.notNull(op, "v", v);
        Tensor[] xs = leaves(op, f, inputs);
        Tensor y = output(op, f, xs);
        if (!Arrays.equals(v.shape, y.shape)) {
            throw new IllegalArgumentException(op + ": v of shape " + Shapes.str(v.shape)
                    + " does not match the output of shape " + Shapes.str(y.shape));
        }
        return new Vjp(y.detach(), orZeros(gradients(y, v.to(y.dtype()), xs, false), xs));
    }

    /**
     * The value of {@code f} and {@code J·t}, the directional derivative along the tangents (one per input, in its
     * shape), by the double-vjp construction (see the class comment): one forward and two backward passes.
     *
     * @throws IllegalArgumentException if an argument is null, {@code f} returns null, or the tangents do not match
     *     the inputs in number and shapes
     */
    public static Jvp jvp(Fn f, Tensor[] inputs, Tensor[] tangents) {
        String op = "jvp";
        Checks.noNulls(op, "tangents", "tangent", tangents);
        Tensor[] xs = leaves(op, f, inputs);
        matching(op, "tangent", tangents, xs);
        Tensor y = output(op, f, xs);
        Transposed t = new Transposed(y, xs);
        Tensor s = null;
        for (int i = 0; i < xs.length; i++) {
            if (t.dependsOnU(i)) {
                Tensor term = t.g[i].mul(tangents[i].to(t.g[i].dtype())).sum();
                s = s == null ? term : s.add(term);
            }
        }
        return new Jvp(y.detach(), s == null ? zerosLike(y) : t.column(s));
    }

    /**
     * The Hessian of a single-element function times {@code v} (one per input, in its shape), without the Hessian:
     * one backward pass that keeps its graph and one backward pass of {@code gradient·v}, whatever the inputs' size.
     *
     * @throws IllegalArgumentException if an argument is null, {@code f} returns null or more than one element, or
     *     {@code v} does not match the inputs in number and shapes
     */
    public static Tensor[] hvp(Fn f, Tensor[] inputs, Tensor[] v) {
        String op = "hvp";
        Checks.noNulls(op, "v", "v", v);
        Tensor[] xs = leaves(op, f, inputs);
        matching(op, "v", v, xs);
        Tensor y = scalarOutput(op, f, xs);
        Tensor[] g = gradients(y, Tensor.ones(y.dtype(), y.shape), xs, true);
        Tensor s = null;
        for (int i = 0; i < xs.length; i++) {
            if (g[i] != null && g[i].requiresGrad()) {
                Tensor term = g[i].mul(v[i].to(g[i].dtype())).sum();
                s = s == null ? term : s.add(term);
            }
        }
        return s == null ? orZeros(new Tensor[xs.length], xs)
                : orZeros(gradients(s, Tensor.ones(s.dtype(), s.shape), xs, false), xs);
    }

    // ---------------------------------------------------------------- full matrices

    /** {@link #jacobian(Fn, Tensor[], Mode)} with {@link Mode#AUTO}. */
    public static Tensor[] jacobian(Fn f, Tensor... inputs) {
        return jacobian(f, inputs, Mode.AUTO);
    }

    /**
     * The Jacobian of {@code f} with respect to each input, of shape output shape + input shape (so element
     * {@code [i..., j...]} is {@code ∂out[i...]/∂in[j...]}). In FLOAT32 when the output and the input both are,
     * else FLOAT64. {@link Mode#AUTO} picks the mode with fewer passes.
     *
     * @throws IllegalArgumentException if an argument is null or {@code f} returns null
     */
    public static Tensor[] jacobian(Fn f, Tensor[] inputs, Mode mode) {
        String op = "jacobian";
        Checks.notNull(op, "mode", mode);
        Tensor[] xs = leaves(op, f, inputs);
        Tensor y = output(op, f, xs);
        int m = y.length();
        long n = 0;
        double[][] blocks = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            n += xs[i].length();
            blocks[i] = new double[Math.multiplyExact(m, xs[i].length())];
        }
        if (mode == Mode.REVERSE || mode == Mode.AUTO && m <= n) {
            for (int r = 0; r < m; r++) {
                Tensor[] row = orZeros(gradients(y, unit(y, r), xs, false), xs);
                for (int i = 0; i < xs.length; i++) {
                    int ni = xs[i].length();
                    System.arraycopy(row[i].toArray(), 0, blocks[i], r * ni, ni);
                }
            }
        } else {
            Transposed t = new Transposed(y, xs);
            for (int i = 0; i < xs.length; i++) {
                int ni = xs[i].length();
                for (int c = 0; t.dependsOnU(i) && c < ni; c++) {
                    double[] column = t.column(t.g[i], unit(t.g[i], c)).toArray();
                    for (int r = 0; r < m; r++) {
                        blocks[i][r * ni + c] = column[r];
                    }
                }
            }
        }
        Tensor[] jacobians = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            jacobians[i] = matrix(blocks[i], y.shape, xs[i].shape, promoted(y, xs[i]));
        }
        return jacobians;
    }

    /**
     * The Hessian of a single-element function, in blocks: {@code [i][j]} has shape input i's shape + input j's
     * shape and holds {@code ∂²f/∂in_i∂in_j}. One backward pass that keeps its graph, then one backward pass of it
     * per element of the inputs. In FLOAT32 when both inputs of a block are, else FLOAT64.
     *
     * @throws IllegalArgumentException if an argument is null, or {@code f} returns null or more than one element
     */
    public static Tensor[][] hessian(Fn f, Tensor... inputs) {
        String op = "hessian";
        Tensor[] xs = leaves(op, f, inputs);
        Tensor y = scalarOutput(op, f, xs);
        Tensor[] g = gradients(y, Tensor.ones(y.dtype(), y.shape), xs, true);
        double[][][] blocks = new double[xs.length][xs.length][];
        for (int i = 0; i < xs.length; i++) {
            int ni = xs[i].length();
            for (int j = 0; j < xs.length; j++) {
                blocks[i][j] = new double[Math.multiplyExact(ni, xs[j].length())];
            }
            for (int r = 0; g[i] != null && g[i].requiresGrad() && r < ni; r++) {
                Tensor[] row = orZeros(gradients(g[i], unit(g[i], r), xs, false), xs);
                for (int j = 0; j < xs.length; j++) {
                    int nj = xs[j].length();
                    System.arraycopy(row[j].toArray(), 0, blocks[i][j], r * nj, nj);
                }
            }
        }
        Tensor[][] hessian = new Tensor[xs.length][xs.length];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < xs.length; j++) {
                hessian[i][j] = matrix(blocks[i][j], xs[i].shape, xs[j].shape, promoted(xs[i], xs[j]));
            }
        }
        return hessian;
    }

    // ---------------------------------------------------------------- shared machinery

    /**
     * The transposed function {@code u -> uᵀJ} of the output {@code y}, recorded with a cotangent leaf {@code u}
     * so that its own backward, seeded with a tangent, gives a column combination {@code J·t}.
     */
    private static final class Transposed {
        final Tensor u;
        final Tensor[] g;

        Transposed(Tensor y, Tensor[] xs) {
            u = zerosLike(y).requiresGrad(true);
            g = gradients(y, u, xs, true);
        }

        /** Whether {@code uᵀ·∂y/∂x_i} depends on u: false when y does not depend on x_i. */
        boolean dependsOnU(int i) {
            return g[i] != null && g[i].requiresGrad();
        }

        /** {@code ∂s/∂u} for a scalar {@code s} of the transposed function. */
        Tensor column(Tensor s) {
            return column(s, Tensor.ones(s.dtype(), s.shape));
        }

        /** {@code seedᵀ·∂root/∂u}, zeros where root does not depend on u. */
        Tensor column(Tensor root, Tensor seed) {
            Tensor c = gradients(root, seed, new Tensor[] {u}, false)[0];
            return c == null ? zerosLike(u) : c;
        }
    }

    /** The gradients of {@code root} with respect to {@code xs}; null where it depends on none of them. */
    private static Tensor[] gradients(Tensor root, Tensor seed, Tensor[] xs, boolean createGraph) {
        if (!root.requiresGrad) {
            return new Tensor[xs.length];
        }
        return Autograd.gradients(root, seed, xs, createGraph);
    }

    /**
     * The tensors to run {@code f} on: each input itself if it requires grad, so the derivatives stay attached to
     * its graph, else a leaf over its values that does.
     */
    private static Tensor[] leaves(String op, Fn f, Tensor[] inputs) {
        Checks.notNull(op, "f", f);
        Checks.noNulls(op, "inputs", "input", inputs);
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = inputs[i].requiresGrad ? inputs[i] : inputs[i].detach().requiresGrad(true);
        }
        return xs;
    }

    private static Tensor output(String op, Fn f, Tensor[] xs) {
        Tensor y;
        try (var on = Tensor.enableGrad()) {
            y = f.apply(xs.clone());
        }
        if (y == null) {
            throw new IllegalArgumentException(op + ": f returned null; it must return a tensor");
        }
        return y;
    }

    private static Tensor scalarOutput(String op, Fn f, Tensor[] xs) {
        Tensor y = output(op, f, xs);
        if (y.length() != 1) {
            throw new IllegalArgumentException(op + ": f must return a single element, but returned shape "
                    + Shapes.str(y.shape) + "; use vjp or jacobian for other outputs");
        }
        return y;
    }

    /** Checks that {@code given} (tangents, vectors) has one tensor per input, each of its input's shape. */
    private static void matching(String op, String name, Tensor[] given, Tensor[] xs) {
        if (given.length != xs.length) {
            throw new IllegalArgumentException(op + ": " + given.length + " " + name + " tensors for " + xs.length
                    + " inputs");
        }
        for (int i = 0; i < xs.length; i++) {
            if (!Arrays.equals(given[i].shape, xs[i].shape)) {
                throw new IllegalArgumentException(op + ": " + name + " " + i + " of shape "
                        + Shapes.str(given[i].shape) + " does not match input " + i + " of shape "
                        + Shapes.str(xs[i].shape));
            }
        }
    }

    /** {@code g}, with zeros of the input's shape and dtype where it is null (an input the root does not use). */
    private static Tensor[] orZeros(Tensor[] g, Tensor[] xs) {
        for (int i = 0; i < g.length; i++) {
            if (g[i] == null) {
                g[i] = zerosLike(xs[i]);
            }
        }
        return g;
    }

    private static Tensor zerosLike(Tensor t) {
        return Tensor.zeros(t.dtype(), t.shape);
    }

    /** A tensor of {@code like}'s shape and dtype that is 1 at flat position {@code k} and 0 elsewhere. */
    private static Tensor unit(Tensor like, int k) {
        double[] e = new double[like.length()];
        e[k] = 1;
        return Tensor.of(e, like.shape).to(like.dtype());
    }

    private static DType promoted(Tensor a, Tensor b) {
        return a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** The row-major values {@code data} as a tensor of shape {@code rows + cols}. */
    private static Tensor matrix(double[] data, int[] rows, int[] cols, DType dtype) {
        int[] shape = Arrays.copyOf(rows, rows.length + cols.length);
        System.arraycopy(cols, 0, shape, rows.length, cols.length);
        return Tensor.of(data, shape).to(dtype);
    }
}

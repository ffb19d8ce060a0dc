package dev.jgrad.engine;

import java.util.Arrays;
import java.util.Random;

/**
 * An n-dimensional array of doubles that remembers how it was computed, so that {@link #backward()} can
 * send exact gradients back to every tensor that {@linkplain #requiresGrad(boolean) requires} them.
 *
 * <p>Values are row-major and immutable from the user's side: every op returns a new tensor. Shapes have any rank
 * from 0 (a scalar) up; elementwise binary ops broadcast as NumPy does, and the gradient of a broadcast input is
 * summed back to the input's own shape.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
 * Tensor y = x.mul(x).sum();       // 14
 * y.backward();
 * x.grad();                        // [2, 4, 6]
 * }</pre>
 *
 * <p>Gradients accumulate across {@code backward()} calls until {@link #zeroGrad()}; only leaves (tensors made by
 * the user, not by an op) keep them. Recording is switched off for the current thread inside
 * {@code try (var off = Tensor.noGrad()) { ... }}. A tensor is an identity: {@code equals} compares references.
 */
public final class Tensor {
    final double[] data;
    final int[] shape;
    /** The tensor whose storage this one shares (itself unless it is a view), and so whose version counts. */
    private final Tensor base;
    private int version;
    boolean requiresGrad;
    Node node;
    private Tensor grad;
    /**
     * Whether nothing but this tensor holds {@link #grad}'s values (never true while grad is null). Only then may
     * grad be summed into in place, and only then is grad() safe for its user to change in place.
     */
    private boolean ownsGrad;
    /** The number of the last backward pass that reached this tensor; {@link Autograd}'s bookkeeping. */
    long pass;
    /** This tensor's position in the topological order of backward pass {@link #pass}; meaningless in any other. */
    int slot;

    Tensor(double[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
        this.base = this;
    }

    private Tensor(double[] data, int[] shape, Tensor base) {
        this.data = data;
        this.shape = shape;
        this.base = base.base;
    }

    // ---------------------------------------------------------------- creation

    /**
     * A tensor holding a copy of {@code data} in the given shape (row-major).
     *
     * @throws IllegalArgumentException if a dimension is negative or the data length is not the product of the shape
     */
    public static Tensor of(double[] data, int... shape) {
        String op = "Tensor.of";
        Checks.notNull(op, "data", data);
        int size = Shapes.checkedSize(op, Checks.notNull(op, "shape", shape));
        if (data.length != size) {
            throw new IllegalArgumentException(op + ": " + data.length + " values do not fill shape "
                    + Shapes.str(shape) + " (" + size + " elements)");
        }
        return new Tensor(data.clone(), shape.clone());
    }

    /** A rank-0 tensor (shape {@code []}) holding {@code value}. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, Shapes.SCALAR);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return filled("Tensor.zeros", 0.0, shape);
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return filled("Tensor.ones", 1.0, shape);
    }

    /** A tensor with every element equal to {@code value}. */
    public static Tensor full(double value, int... shape) {
        return filled("Tensor.full", value, shape);
    }

    private static Tensor filled(String op, double value, int[] shape) {
        double[] data = new double[Shapes.checkedSize(op, Checks.notNull(op, "shape", shape))];
        if (value != 0.0) {
            Arrays.fill(data, value);
        }
        return new Tensor(data, shape.clone());
    }

    /** Values drawn uniformly from [0, 1) with {@code rng}. */
    public static Tensor rand(Random rng, int... shape) {
        String op = "Tensor.rand";
        Checks.notNull(op, "rng", rng);
        double[] data = new double[Shapes.checkedSize(op, Checks.notNull(op, "shape", shape))];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextDouble();
        }
        return new Tensor(data, shape.clone());
    }

    /** Values drawn from the standard normal distribution with {@code rng}. */
    public static Tensor randn(Random rng, int... shape) {
        String op = "Tensor.randn";
        Checks.notNull(op, "rng", rng);
        double[] data = new double[Shapes.checkedSize(op, Checks.notNull(op, "shape", shape))];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextGaussian();
        }
        return new Tensor(data, shape.clone());
    }

    /** A new tensor of this shape over {@code values}, which the caller hands over (no copy). */
    Tensor like(double[] values) {
        return new Tensor(values, shape);
    }

    // ---------------------------------------------------------------- reading

    /** The dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /**
     * The number of elements. A {@code long} although storage is one Java array today, so that the public contract
     * leaves room for tensors past 2^31 elements (several arrays, or off-heap memory) without a breaking change.
     */
    public long size() {
        return data.length;
    }

    /**
     * The value of a tensor with exactly one element (any rank).
     *
     * @throws IllegalArgumentException if the tensor has more or fewer than one element
     */
    public double item() {
        if (data.length != 1) {
            throw new IllegalArgumentException("item: a tensor of shape " + Shapes.str(shape) + " has " + data.length
                    + " elements; item() needs exactly one");
        }
        return data[0];
    }

    /**
     * The element at a full index, one coordinate per dimension.
     *
     * @throws IllegalArgumentException if the index has the wrong length or a coordinate is out of range
     */
    public double get(int... index) {
        Checks.notNull("get", "index", index);
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the shape " + Shapes.str(shape) + " has " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " is out of range for shape "
                        + Shapes.str(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /** A copy of the values in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    // ---------------------------------------------------------------- elementwise, broadcasting

    /** {@code this + other}, broadcasting. Backward: the upstream gradient passes unchanged to both inputs. */
    public Tensor add(Tensor other) {
        return BinaryOps.add(this, other);
    }

    /** {@code this + value}. */
    public Tensor add(double value) {
        return add(scalar(value));
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return BinaryOps.sub(this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(double value) {
        return sub(scalar(value));
    }

    /** {@code this * other} elementwise, broadcasting. Backward: each input gets upstream times the other input. */
    public Tensor mul(Tensor other) {
        return BinaryOps.mul(this, other);
    }

    /** {@code this * value}. */
    public Tensor mul(double value) {
        return mul(scalar(value));
    }

    /** {@code this / other} elementwise, broadcasting. */
    public Tensor div(Tensor other) {
        return BinaryOps.div(this, other);
    }

    /** {@code this / value}. */
    public Tensor div(double value) {
        return div(scalar(value));
    }

    /** Elementwise {@code max(this, other)}, broadcasting; an exact tie splits the gradient evenly. */
    public Tensor maximum(Tensor other) {
        return BinaryOps.maximum(this, other);
    }

    /** Elementwise {@code min(this, other)}, broadcasting; an exact tie splits the gradient evenly. */
    public Tensor minimum(Tensor other) {
        return BinaryOps.minimum(this, other);
    }

    /** Elementwise {@code this ^ exponent}. */
    public Tensor pow(double exponent) {
        return UnaryOps.pow(this, exponent);
    }

    /** Elementwise {@code -this}. */
    public Tensor neg() {
        return UnaryOps.neg(this);
    }

    /** Elementwise {@code e ^ this}. */
    public Tensor exp() {
        return UnaryOps.exp(this);
    }

    /** Elementwise natural logarithm. */
    public Tensor log() {
        return UnaryOps.log(this);
    }

    /** Elementwise square root. */
    public Tensor sqrt() {
        return UnaryOps.sqrt(this);
    }

    /** Elementwise absolute value; its derivative at 0 is taken as 0. */
    public Tensor abs() {
        return UnaryOps.abs(this);
    }

    /** Elementwise hyperbolic tangent. */
    public Tensor tanh() {
        return UnaryOps.tanh(this);
    }

    /** Elementwise logistic function {@code 1 / (1 + e^-x)}. */
    public Tensor sigmoid() {
        return UnaryOps.sigmoid(this);
    }

    /** Elementwise {@code max(x, 0)}; its derivative at 0 is taken as 0. */
    public Tensor relu() {
        return UnaryOps.relu(this);
    }

    /**
     * Elementwise clamp into {@code [lo, hi]}; the gradient passes where {@code lo <= x <= hi} (bounds included).
     *
     * @throws IllegalArgumentException if {@code lo > hi} or either bound is NaN
     */
    public Tensor clamp(double lo, double hi) {
        return UnaryOps.clamp(this, lo, hi);
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements, as a rank-0 tensor. */
    public Tensor sum() {
        return ReduceOps.sum(this);
    }

    /** The sum along {@code axis} (negative counts from the end), keeping it as length 1 if {@code keepDims}. */
    public Tensor sum(int axis, boolean keepDims) {
        return ReduceOps.sum(this, axis, keepDims);
    }

    /** The mean of all elements, as a rank-0 tensor. */
    public Tensor mean() {
        return ReduceOps.mean(this);
    }

    /** The mean along {@code axis} (negative counts from the end), keeping it as length 1 if {@code keepDims}. */
    public Tensor mean(int axis, boolean keepDims) {
        return ReduceOps.mean(this, axis, keepDims);
    }

    /** The largest element, as a rank-0 tensor; tied maxima share the gradient evenly. */
    public Tensor max() {
        return ReduceOps.max(this);
    }

    /** The largest element along {@code axis}; tied maxima share the gradient evenly. */
    public Tensor max(int axis, boolean keepDims) {
        return ReduceOps.max(this, axis, keepDims);
    }

    /** {@code log(sum(exp(x)))} along {@code axis}, computed without overflow. */
    public Tensor logSumExp(int axis, boolean keepDims) {
        return ReduceOps.logSumExp(this, axis, keepDims);
    }

    // ---------------------------------------------------------------- linear algebra and shape

    /**
     * The matrix product. Supports {@code [m, k] x [k, n]}, batched {@code [b, m, k] x [b, k, n]}, and a batch times
     * one matrix, {@code [b, m, k] x [k, n]} or {@code [m, k] x [b, k, n]}.
     *
     * @throws IllegalArgumentException if the ranks are not 2 or 3, or the inner or batch dimensions differ
     */
    public Tensor matmul(Tensor other) {
        return MatmulOps.matmul(this, other);
    }

    /** Swaps the last two axes (rank 2 or more). */
    public Tensor transpose() {
        return ShapeOps.transpose(this);
    }

    /**
     * The same values in another shape with the same number of elements; one dimension may be {@code -1}, to be
     * inferred.
     */
    public Tensor reshape(int... shape) {
        return ShapeOps.reshape(this, shape);
    }

    /** Joins tensors along {@code axis}; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        return ShapeOps.concat(axis, parts);
    }

    /** The elements with {@code from <= index < to} along {@code axis}. */
    public Tensor slice(int axis, int from, int to) {
        return ShapeOps.slice(this, axis, from, to);
    }

    /**
     * Whole slices along {@code axis}, in the order of {@code indices} (repeats allowed, as in an embedding
     * lookup); the gradient of a repeated slice is summed.
     */
    public Tensor indexSelect(int axis, int... indices) {
        return ShapeOps.indexSelect(this, axis, indices);
    }

    /**
     * One element per position along {@code axis}: the result has this shape without {@code axis}, and
     * {@code index} holds, in row-major order of the result, which element of the axis to take. For a
     * {@code [n, m]} tensor, {@code gather(1, labels)} is {@code [n]} with {@code a[i, labels[i]]}.
     */
    public Tensor gather(int axis, int[] index) {
        return ShapeOps.gather(this, axis, index);
    }

    /** Broadcasts to {@code shape} (NumPy rules); the backward sums over the broadcast axes. */
    public Tensor expand(int... shape) {
        return ShapeOps.expand(this, shape);
    }

    /** Sums over axes so that the result has {@code shape}, which must broadcast to this tensor's shape. */
    public Tensor sumTo(int... shape) {
        return ShapeOps.sumTo(this, shape);
    }

    // ---------------------------------------------------------------- autograd

    /**
     * Marks a leaf as needing gradients (or not) and returns this tensor.
     *
     * @throws IllegalStateException when switching off a tensor that an op computed: use {@link #detach()}
     */
    public Tensor requiresGrad(boolean requires) {
        if (node != null && !requires) {
            throw new IllegalStateException("requiresGrad(false) on a tensor computed by '" + node.op
                    + "': only leaves can be switched off; use detach() for a copy outside the graph");
        }
        requiresGrad = requires;
        return this;
    }

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The gradient accumulated by backward passes, or {@code null} before any reached this leaf. */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient, so {@link #grad()} is {@code null} again. */
    public void zeroGrad() {
        grad = null;
        ownsGrad = false;
    }

    /**
     * Back-propagates from this tensor, which must hold a single element: seeds its gradient with 1.
     *
     * @throws IllegalStateException if the tensor has more than one element or does not require grad
     */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward() on a tensor of shape " + Shapes.str(shape)
                    + ": pass the upstream gradient, backward(upstream), or reduce it to a scalar first (e.g. sum())");
        }
        backward(new Tensor(new double[] {1.0}, shape), false);
    }

    /**
     * Back-propagates {@code upstream}, the gradient of some scalar with respect to this tensor.
     *
     * @throws IllegalArgumentException if {@code upstream} is null or does not have this tensor's shape
     */
    public void backward(Tensor upstream) {
        backward(upstream, false);
    }

    /**
     * Back-propagates {@code upstream}; with {@code createGraph} the backward computation is itself recorded, so
     * the gradients it produces can be differentiated again (second derivatives).
     *
     * @throws IllegalArgumentException if {@code upstream} is null or does not have this tensor's shape
     * @throws IllegalStateException if this tensor does not require grad, or a saved tensor changed in place
     */
    public void backward(Tensor upstream, boolean createGraph) {
        Checks.notNull("backward", "upstream", upstream);
        if (!Arrays.equals(upstream.shape, shape)) {
            throw new IllegalArgumentException("backward: upstream gradient of shape " + Shapes.str(upstream.shape)
                    + " does not match the tensor's shape " + Shapes.str(shape));
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a tensor of shape " + Shapes.str(shape) + " that does not"
                    + " require grad: call requiresGrad(true) on the inputs before computing it");
        }
        Autograd.backward(this, upstream, createGraph);
    }

    /**
     * Adds a gradient into this leaf's {@link #grad()}, keeping {@link #ownsGrad}'s invariant; {@code owned} says
     * the same of {@code g}: that nothing but the backward pass holds its values.
     */
    void accumulateGrad(Tensor g, boolean createGraph, boolean owned) {
        if (createGraph) {
            // A recorded sum, so that the gradient can be differentiated again; the graph holds its values.
            grad = grad == null ? g : grad.add(g);
            ownsGrad = false;
        } else if (ownsGrad) {
            double[] acc = grad.data;
            for (int i = 0; i < acc.length; i++) {
                acc[i] += g.data[i];
            }
            grad.version++;
        } else {
            // A first gradient that nothing else holds is kept as it is: copying a weight's gradient would cost as
            // much as an elementwise op on the weight. Any other is copied (the same gradient can reach several
            // leaves, or be the caller's upstream tensor), and a second one is summed into a new array.
            double[] values = grad != null ? sum(grad.data, g.data) : owned ? g.data : g.data.clone();
            grad = new Tensor(values, shape);
            ownsGrad = true;
        }
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b[i];
        }
        return s;
    }

    /** This tensor's values as a new leaf outside the graph (sharing storage, never requiring grad). */
    public Tensor detach() {
        return new Tensor(data, shape, this);
    }

    /** A view with another shape over the same storage; package use by ops that are themselves recorded. */
    Tensor view(int[] newShape) {
        return new Tensor(data, newShape, this);
    }

    int version() {
        return base.version;
    }

    /** Switches graph recording off for the current thread until the returned scope is closed. */
    public static GradScope noGrad() {
        GradMode mode = GradMode.current();
        return GradMode.enter(false, mode.anomaly);
    }

    /** Switches graph recording back on for the current thread (inside a {@link #noGrad()} scope, say). */
    public static GradScope enableGrad() {
        GradMode mode = GradMode.current();
        return GradMode.enter(true, mode.anomaly);
    }

    /**
     * Anomaly detection for the current thread: until the scope closes, the first op whose forward or backward
     * produces NaN or infinity throws {@link IllegalStateException} naming the op and its input shapes. Off by
     * default because it reads every value an op produces.
     */
    public static GradScope detectAnomaly() {
        GradMode mode = GradMode.current();
        return GradMode.enter(mode.recording, true);
    }

    /** Whether ops on the current thread are being recorded for backward. */
    public static boolean isGradEnabled() {
        return GradMode.current().recording;
    }

    /**
     * Applies a user-defined differentiable op: {@code function.forward} runs with recording off, and its
     * {@code backward} is called during back-propagation.
     *
     * @throws IllegalArgumentException if {@code function}, {@code inputs} or one of the inputs is null
     * @throws IllegalStateException if {@code forward} returns null
     */
    public static Tensor apply(Function function, Tensor... inputs) {
        String op = "apply";
        Checks.notNull(op, "function", function);
        Tensor[] saved = Checks.noNulls(op, "inputs", "input", inputs).clone();
        String name = function.name();
        Tensor raw;
        try (var off = noGrad()) {
            raw = function.forward(inputs);
        }
        if (raw == null) {
            throw new IllegalStateException("forward of '" + name + "' returned null; it must return the output"
                    + " tensor");
        }
        Tensor out = new Tensor(raw.data, raw.shape, raw);
        return record(name, true, out, g -> {
            Tensor[] grads = function.backward(g, saved, out);
            if (grads == null || grads.length != saved.length) {
                throw new IllegalStateException("backward of '" + name + "' returned "
                        + (grads == null ? "null" : grads.length + " gradients") + " for " + saved.length + " inputs");
            }
            return grads;
        }, saved);
    }

    // ---------------------------------------------------------------- in-place updates (optimizers)

    /**
     * Overwrites this tensor's values with {@code source}'s (same shape), in place. Meant for parameters, outside
     * recording.
     *
     * @throws IllegalStateException if this tensor was computed by an op, or requires grad while recording is on
     */
    public Tensor assign(Tensor source) {
        checkInPlace("assign", "source", source);
        System.arraycopy(source.data, 0, data, 0, data.length);
        base.version++;
        return this;
    }

    /** {@code this += alpha * other}, in place (same shape); see {@link #assign(Tensor)} for when it is allowed. */
    public Tensor addInPlace(Tensor other, double alpha) {
        checkInPlace("addInPlace", "other", other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] += alpha * o[i];
        }
        base.version++;
        return this;
    }

    /** {@code this *= factor}, in place; see {@link #assign(Tensor)} for when it is allowed. */
    public Tensor mulInPlace(double factor) {
        checkInPlace("mulInPlace", "this", this);
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
        base.version++;
        return this;
    }

    /** Checks an in-place update of this tensor from {@code other}, the parameter called {@code name}. */
    private void checkInPlace(String op, String name, Tensor other) {
        Checks.notNull(op, name, other);
        if (node != null) {
            throw new IllegalStateException(op + ": the tensor of shape " + Shapes.str(shape) + " was computed by '"
                    + node.op + "'; only leaves can change in place (detach() it first)");
        }
        if (requiresGrad && GradMode.current().recording) {
            throw new IllegalStateException(op + ": a leaf of shape " + Shapes.str(shape) + " that requires grad"
                    + " changes in place only inside try (var off = Tensor.noGrad()) { ... }");
        }
        if (!Arrays.equals(other.shape, shape)) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(other.shape) + " does not match "
                    + Shapes.str(shape));
        }
    }

    // ---------------------------------------------------------------- recording

    /**
     * Completes an op: checks its output when anomaly detection is on and, if recording is on and an input
     * requires grad, attaches the node that lets backward reach the inputs.
     */
    static Tensor record(String op, Tensor out, Backward backward, Tensor... inputs) {
        return record(op, false, out, backward, inputs);
    }

    /** {@link #record(String, Tensor, Backward, Tensor...)}, for the engine's ops or a user's {@link Function}. */
    private static Tensor record(String op, boolean userDefined, Tensor out, Backward backward, Tensor... inputs) {
        GradMode mode = GradMode.current();
        if (mode.anomaly) {
            Anomaly.checkForward(op, out, inputs);
        }
        if (mode.recording) {
            for (Tensor in : inputs) {
                if (in.requiresGrad) {
                    out.node = new Node(op, inputs, backward, out, userDefined);
                    out.requiresGrad = true;
                    break;
                }
            }
        }
        return out;
    }

    /** The name of the op that computed this tensor, or {@code null} for a leaf. */
    public String op() {
        return node == null ? null : node.op;
    }

    /** Shape, values (the first few) and, for a computed tensor, its op: {@code Tensor[2, 2] [1.0, 2.0, ...] (add)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape)).append(" [");
        int shown = Math.min(data.length, 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        if (shown < data.length) {
            sb.append(", ... (").append(data.length).append(" values)");
        }
        sb.append(']');
        if (node != null) {
            sb.append(" (").append(node.op).append(')');
        } else if (requiresGrad) {
            sb.append(" (requires grad)");
        }
        return sb.toString();
    }
}

package dev.jgrad.engine;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array of numbers that remembers how it was computed, so that {@link #backward()} can
 * send exact gradients back to every tensor that {@linkplain #requiresGrad(boolean) requires} them.
 *
 * <p>Values are row-major and immutable from the user's side: every op returns a new tensor. Shapes have any rank
 * from 0 (a scalar) up; elementwise binary ops broadcast as NumPy does, and the gradient of a broadcast input is
 * summed back to the input's own shape.
 *
 * <p>A tensor has a {@link DType}: FLOAT64 ({@code double} values, the default) or FLOAT32 ({@code float} values,
 * stored as floats, half the memory). Every op keeps its inputs' dtype; a binary op, {@link #matmul} or
 * {@link #concat} of a FLOAT32 and a FLOAT64 tensor computes in FLOAT64, and each input's gradient comes back in
 * that input's own dtype. Scalar arguments ({@code add(double)}, {@code pow}, {@code clamp}...) never promote.
 * {@link #to(DType)} converts, differentiably.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
 * Tensor y = x.mul(x).sum();       // 14
 * y.backward();
 * x.grad();                        // [2, 4, 6]
 * }</pre>
 *
 * <p>Gradients accumulate across {@code backward()} calls until {@link #zeroGrad()}; only leaves (tensors made by
 * the user, not by an op) keep them, unless a computed tensor asks to with {@link #retainGrad()}.
 * {@link #registerHook} sees, and may replace, the gradient passing a tensor; {@link #checkpoint} trades memory
 * for a second forward pass. Recording is switched off for the current thread inside
 * {@code try (var off = Tensor.noGrad()) { ... }}. A tensor is an identity: {@code equals} compares references.
 */
public final class Tensor {
    /** The values of a FLOAT64 tensor; null for FLOAT32. Exactly one of {@code data} and {@link #floats} is set. */
    final double[] data;
    /** The values of a FLOAT32 tensor; null for FLOAT64. */
    final float[] floats;
    final int[] shape;
    /** The tensor whose storage this one shares (itself unless it is a view), and so whose version counts. */
    private final Tensor base;
    private int version;
    boolean requiresGrad;
    Node node;
    /** Read directly only by kernels that consume it within one call ({@link FusedUpdate}); see {@link #grad()}. */
    Tensor grad;
    /**
     * Whether nothing but this tensor holds {@link #grad}'s values (never true while grad is null). Only then may
     * grad be summed into in place, and only then is grad() safe for its user to change in place.
     */
    private boolean ownsGrad;
    /**
     * Whether {@link #grad()} has handed {@link #grad} out since it was set: from then on its caller may hold it, so
     * {@link #zeroGrad()} forgets it instead of recycling its array.
     */
    private boolean gradLent;
    /** The hooks {@link #registerHook} added, in order; a new array on every change, so a pass reads a snapshot. */
    private HookHandle[] hooks = NO_HOOKS;
    /** Whether a non-leaf keeps its gradient in {@link #grad} ({@link #retainGrad()}). */
    boolean retainsGrad;
    /** The number of the last backward pass that reached this tensor; {@link Autograd}'s bookkeeping. */
    long pass;
    /** This tensor's position in the topological order of backward pass {@link #pass}; meaningless in any other. */
    int slot;

    private static final HookHandle[] NO_HOOKS = {};

    /** A FLOAT64 tensor over {@code data}, which it takes over (no copy). */
    Tensor(double[] data, int[] shape) {
        this(data, null, shape, null);
    }

    /** A FLOAT32 tensor over {@code floats}, which it takes over (no copy). */
    Tensor(float[] floats, int[] shape) {
        this(null, floats, shape, null);
    }

    /** A tensor over the given storage, a view of {@code base}'s (sharing its version) unless base is null. */
    private Tensor(double[] data, float[] floats, int[] shape, Tensor base) {
        this.data = data;
        this.floats = floats;
        this.shape = shape;
        this.base = base == null ? this : base.base;
    }

    // ---------------------------------------------------------------- creation

    /**
     * A tensor holding a copy of {@code data} in the given shape (row-major).
     *
     * @throws IllegalArgumentException if a dimension is negative or the data length is not the product of the shape
     */
    public static Tensor of(double[] data, int... shape) {
        Checks.notNull(OF, "data", data);
        return new Tensor(data.clone(), filledShape(data.length, shape));
    }

    /**
     * A FLOAT32 tensor holding a copy of {@code data} in the given shape (row-major).
     *
     * @throws IllegalArgumentException if a dimension is negative or the data length is not the product of the shape
     */
    public static Tensor of(float[] data, int... shape) {
        Checks.notNull(OF, "data", data);
        return new Tensor(data.clone(), filledShape(data.length, shape));
    }

    private static final String OF = "Tensor.of";

    /** A copy of {@code shape}, checked to hold exactly {@code length} values. */
    private static int[] filledShape(int length, int[] shape) {
        int size = Shapes.checkedSize(OF, Checks.notNull(OF, "shape", shape));
        if (length != size) {
            throw new IllegalArgumentException(OF + ": " + length + " values do not fill shape " + Shapes.str(shape)
                    + " (" + size + " elements)");
        }
        return shape.clone();
    }

    /** A rank-0 FLOAT64 tensor (shape {@code []}) holding {@code value}. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, Shapes.SCALAR);
    }

    /** A FLOAT64 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT64, shape);
    }

    /** A tensor of zeros of {@code dtype}. */
    public static Tensor zeros(DType dtype, int... shape) {
        return filled("Tensor.zeros", dtype, 0.0, shape);
    }

    /** A FLOAT64 tensor of ones. */
    public static Tensor ones(int... shape) {
        return ones(DType.FLOAT64, shape);
    }

    /** A tensor of ones of {@code dtype}. */
    public static Tensor ones(DType dtype, int... shape) {
        return filled("Tensor.ones", dtype, 1.0, shape);
    }

    /** A FLOAT64 tensor with every element equal to {@code value}. */
    public static Tensor full(double value, int... shape) {
        return full(DType.FLOAT64, value, shape);
    }

    /** A tensor of {@code dtype} with every element equal to {@code value} (rounded to float for FLOAT32). */
    public static Tensor full(DType dtype, double value, int... shape) {
        return filled("Tensor.full", dtype, value, shape);
    }

    private static Tensor filled(String op, DType dtype, double value, int[] shape) {
        Checks.notNull(op, "dtype", dtype);
        Shapes.checkedSize(op, Checks.notNull(op, "shape", shape));
        Tensor t = Storage.zeros(dtype, shape.clone());
        if (value != 0.0) {
            Storage.fill(t, value);
        }
        return t;
    }

    /** FLOAT64 values drawn uniformly from [0, 1) with {@code rng}. */
    public static Tensor rand(Random rng, int... shape) {
        return rand(DType.FLOAT64, rng, shape);
    }

    /**
     * Values of {@code dtype} drawn uniformly from [0, 1) with {@code rng}. FLOAT32 values are the same draws as
     * FLOAT64's, rounded to float (a draw that would round up to 1 becomes the largest float below 1).
     */
    public static Tensor rand(DType dtype, Random rng, int... shape) {
        String op = "Tensor.rand";
        Checks.notNull(op, "rng", rng);
        double[] data = draws(op, dtype, shape);
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextDouble();
        }
        return uniform(dtype, data, shape);
    }

    /**
     * Values of {@code dtype} drawn uniformly from [0, 1) with {@code rng}, as {@link #rand(DType, Random, int...)}
     * draws them, from the JDK's SplittableRandom: a final class whose draws the JIT inlines into the loop, several
     * times faster than {@code java.util.Random}'s (RReLU draws its slopes with it at every forward).
     * <pre>{@code
     * Tensor slopes = Tensor.rand(DType.FLOAT32, new SplittableRandom(7), 128, 256).mul(0.2).add(0.1);
     * }</pre>
     */
    public static Tensor rand(DType dtype, SplittableRandom rng, int... shape) {
        String op = "Tensor.rand";
        Checks.notNull(op, "rng", rng);
        double[] data = draws(op, dtype, shape);
        return Recompute.draw(op, dtype, shape, () -> {
            for (int i = 0; i < data.length; i++) {
                data[i] = rng.nextDouble();
            }
            return uniform(dtype, data, shape);
        });
    }

    /**
     * Fills {@code mask} with the bits {@code kept} where an element's 32 bits of a draw are at least
     * {@code threshold}, else with +0.0: the high half of a draw for an even element, the low half for the next.
     * Without a branch per element: the sign of {@code threshold - 1 - u} is the choice, as a mask of bits.
     */
    private static void dropoutMask(double[] mask, SplittableRandom rng, long threshold, long kept) {
        for (int i = 0; i < mask.length; i += 2) {
            long bits = rng.nextLong();
            mask[i] = Double.longBitsToDouble(kept & (threshold - 1 - (bits >>> 32)) >> 63);
            if (i + 1 < mask.length) {
                mask[i + 1] = Double.longBitsToDouble(kept & (threshold - 1 - (bits & 0xFFFF_FFFFL)) >> 63);
            }
        }
    }

    /** The same for a FLOAT32 mask, {@code kept} being a float's bits. */
    private static void dropoutMask(float[] mask, SplittableRandom rng, long threshold, int kept) {
        for (int i = 0; i < mask.length; i += 2) {
            long bits = rng.nextLong();
            mask[i] = Float.intBitsToFloat(kept & (int) ((threshold - 1 - (bits >>> 32)) >> 63));
            if (i + 1 < mask.length) {
                mask[i + 1] = Float.intBitsToFloat(kept & (int) ((threshold - 1 - (bits & 0xFFFF_FFFFL)) >> 63));
            }
        }
    }

    /** Uniform draws from [0, 1) as a tensor of {@code dtype}, kept below 1 where rounding to float would reach it. */
    private static Tensor uniform(DType dtype, double[] data, int[] shape) {
        Tensor t = Storage.fromDoubles(dtype, data, shape.clone());
        if (t.floats != null) {
            for (int i = 0; i < t.floats.length; i++) {
                t.floats[i] = Math.min(t.floats[i], BELOW_ONE);
            }
        }
        return t;
    }

    private static final float BELOW_ONE = Math.nextDown(1.0f);

    /**
     * A dropout mask of {@code dtype}: each element is 0 with probability {@code p} and {@code 1 / (1 - p)}
     * otherwise, so that {@code x.mul(mask)} keeps x's expected value. Each element takes 32 bits of one of
     * {@code rng}'s 64-bit draws (two elements a draw), and is dropped when they are below {@code p · 2^32}: the
     * same generator state always gives the same mask, in either dtype.
     * <pre>{@code
     * Tensor mask = Tensor.dropoutMask(DType.FLOAT32, new SplittableRandom(7), 0.2, 128, 256);
     * Tensor y = h.mul(mask);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1) or the shape is invalid
     */
    public static Tensor dropoutMask(DType dtype, SplittableRandom rng, double p, int... shape) {
        String op = "Tensor.dropoutMask";
        Checks.notNull(op, "rng", rng);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(op + ": p " + p + " is outside [0, 1)");
        }
        Checks.notNull(op, "dtype", dtype);
        Shapes.checkedSize(op, Checks.notNull(op, "shape", shape));
        return Recompute.draw(op, dtype, shape, () -> {
            Tensor mask = Storage.empty(dtype, shape.clone());
            long threshold = (long) Math.ceil(p * 0x1p32);
            double kept = 1 / (1 - p);
            if (mask.data != null) {
                dropoutMask(mask.data, rng, threshold, Double.doubleToRawLongBits(kept));
            } else {
                dropoutMask(mask.floats, rng, threshold, Float.floatToRawIntBits((float) kept));
            }
            return mask;
        });
    }

    /** FLOAT64 values drawn from the standard normal distribution with {@code rng}. */
    public static Tensor randn(Random rng, int... shape) {
        return randn(DType.FLOAT64, rng, shape);
    }

    /**
     * Values of {@code dtype} drawn from the standard normal distribution with {@code rng}; FLOAT32 values are the
     * same draws as FLOAT64's, rounded to float.
     */
    public static Tensor randn(DType dtype, Random rng, int... shape) {
        String op = "Tensor.randn";
        Checks.notNull(op, "rng", rng);
        double[] data = draws(op, dtype, shape);
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextGaussian();
        }
        return Storage.fromDoubles(dtype, data, shape.clone());
    }

    /** The array random draws go into, after checking a creation's dtype and shape. */
    private static double[] draws(String op, DType dtype, int[] shape) {
        Checks.notNull(op, "dtype", dtype);
        return new double[Shapes.checkedSize(op, Checks.notNull(op, "shape", shape))];
    }

    // ---------------------------------------------------------------- reading

    /** The element type: FLOAT64 or FLOAT32. */
    public DType dtype() {
        return floats == null ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** The number of elements, as the array's length. */
    int length() {
        return data != null ? data.length : floats.length;
    }

    /** The array that holds the values, of either type: for telling whether two tensors share storage. */
    Object storage() {
        return data != null ? data : floats;
    }

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
        return length();
    }

    /**
     * The value of a tensor with exactly one element (any rank).
     *
     * @throws IllegalArgumentException if the tensor has more or fewer than one element
     */
    public double item() {
        if (length() != 1) {
            throw new IllegalArgumentException("item: a tensor of shape " + Shapes.str(shape) + " has " + length()
                    + " elements; item() needs exactly one");
        }
        return Storage.get(this, 0);
    }

    /**
     * The element at a full index, one coordinate per dimension (a FLOAT32 value exactly, as a double).
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
        return Storage.get(this, flat);
    }

    /** A copy of the values in row-major order, as doubles (exact for either dtype). */
    public double[] toArray() {
        return data != null ? data.clone() : Storage.doubles(this);
    }

    /** A copy of the values in row-major order, as floats (FLOAT64 values rounded to the nearest float). */
    public float[] toFloatArray() {
        return Storage.floats(this);
    }

    /**
     * This tensor's values in {@code dtype}: this tensor itself if it already has that dtype, else a converted copy
     * (FLOAT64 to FLOAT32 rounds to nearest). Differentiable: the gradient is converted back.
     *
     * @throws IllegalArgumentException if {@code dtype} is null
     */
    public Tensor to(DType dtype) {
        Checks.notNull("to", "dtype", dtype);
        DType own = dtype();
        if (dtype == own) {
            return this;
        }
        return record("to", Storage.convert(this, dtype), g -> new Tensor[] {g.to(own)}, this);
    }

    // ---------------------------------------------------------------- elementwise, broadcasting

    /** {@code this + other}, broadcasting. Backward: the upstream gradient passes unchanged to both inputs. */
    public Tensor add(Tensor other) {
        return BinaryOps.add(this, other);
    }

    /** A rank-0 tensor of this tensor's dtype holding {@code value}: scalar arguments never promote. */
    private Tensor constant(double value) {
        return Storage.fromDoubles(dtype(), new double[] {value}, Shapes.SCALAR);
    }

    /** {@code this + value}, in this tensor's dtype. */
    public Tensor add(double value) {
        return add(constant(value));
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return BinaryOps.sub(this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(double value) {
        return sub(constant(value));
    }

    /** {@code this * other} elementwise, broadcasting. Backward: each input gets upstream times the other input. */
    public Tensor mul(Tensor other) {
        return BinaryOps.mul(this, other);
    }

    /** {@code this * value}. */
    public Tensor mul(double value) {
        return mul(constant(value));
    }

    /** {@code this / other} elementwise, broadcasting. */
    public Tensor div(Tensor other) {
        return BinaryOps.div(this, other);
    }

    /** {@code this / value}. */
    public Tensor div(double value) {
        return div(constant(value));
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

    /**
     * A dense layer, {@code this · weight + bias}, as one op: the values and gradients of
     * {@code matmul(weight).add(bias)} in one product and one pass over its output, with one array allocated instead
     * of two. This tensor is {@code [batch, in]} or {@code [b, n, in]}, {@code weight} is {@code [in, out]} and
     * {@code bias} is {@code [out]} or null (no bias); mixed dtypes promote to FLOAT64 as {@link #matmul} does.
     *
     * <pre>{@code
     * Tensor y = x.linear(w, b);   // [batch, out], as x.matmul(w).add(b)
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code weight} is null, the ranks are not 2 or 3 and 2, the inner
     *     dimensions differ, or the bias is not {@code [out]}
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        return LinearOps.linear(this, weight, bias, Epilogue.IDENTITY);
    }

    /**
     * {@link #linear(Tensor, Tensor)} with {@code epilogue} applied in the same pass over the output:
     * {@link Epilogue#RELU} gives the values and gradients of {@code matmul(weight).add(bias).relu()} (the
     * derivative 0 at 0), and its backward takes the mask and the bias gradient in one pass over the upstream
     * gradient.
     *
     * <pre>{@code
     * Tensor h = x.linear(w1, b1, Epilogue.RELU);   // a hidden layer
     * Tensor logits = h.linear(w2, b2);
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #linear(Tensor, Tensor)} does, or if {@code epilogue} is null
     */
    public Tensor linear(Tensor weight, Tensor bias, Epilogue epilogue) {
        return LinearOps.linear(this, weight, bias, epilogue);
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

    /**
     * The sliding windows of an image batch as columns (im2col), as PyTorch's {@code torch.nn.functional.unfold}:
     * an input {@code [N, C, H, W]} gives {@code [N, C*kH*kW, L]}, where column {@code oh*W' + ow} holds the window
     * at output position (oh, ow), channel major, then kernel row, then kernel column, and positions in the padding
     * read as zeros. {@code L = H' * W'} with {@code H' = (H + 2*padding[0] - dilation[0]*(kernel[0] - 1) - 1) /
     * stride[0] + 1} (rounded down), and W' likewise. Each array is (height, width). The backward is
     * {@link #fold(int[], int[], int[], int[], int[])} of the gradient to {@code [H, W]}, so a window that overlaps
     * another sends both gradients to the shared pixels.
     *
     * <pre>{@code
     * Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
     * Tensor cols = x.unfold(new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1});
     * // cols is [1, 4, 4]: rows [1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]
     * }</pre>
     *
     * @throws IllegalArgumentException if an array is null or does not have 2 values, the kernel, stride or
     *     dilation is not positive, the padding is negative, this tensor is not 4-d, or the dilated kernel is larger
     *     than the padded image
     */
    public Tensor unfold(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return WindowOps.unfold(this, kernel, stride, padding, dilation);
    }

    /**
     * The dual of {@link #unfold(int[], int[], int[], int[])} (col2im), as PyTorch's
     * {@code torch.nn.functional.fold}: an input {@code [N, C*kH*kW, L]} of window columns gives the image
     * {@code [N, C, outputSize[0], outputSize[1]]}, each column's values added at the pixels its window covers
     * (summed where windows overlap, dropped where they lie in the padding). L must be the number of window positions
     * that unfold finds in an image of {@code outputSize}. The backward is unfold of the gradient with the same
     * window.
     *
     * <pre>{@code
     * Tensor cols = Tensor.ones(1, 4, 4);   // C = 1, a 2x2 kernel at the 4 positions of a 3x3 image
     * Tensor counts = cols.fold(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0},
     *         new int[] {1, 1});
     * // counts is [1, 1, 3, 3]: [1, 2, 1, 2, 4, 2, 1, 2, 1], how many windows cover each pixel
     * }</pre>
     *
     * @throws IllegalArgumentException if an array is null or does not have 2 values, the kernel, stride or
     *     dilation is not positive, the padding or output size is negative, this tensor is not 3-d, its rows are not
     *     a multiple of {@code kH*kW}, or its L is not the number of window positions
     */
    public Tensor fold(int[] outputSize, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return WindowOps.fold(this, outputSize, kernel, stride, padding, dilation);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * The 2-d convolution (cross-correlation, as in PyTorch) of this {@code [N, C, H, W]} input with {@code weight}
     * {@code [O, C, kH, kW]}, plus {@code bias} {@code [O]} if not null, with the same stride and padding on both
     * axes, dilation 1 and one group: {@code [N, O, H', W']}, {@code H' = (H + 2p - kH) / s + 1} rounded down.
     * <pre>{@code
     * Tensor y = images.conv2d(weight, bias, 1, 1);   // [128, 1, 28, 28] with [32, 1, 3, 3] -> [128, 32, 28, 28]
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #conv2d(Tensor, Tensor, int[], int[], int[], int)}
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.conv2d(this, weight, bias, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, 1);
    }

    /**
     * The 2-d convolution of this {@code [N, C, H, W]} input with {@code weight} {@code [O, C/groups, kH, kW]},
     * plus {@code bias} {@code [O]} if not null: {@code [N, O, H', W']} with
     * {@code H' = (H + 2 pH - dH (kH - 1) - 1) / sH + 1} rounded down (each array is height, width). Output channel
     * {@code o} sees the input channels of its group. It is composed from recorded ops (per group, the weight's
     * rows times {@link #unfold}'s columns), so its gradients, and theirs, follow; a large batch runs in chunks of
     * images so that the window columns stay within about four million elements.
     * <pre>{@code
     * Tensor y = x.conv2d(w, null, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 2);
     * }</pre>
     *
     * @throws IllegalArgumentException if the input or weight is not 4-d, the weight is null, the channels do not
     *     match the weight, groups does not divide the channels, the bias is not {@code [O]}, a stride or dilation
     *     is not positive, the padding is negative, or the kernel is larger than the padded input
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return ConvOps.conv2d(this, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * The largest element of each {@code kernel x kernel} window of this {@code [N, C, H, W]} input, windows
     * {@code stride} apart, no padding.
     * <pre>{@code
     * Tensor pooled = features.maxPool2d(2, 2);   // [128, 32, 28, 28] -> [128, 32, 14, 14]
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #maxPool2d(int[], int[], int[])}
     */
    public Tensor maxPool2d(int kernel, int stride) {
        return ConvOps.maxPool2d(this, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {0, 0});
    }

    /**
     * The largest element of each window of this {@code [N, C, H, W]} input (each array is height, width); padding,
     * at most half the kernel, is never selected. Backward follows the max gate: each window's gradient goes to its
     * largest element, and an exact tie splits it evenly among the tied elements (PyTorch sends it all to the first
     * maximum); where windows overlap, the gradients add up.
     * <pre>{@code
     * Tensor pooled = x.maxPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1});
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not 4-d, an array is null or not of length 2, the kernel or
     *     stride is not positive, the padding is negative or more than half the kernel, or the kernel is larger than
     *     the padded input
     */
    public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding) {
        return ConvOps.maxPool2d(this, kernel, stride, padding);
    }

    /**
     * The mean of each {@code kernel x kernel} window of this {@code [N, C, H, W]} input, windows {@code stride}
     * apart, no padding.
     * <pre>{@code
     * Tensor pooled = features.avgPool2d(2, 2);
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #avgPool2d(int[], int[], int[])}
     */
    public Tensor avgPool2d(int kernel, int stride) {
        return ConvOps.avgPool2d(this, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {0, 0});
    }

    /**
     * The mean of each window of this {@code [N, C, H, W]} input, padding counted as zeros in the divisor (PyTorch's
     * default); the gradient spreads evenly over each window and adds up where windows overlap.
     * <pre>{@code
     * Tensor pooled = x.avgPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});   // same height and width
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #maxPool2d(int[], int[], int[])}
     */
    public Tensor avgPool2d(int[] kernel, int[] stride, int[] padding) {
        return ConvOps.avgPool2d(this, kernel, stride, padding);
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

    /**
     * The gradient accumulated by backward passes, or {@code null} before any reached this leaf (or this non-leaf
     * that {@linkplain #retainGrad() retains} its gradient). The tensor returned is the caller's to keep: later
     * passes sum into it in place until {@link #zeroGrad()}, and none reuses its memory after that.
     */
    public Tensor grad() {
        gradLent |= grad != null;
        return grad;
    }

    /**
     * Whether a backward pass has left a gradient on this leaf (or retaining non-leaf) since the last
     * {@link #zeroGrad()}.
     */
    public boolean hasGrad() {
        return grad != null;
    }

    /**
     * Forgets the accumulated gradient, so {@link #grad()} is {@code null} again. A gradient that was never handed
     * out by {@code grad()} gives its memory to the next backward pass, which computes the next gradient of this
     * size in it instead of in a new array (an optimizer reads gradients without taking them).
     */
    public void zeroGrad() {
        if (ownsGrad && !gradLent) {
            ArrayPool.give(grad.storage());
        }
        grad = null;
        ownsGrad = false;
        gradLent = false;
    }

    /**
     * Back-propagates from this tensor, which must hold a single element: seeds its gradient with 1.
     *
     * @throws IllegalStateException if the tensor has more than one element or does not require grad
     */
    public void backward() {
        if (length() != 1) {
            throw new IllegalStateException("backward() on a tensor of shape " + Shapes.str(shape)
                    + ": pass the upstream gradient, backward(upstream), or reduce it to a scalar first (e.g. sum())");
        }
        backward(filled("backward", dtype(), 1.0, shape), false);
    }

    /**
     * Back-propagates {@code upstream}, the gradient of some scalar with respect to this tensor; an upstream
     * gradient of another dtype is converted to this tensor's.
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
        Autograd.backward(this, upstream.to(dtype()), createGraph);
    }

    /**
     * Makes this tensor keep the gradient that backward passes send into it in {@link #grad()}, summed over its
     * consumers and accumulated across passes as a leaf's is, and returns this tensor. Only leaves keep their
     * gradient otherwise; on a leaf this does nothing. The retained gradient is the one after this tensor's
     * {@linkplain #registerHook hooks}, and, like a leaf's, its memory is never reused by a later pass.
     * <pre>{@code
     * Tensor y = x.mul(x).retainGrad();
     * y.sum().backward();
     * y.grad();   // ones
     * x.grad();   // 2 x
     * }</pre>
     *
     * @throws IllegalStateException if this tensor does not require grad
     */
    public Tensor retainGrad() {
        requireGrad("retainGrad");
        retainsGrad = node != null;
        return this;
    }

    /**
     * Adds a hook that every later backward pass calls with the gradient flowing into this tensor, once it is
     * complete (summed over all the tensor's consumers), before it goes on to the tensor's inputs or, on a leaf,
     * into {@link #grad()}. The hook returns the gradient to use instead: the one it got, or a replacement of the
     * same shape and dtype. Hooks run in the order they were registered, each on the previous one's result. A
     * hook may keep the gradients it sees: no later pass reuses their memory. With {@code createGraph} the hook's
     * ops are recorded like the rest of the backward pass.
     * <pre>{@code
     * HookHandle h = hidden.registerHook(g -> g.mul(0.5));   // halves the gradient reaching hidden's inputs
     * loss.backward();
     * h.remove();
     * }</pre>
     *
     * @return the handle that removes the hook
     * @throws IllegalArgumentException if {@code hook} is null
     * @throws IllegalStateException if this tensor does not require grad; during backward, if the hook returns null
     *     or a gradient of another shape or dtype
     */
    public HookHandle registerHook(UnaryOperator<Tensor> hook) {
        Checks.notNull("registerHook", "hook", hook);
        requireGrad("registerHook");
        HookHandle handle = new HookHandle(this, hook);
        HookHandle[] more = Arrays.copyOf(hooks, hooks.length + 1);
        more[hooks.length] = handle;
        hooks = more;
        return handle;
    }

    void removeHook(HookHandle handle) {
        for (int i = 0; i < hooks.length; i++) {
            if (hooks[i] == handle) {
                HookHandle[] fewer = new HookHandle[hooks.length - 1];
                System.arraycopy(hooks, 0, fewer, 0, i);
                System.arraycopy(hooks, i + 1, fewer, i, fewer.length - i);
                hooks = fewer;
                return;
            }
        }
    }

    boolean hasHooks() {
        return hooks.length > 0;
    }

    /** Passes the complete gradient {@code g} of this tensor through its hooks, in order, checking each result. */
    Tensor runHooks(Tensor g) {
        for (HookHandle handle : hooks) {
            Tensor next = handle.hook.apply(g);
            String where = "hook on " + (node == null ? "a leaf" : "the output of '" + node.op + "'") + " of shape "
                    + Shapes.str(shape);
            if (next == null) {
                throw new IllegalStateException(where + " returned null; return the gradient, or a replacement of"
                        + " shape " + Shapes.str(shape));
            }
            if (!Arrays.equals(next.shape, shape)) {
                throw new IllegalStateException(where + " returned a gradient of shape " + Shapes.str(next.shape));
            }
            if (next.dtype() != g.dtype()) {
                throw new IllegalStateException(where + " returned a " + next.dtype() + " gradient for a "
                        + g.dtype() + " one");
            }
            g = next;
        }
        return g;
    }

    private void requireGrad(String op) {
        if (!requiresGrad) {
            throw new IllegalStateException(op + ": the tensor of shape " + Shapes.str(shape) + " does not require"
                    + " grad, so no gradient passes it; call requiresGrad(true) on it or on the inputs it is computed"
                    + " from first");
        }
    }

    /**
     * Adds a gradient into this leaf's (or retaining non-leaf's) {@link #grad()}, keeping {@link #ownsGrad}'s invariant; {@code owned} says
     * the same of {@code g}: that nothing but the backward pass holds its values.
     */
    void accumulateGrad(Tensor g, boolean createGraph, boolean owned) {
        if (createGraph) {
            // A recorded sum, so that the gradient can be differentiated again; the graph holds its values.
            grad = grad == null ? g : grad.add(g);
            ownsGrad = false;
        } else if (ownsGrad) {
            Elementwise.update(grad, g, BinaryOps.ADD);
            grad.version++;
            Autograd.recycle(g, owned, false);
        } else if (grad == null && owned) {
            // A first gradient that nothing else holds is kept as it is: copying a weight's gradient would cost as
            // much as an elementwise op on the weight.
            grad = new Tensor(g.data, g.floats, shape, null);
            ownsGrad = true;
        } else {
            // Any other is copied (the same gradient can reach several leaves, or be the caller's upstream tensor),
            // and a second one is summed into a new array.
            Tensor values = grad != null ? Elementwise.map("add", grad, g, BinaryOps.ADD) : Storage.convert(g, g.dtype());
            Autograd.recycle(g, owned, false);
            grad = new Tensor(values.data, values.floats, shape, null);
            ownsGrad = true;
            gradLent = false;
        }
    }

    /** This tensor's values as a new leaf outside the graph (sharing storage, never requiring grad). */
    public Tensor detach() {
        return view(shape);
    }

    /** A view with another shape over the same storage; package use by ops that are themselves recorded. */
    Tensor view(int[] newShape) {
        return new Tensor(data, floats, newShape, this);
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
     * {@code backward} is called during back-propagation. The backward must give each input's gradient in that
     * input's dtype.
     *
     * @throws IllegalArgumentException if {@code function}, {@code inputs} or one of the inputs is null
     * @throws IllegalStateException if {@code forward} returns null, or (during backward) {@code backward} returns
     *     the wrong number of gradients, or one of another shape or dtype than its input
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
        Tensor out = raw.view(raw.shape);
        return record(name, true, out, g -> {
            Tensor[] grads = function.backward(g, saved, out);
            if (grads == null || grads.length != saved.length) {
                throw new IllegalStateException("backward of '" + name + "' returned "
                        + (grads == null ? "null" : grads.length + " gradients") + " for " + saved.length + " inputs");
            }
            return grads;
        }, saved);
    }

    /**
     * Gradient checkpointing: {@code f(inputs)}, computed without keeping {@code f}'s intermediates for backward.
     * The backward pass runs {@code f} again on the same inputs, this time recorded, and sends the gradient back
     * through that recomputation, so a deep model whose blocks are checkpointed holds only the blocks' outputs
     * until backward, at the cost of a second forward pass of each block. Gradients are bit-identical to those of
     * {@code f} applied directly, and second derivatives ({@code createGraph}) work too.
     *
     * <p>{@code f} must compute the same values from the same inputs each time; backward checks that it did. The
     * random tensors it draws with {@link #dropoutMask} or {@link #rand(DType, SplittableRandom, int...)} (so nn's
     * dropout layers too) are kept from the forward pass and handed back to the recomputation, so they need no care.
     * Other randomness must come from a generator made inside {@code f} from a seed fixed outside it:
     * <pre>{@code
     * long seed = rng.nextLong();   // a new seed each step, drawn outside f
     * Tensor y = Tensor.checkpoint(in -> {
     *     Tensor h = in[0].matmul(in[1]).tanh();
     *     return h.mul(Tensor.dropoutMask(h.dtype(), new SplittableRandom(seed), 0.1, h.shape()));
     * }, x, w);
     * }</pre>
     * A tensor {@code f} reads that requires grad should be one of {@code inputs}. A leaf it captures instead (a
     * weight) still gets its gradient, accumulated during the recomputation, as long as some input requires grad.
     *
     * @throws IllegalArgumentException if {@code f}, {@code inputs} or one of the inputs is null, or if {@code f}
     *     reads a tensor that requires grad while none of the inputs does
     * @throws IllegalStateException if {@code f} returns null; during backward, if the recomputation gives other
     *     values than the forward pass did
     */
    public static Tensor checkpoint(java.util.function.Function<Tensor[], Tensor> f, Tensor... inputs) {
        return Recompute.checkpoint(f, inputs);
    }

    // ---------------------------------------------------------------- in-place updates (optimizers)

    /**
     * Overwrites this tensor's values with {@code source}'s (same shape, either dtype: converted to this tensor's),
     * in place. Meant for parameters, outside recording.
     *
     * @throws IllegalStateException if this tensor was computed by an op, or requires grad while recording is on
     */
    public Tensor assign(Tensor source) {
        checkInPlace("assign", "source", source);
        Storage.copy(source, 0, this, 0, length());
        base.version++;
        return this;
    }

    /**
     * {@code this += alpha * other}, in place (same shape; {@code other} of either dtype, computed in double and
     * rounded once to this tensor's); see {@link #assign(Tensor)} for when it is allowed.
     */
    public Tensor addInPlace(Tensor other, double alpha) {
        checkInPlace("addInPlace", "other", other);
        Elementwise.update(this, other, (x, xi, xs, y, yi, ys, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] + alpha * y[yi + i];
        });
        base.version++;
        return this;
    }

    /** {@code this *= factor}, in place; see {@link #assign(Tensor)} for when it is allowed. */
    public Tensor mulInPlace(double factor) {
        checkInPlace("mulInPlace", "this", this);
        Elementwise.mapInto(this, (x, xi, o, oi, n) -> {
            for (int i = 0; i < n; i++) o[oi + i] = x[xi + i] * factor;
        }, this);
        base.version++;
        return this;
    }

    /** Counts a write of this tensor's storage by an engine kernel, as the in-place methods above count theirs. */
    void wroteInPlace() {
        base.version++;
    }

    /** Checks an in-place update of this tensor from {@code other}, the parameter called {@code name}. */
    void checkInPlace(String op, String name, Tensor other) {
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

    /**
     * {@link #record(String, Tensor, Backward, Tensor...)}, for the engine's ops or for a backward that runs a user's
     * code ({@link Function}, {@link #checkpoint}).
     */
    static Tensor record(String op, boolean userDefined, Tensor out, Backward backward, Tensor... inputs) {
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

    /**
     * Shape, the dtype if it is not the default, values (the first few) and, for a computed tensor, its op:
     * {@code Tensor[2, 2] [1.0, 2.0, ...] (add)}, {@code Tensor[2] float32 [0.1, 0.2]}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape));
        if (floats != null) {
            sb.append(" float32");
        }
        sb.append(" [");
        int length = length(), shown = Math.min(length, 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ");
            if (floats != null) {
                sb.append(floats[i]);
            } else {
                sb.append(data[i]);
            }
        }
        if (shown < length) {
            sb.append(", ... (").append(length).append(" values)");
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

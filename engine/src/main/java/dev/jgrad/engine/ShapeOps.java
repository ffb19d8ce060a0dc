package dev.jgrad.engine;

import java.util.Arrays;

/**
 * Ops that move values without arithmetic. Each backward is the op's dual: reshape undoes reshape, transpose
 * undoes transpose, expand's backward is sumTo (and sumTo's is expand), slice's is pad, indexSelect's is indexAdd,
 * gather's is scatter, and concat's is a slice per part.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    private static final Broadcast.Loop COPY = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs];
    };
    /**
     * Accumulates the run of {@code y} into {@code x}: the sum over broadcast axes. A bias gradient, summed over the
     * batch, takes the unit-stride branch, which the JIT compiles to SIMD instructions.
     */
    private static final Broadcast.Loop ACCUMULATE = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < n; i++) x[xi + i] += y[yi + i];
        } else {
            for (int i = 0; i < n; i++) x[xi + i * xs] += y[yi + i * ys];
        }
    };

    /** A view: same storage, new shape. */
    static Tensor reshape(Tensor x, int[] shape) {
        int[] resolved = resolve(x, shape);
        if (Arrays.equals(resolved, x.shape)) {
            return x;
        }
        int[] from = x.shape;
        return Tensor.record("reshape", x.view(resolved), g -> new Tensor[] {g.reshape(from)}, x);
    }

    private static int[] resolve(Tensor x, int[] shape) {
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: bad dimension " + shape[i] + " in " + Shapes.str(shape)
                        + " (only one -1 may be inferred)");
            } else {
                known *= shape[i];
            }
        }
        int[] out = shape.clone();
        if (inferred >= 0) {
            if (known == 0 || x.data.length % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(x.shape) + " ("
                        + x.data.length + " elements) into " + Shapes.str(shape));
            }
            out[inferred] = (int) (x.data.length / known);
        } else if (known != x.data.length) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(x.shape) + " (" + x.data.length
                    + " elements) into " + Shapes.str(shape) + " (" + known + " elements)");
        }
        return out;
    }

    static Tensor transpose(Tensor x) {
        int r = x.shape.length;
        if (r < 2) {
            throw new IllegalArgumentException("transpose: needs rank 2 or more, got shape " + Shapes.str(x.shape));
        }
        int rows = x.shape[r - 2], cols = x.shape[r - 1], batch = x.data.length / Math.max(1, rows * cols);
        int[] shape = x.shape.clone();
        shape[r - 2] = cols;
        shape[r - 1] = rows;
        double[] o = new double[x.data.length];
        for (int b = 0, off = 0; b < batch && rows * cols > 0; b++, off += rows * cols) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) o[off + j * rows + i] = x.data[off + i * cols + j];
            }
        }
        return Tensor.record("transpose", new Tensor(o, shape), g -> new Tensor[] {g.transpose()}, x);
    }

    static Tensor expand(Tensor x, int[] shape) {
        if (!Shapes.broadcastsTo(x.shape, shape)) {
            throw new IllegalArgumentException("expand: shape " + Shapes.str(x.shape) + " cannot be broadcast to "
                    + Shapes.str(shape));
        }
        if (Arrays.equals(x.shape, shape)) {
            return x;
        }
        int[] to = shape.clone();
        double[] o = new double[Shapes.checkedSize("expand", to)];
        Broadcast.walk(to, x.data, x.shape, x.data, x.shape, o, COPY);
        int[] from = x.shape;
        return Tensor.record("expand", new Tensor(o, to), g -> new Tensor[] {g.sumTo(from)}, x);
    }

    static Tensor sumTo(Tensor x, int[] shape) {
        if (!Shapes.broadcastsTo(shape, x.shape)) {
            throw new IllegalArgumentException("sumTo: shape " + Shapes.str(shape) + " does not broadcast to "
                    + Shapes.str(x.shape));
        }
        if (Arrays.equals(x.shape, shape)) {
            return x;
        }
        int[] to = shape.clone();
        double[] o = new double[Shapes.size(to)];
        Broadcast.walk(x.shape, o, to, x.data, x.shape, null, ACCUMULATE);
        int[] from = x.shape;
        return Tensor.record("sumTo", new Tensor(o, to), g -> new Tensor[] {g.expand(from)}, x);
    }

    static Tensor slice(Tensor x, int axis, int from, int to) {
        int ax = Shapes.axis("slice", axis, x.shape);
        int n = x.shape[ax];
        if (from < 0 || to > n || from > to) {
            throw new IllegalArgumentException("slice: range [" + from + ", " + to + ") is out of bounds for axis " + axis
                    + " of shape " + Shapes.str(x.shape));
        }
        int outer = Shapes.outer(x.shape, ax), inner = Shapes.inner(x.shape, ax), len = to - from;
        double[] o = new double[outer * len * inner];
        for (int p = 0; p < outer; p++) {
            System.arraycopy(x.data, (p * n + from) * inner, o, p * len * inner, len * inner);
        }
        Tensor out = new Tensor(o, Shapes.withAxis(x.shape, ax, len, true));
        return Tensor.record("slice", out, g -> new Tensor[] {pad(g, ax, from, n)}, x);
    }

    /** The dual of slice: {@code x} placed at offset {@code from} along {@code axis} of a zero tensor of length n. */
    static Tensor pad(Tensor x, int ax, int from, int n) {
        int outer = Shapes.outer(x.shape, ax), inner = Shapes.inner(x.shape, ax), len = x.shape[ax];
        double[] o = new double[outer * n * inner];
        for (int p = 0; p < outer; p++) {
            System.arraycopy(x.data, p * len * inner, o, (p * n + from) * inner, len * inner);
        }
        Tensor out = new Tensor(o, Shapes.withAxis(x.shape, ax, n, true));
        return Tensor.record("pad", out, g -> new Tensor[] {g.slice(ax, from, from + len)}, x);
    }

    static Tensor concat(int axis, Tensor[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors to join");
        }
        int[] first = parts[0].shape;
        int ax = Shapes.axis("concat", axis, first);
        int total = 0;
        for (Tensor t : parts) {
            if (t.shape.length != first.length || !Arrays.equals(Shapes.withAxis(t.shape, ax, 0, true),
                    Shapes.withAxis(first, ax, 0, true))) {
                throw new IllegalArgumentException("concat: shapes " + shapes(parts) + " differ outside axis " + axis);
            }
            total += t.shape[ax];
        }
        int outer = Shapes.outer(first, ax), inner = Shapes.inner(first, ax);
        double[] o = new double[outer * total * inner];
        int[] offsets = new int[parts.length];
        for (int k = 0, at = 0; k < parts.length; at += parts[k].shape[ax], k++) {
            offsets[k] = at;
            int len = parts[k].shape[ax];
            for (int p = 0; p < outer; p++) {
                System.arraycopy(parts[k].data, p * len * inner, o, (p * total + at) * inner, len * inner);
            }
        }
        Tensor[] inputs = parts.clone();
        return Tensor.record("concat", new Tensor(o, Shapes.withAxis(first, ax, total, true)), g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                grads[k] = inputs[k].requiresGrad ? g.slice(ax, offsets[k], offsets[k] + inputs[k].shape[ax]) : null;
            }
            return grads;
        }, inputs);
    }

    private static String shapes(Tensor[] parts) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : parts) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Shapes.str(t.shape));
        }
        return sb.toString();
    }

    static Tensor indexSelect(Tensor x, int axis, int[] indices) {
        int ax = Shapes.axis("indexSelect", axis, x.shape);
        int n = x.shape[ax];
        checkIndices("indexSelect", indices, n, ax, x.shape);
        int outer = Shapes.outer(x.shape, ax), inner = Shapes.inner(x.shape, ax), len = indices.length;
        double[] o = new double[outer * len * inner];
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < len; j++) {
                System.arraycopy(x.data, (p * n + indices[j]) * inner, o, (p * len + j) * inner, inner);
            }
        }
        int[] idx = indices.clone();
        Tensor out = new Tensor(o, Shapes.withAxis(x.shape, ax, len, true));
        return Tensor.record("indexSelect", out, g -> new Tensor[] {indexAdd(g, ax, idx, n)}, x);
    }

    /** The dual of indexSelect: slice j of {@code x} along the axis is added into slice {@code indices[j]}. */
    static Tensor indexAdd(Tensor x, int ax, int[] indices, int n) {
        int outer = Shapes.outer(x.shape, ax), inner = Shapes.inner(x.shape, ax), len = indices.length;
        double[] o = new double[outer * n * inner];
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < len; j++) {
                int src = (p * len + j) * inner, dst = (p * n + indices[j]) * inner;
                for (int q = 0; q < inner; q++) o[dst + q] += x.data[src + q];
            }
        }
        Tensor out = new Tensor(o, Shapes.withAxis(x.shape, ax, n, true));
        return Tensor.record("indexAdd", out, g -> new Tensor[] {g.indexSelect(ax, indices)}, x);
    }

    static Tensor gather(Tensor x, int axis, int[] index) {
        int ax = Shapes.axis("gather", axis, x.shape);
        int n = x.shape[ax];
        int[] outShape = Shapes.withAxis(x.shape, ax, 1, false);
        if (index.length != Shapes.size(outShape)) {
            throw new IllegalArgumentException("gather: " + index.length + " indices for axis " + axis + " of shape "
                    + Shapes.str(x.shape) + "; need one per element of " + Shapes.str(outShape));
        }
        checkIndices("gather", index, n, ax, x.shape);
        int inner = Shapes.inner(x.shape, ax);
        double[] o = new double[index.length];
        for (int k = 0; k < o.length; k++) {
            int p = k / Math.max(inner, 1), q = k - p * inner;
            o[k] = x.data[(p * n + index[k]) * inner + q];
        }
        int[] idx = index.clone();
        int[] shape = x.shape;
        return Tensor.record("gather", new Tensor(o, outShape), g -> new Tensor[] {scatter(g, shape, ax, idx)}, x);
    }

    /** The dual of gather: a zero tensor of {@code shape} with {@code x}'s elements at the gathered positions. */
    static Tensor scatter(Tensor x, int[] shape, int ax, int[] index) {
        int n = shape[ax], inner = Shapes.inner(shape, ax);
        double[] o = new double[Shapes.size(shape)];
        for (int k = 0; k < index.length; k++) {
            int p = k / Math.max(inner, 1), q = k - p * inner;
            o[(p * n + index[k]) * inner + q] += x.data[k];
        }
        return Tensor.record("scatter", new Tensor(o, shape), g -> new Tensor[] {g.gather(ax, index)}, x);
    }

    private static void checkIndices(String op, int[] indices, int n, int ax, int[] shape) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IllegalArgumentException(op + ": index " + indices[i] + " (position " + i + ") is out of range"
                        + " for axis " + ax + " of length " + n + " in shape " + Shapes.str(shape));
            }
        }
    }
}

package dev.jgrad.engine;

import java.util.Arrays;

/**
 * Ops that move values without arithmetic; those along one axis read its layout from {@link Axis}. Each backward is
 * the op's dual: reshape undoes reshape, transpose undoes transpose, expand's backward is sumTo (and sumTo's is
 * expand), slice's is pad, indexSelect's is indexAdd, gather's is scatter, and concat's is a slice per part.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    private static final Broadcast.Loop COPY = (x, xi, xs, y, yi, ys, o, oi, n) -> {
        for (int i = 0; i < n; i++) o[oi + i] = x[xi + i * xs];
    };

    /** A view: same storage, new shape. d/dx = the gradient reshaped back. */
    static Tensor reshape(Tensor x, int[] shape) {
        String op = "reshape";
        int[] resolved = resolve(op, x, Checks.notNull(op, "shape", shape));
        if (Arrays.equals(resolved, x.shape)) {
            return x;
        }
        int[] from = x.shape;
        return Tensor.record(op, x.view(resolved), g -> new Tensor[] {g.reshape(from)}, x);
    }

    private static int[] resolve(String op, Tensor x, int[] shape) {
        int inferred = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": bad dimension " + shape[i] + " in " + Shapes.str(shape)
                        + " (only one -1 may be inferred)");
            }
        }
        int[] out = shape.clone();
        if (inferred >= 0) {
            long known = 1;
            for (int i = 0; i < shape.length; i++) {
                if (i != inferred) {
                    // Capped, so that it cannot wrap: past the cap no length divides it anyway.
                    known = Math.min(known * shape[i], Shapes.MAX_SIZE + 1L);
                }
            }
            if (known == 0 || x.data.length % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(x.shape) + " ("
                        + x.data.length + " elements) into " + Shapes.str(shape));
            }
            out[inferred] = (int) (x.data.length / known);
        }
        int size = Shapes.checkedSize(op, out);
        if (size != x.data.length) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(x.shape) + " (" + x.data.length
                    + " elements) into " + Shapes.str(shape) + " (" + size + " elements)");
        }
        return out;
    }

    /** d/dx = the gradient transposed back. */
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

    /** d/dx = the gradient summed over the broadcast axes (sumTo). */
    static Tensor expand(Tensor x, int[] shape) {
        String op = "expand";
        Checks.notNull(op, "shape", shape);
        if (!Shapes.broadcastsTo(x.shape, shape)) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(x.shape) + " cannot be broadcast to "
                    + Shapes.str(shape));
        }
        if (Arrays.equals(x.shape, shape)) {
            return x;
        }
        int[] to = shape.clone();
        double[] o = new double[Shapes.checkedSize(op, to)];
        Broadcast.walk(to, x.data, x.shape, x.data, x.shape, o, COPY);
        int[] from = x.shape;
        return Tensor.record(op, new Tensor(o, to), g -> new Tensor[] {g.sumTo(from)}, x);
    }

    /** d/dx = the gradient broadcast back (expand). */
    static Tensor sumTo(Tensor x, int[] shape) {
        String op = "sumTo";
        Checks.notNull(op, "shape", shape);
        if (!Shapes.broadcastsTo(shape, x.shape)) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(shape) + " does not broadcast to "
                    + Shapes.str(x.shape));
        }
        if (Arrays.equals(x.shape, shape)) {
            return x;
        }
        int[] to = shape.clone();
        double[] o = new double[Shapes.size(to)];
        Broadcast.walk(x.shape, o, to, x.data, x.shape, null, Broadcast.ADD_INTO);
        int[] from = x.shape;
        return Tensor.record(op, new Tensor(o, to), g -> new Tensor[] {g.expand(from)}, x);
    }

    /** d/dx = the gradient padded back with zeros outside the range (pad). */
    static Tensor slice(Tensor x, int axis, int from, int to) {
        String op = "slice";
        Axis a = Axis.of(op, axis, x.shape);
        int n = a.n();
        if (from < 0 || to > n || from > to) {
            throw new IllegalArgumentException(op + ": range [" + from + ", " + to + ") is out of bounds for axis "
                    + axis + " of shape " + Shapes.str(x.shape));
        }
        int outer = a.outer(), inner = a.inner(), len = to - from;
        double[] o = new double[outer * len * inner];
        for (int p = 0; p < outer; p++) {
            System.arraycopy(x.data, (p * n + from) * inner, o, p * len * inner, len * inner);
        }
        int ax = a.index();
        return Tensor.record(op, new Tensor(o, a.resized(len)), g -> new Tensor[] {pad(g, ax, from, n)}, x);
    }

    /**
     * The dual of slice: {@code x} placed at offset {@code from} along axis {@code ax} of a zero tensor of length
     * {@code n}. d/dx = the gradient sliced back.
     */
    static Tensor pad(Tensor x, int ax, int from, int n) {
        String op = "pad";
        Axis a = Axis.of(op, ax, x.shape);
        int outer = a.outer(), inner = a.inner(), len = a.n();
        double[] o = new double[outer * n * inner];
        for (int p = 0; p < outer; p++) {
            System.arraycopy(x.data, p * len * inner, o, (p * n + from) * inner, len * inner);
        }
        return Tensor.record(op, new Tensor(o, a.resized(n)), g -> new Tensor[] {g.slice(ax, from, from + len)}, x);
    }

    /** d/d(part k) = the gradient's slice at part k's offset along the axis. */
    static Tensor concat(int axis, Tensor[] parts) {
        String op = "concat";
        Checks.noNulls(op, "parts", "part", parts);
        if (parts.length == 0) {
            throw new IllegalArgumentException(op + ": no tensors to join");
        }
        Axis a = Axis.of(op, axis, parts[0].shape);
        int ax = a.index();
        int[] rest = a.resized(0);
        long total = 0;
        for (Tensor t : parts) {
            if (t.shape.length != rest.length || !Arrays.equals(Axis.of(op, ax, t.shape).resized(0), rest)) {
                throw new IllegalArgumentException(op + ": shapes " + shapes(parts) + " differ outside axis " + axis);
            }
            total += t.shape[ax];
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": shapes " + shapes(parts) + " are too large to join: axis "
                    + axis + " would have length " + total);
        }
        int outer = a.outer(), inner = a.inner(), length = (int) total;
        int[] shape = a.resized(length);
        double[] o = new double[Shapes.checkedSize(op, shape)];
        int[] offsets = new int[parts.length];
        for (int k = 0, at = 0; k < parts.length; at += parts[k].shape[ax], k++) {
            offsets[k] = at;
            int len = parts[k].shape[ax];
            for (int p = 0; p < outer; p++) {
                System.arraycopy(parts[k].data, p * len * inner, o, (p * length + at) * inner, len * inner);
            }
        }
        Tensor[] inputs = parts.clone();
        return Tensor.record(op, new Tensor(o, shape), g -> {
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

    /** d/dx = the gradient's slices added back into the slices they came from (indexAdd), repeats summed. */
    static Tensor indexSelect(Tensor x, int axis, int[] indices) {
        String op = "indexSelect";
        Checks.notNull(op, "indices", indices);
        Axis a = Axis.of(op, axis, x.shape);
        int n = a.n();
        checkIndices(op, indices, a);
        int outer = a.outer(), inner = a.inner(), len = indices.length;
        int[] shape = a.resized(len);
        double[] o = new double[Shapes.checkedSize(op, shape)];
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < len; j++) {
                System.arraycopy(x.data, (p * n + indices[j]) * inner, o, (p * len + j) * inner, inner);
            }
        }
        int[] idx = indices.clone();
        int ax = a.index();
        return Tensor.record(op, new Tensor(o, shape), g -> new Tensor[] {indexAdd(g, ax, idx, n)}, x);
    }

    /**
     * The dual of indexSelect: slice j of {@code x} along the axis is added into slice {@code indices[j]}.
     * d/dx = the gradient's selected slices (indexSelect).
     */
    static Tensor indexAdd(Tensor x, int ax, int[] indices, int n) {
        String op = "indexAdd";
        Axis a = Axis.of(op, ax, x.shape);
        int outer = a.outer(), inner = a.inner(), len = indices.length;
        double[] o = new double[outer * n * inner];
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < len; j++) {
                int src = (p * len + j) * inner, dst = (p * n + indices[j]) * inner;
                for (int q = 0; q < inner; q++) o[dst + q] += x.data[src + q];
            }
        }
        return Tensor.record(op, new Tensor(o, a.resized(n)), g -> new Tensor[] {g.indexSelect(ax, indices)}, x);
    }

    /** d/dx = the gradient scattered back to the gathered positions, zeros elsewhere (scatter). */
    static Tensor gather(Tensor x, int axis, int[] index) {
        String op = "gather";
        Checks.notNull(op, "index", index);
        Axis a = Axis.of(op, axis, x.shape);
        int[] outShape = a.reduced(false);
        if (index.length != Shapes.size(outShape)) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices for axis " + axis + " of shape "
                    + Shapes.str(x.shape) + "; need one per element of " + Shapes.str(outShape));
        }
        checkIndices(op, index, a);
        double[] o = new double[index.length];
        for (int k = 0; k < o.length; k++) {
            o[k] = x.data[gathered(a, k, index[k])];
        }
        int[] idx = index.clone();
        return Tensor.record(op, new Tensor(o, outShape), g -> new Tensor[] {scatter(g, a, idx)}, x);
    }

    /**
     * The dual of gather: a zero tensor of the axis's shape with {@code x}'s elements added at the gathered
     * positions. d/dx = the gradient gathered from those positions (gather).
     */
    static Tensor scatter(Tensor x, Axis a, int[] index) {
        double[] o = new double[Shapes.size(a.shape())];
        for (int k = 0; k < index.length; k++) {
            o[gathered(a, k, index[k])] += x.data[k];
        }
        int ax = a.index();
        return Tensor.record("scatter", new Tensor(o, a.shape()), g -> new Tensor[] {g.gather(ax, index)}, x);
    }

    /** The flat position that gather's output element {@code k} reads: element {@code j} of its slice. */
    private static int gathered(Axis a, int k, int j) {
        int inner = a.inner(), p = k / Math.max(inner, 1), q = k - p * inner;
        return (p * a.n() + j) * inner + q;
    }

    private static void checkIndices(String op, int[] indices, Axis a) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= a.n()) {
                throw new IllegalArgumentException(op + ": index " + indices[i] + " (position " + i + ") is out of range"
                        + " for axis " + a.index() + " of length " + a.n() + " in shape " + Shapes.str(a.shape()));
            }
        }
    }
}

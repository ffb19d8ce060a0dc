package dev.jgrad.engine;

import java.util.Arrays;

/**
 * Ops that move values without arithmetic; those along one axis read its layout from {@link Axis}. Each backward is
 * the op's dual: reshape undoes reshape, transpose undoes transpose, expand's backward is sumTo (and sumTo's is
 * expand), slice's is pad, indexSelect's is indexAdd, gather's is scatter, and concat's is a slice per part.
 * The moves themselves are {@link Storage}'s, one loop per dtype; the sums (sumTo, indexAdd) accumulate in double.
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
            if (known == 0 || x.length() % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(x.shape) + " ("
                        + x.length() + " elements) into " + Shapes.str(shape));
            }
            out[inferred] = (int) (x.length() / known);
        }
        int size = Shapes.checkedSize(op, out);
        if (size != x.length()) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(x.shape) + " (" + x.length()
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
        int rows = x.shape[r - 2], cols = x.shape[r - 1], batch = x.length() / Math.max(1, rows * cols);
        int[] shape = x.shape.clone();
        shape[r - 2] = cols;
        shape[r - 1] = rows;
        Tensor out = Storage.zeros(x.dtype(), shape);
        if (rows * cols > 0) {
            Storage.transpose(x, out, batch, rows, cols);
        }
        return Tensor.record("transpose", out, g -> new Tensor[] {g.transpose()}, x);
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
        Shapes.checkedSize(op, to);
        int[] from = x.shape;
        return Tensor.record(op, Elementwise.broadcast(x, to, COPY), g -> new Tensor[] {g.sumTo(from)}, x);
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
        int[] from = x.shape;
        Tensor out = Elementwise.reduce(x, to, to, 0.0, Broadcast.ADD_INTO);
        return Tensor.record(op, out, g -> new Tensor[] {g.expand(from)}, x);
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
        Tensor out = Storage.zeros(x.dtype(), a.resized(len));
        for (int p = 0; p < outer; p++) {
            Storage.copy(x, (p * n + from) * inner, out, p * len * inner, len * inner);
        }
        int ax = a.index();
        return Tensor.record(op, out, g -> new Tensor[] {pad(g, ax, from, n)}, x);
    }

    /**
     * The dual of slice: {@code x} placed at offset {@code from} along axis {@code ax} of a zero tensor of length
     * {@code n}. d/dx = the gradient sliced back.
     */
    static Tensor pad(Tensor x, int ax, int from, int n) {
        String op = "pad";
        Axis a = Axis.of(op, ax, x.shape);
        int outer = a.outer(), inner = a.inner(), len = a.n();
        Tensor out = Storage.zeros(x.dtype(), a.resized(n));
        for (int p = 0; p < outer; p++) {
            Storage.copy(x, p * len * inner, out, (p * n + from) * inner, len * inner);
        }
        return Tensor.record(op, out, g -> new Tensor[] {g.slice(ax, from, from + len)}, x);
    }

    /**
     * d/d(part k) = the gradient's slice at part k's offset along the axis. Parts of mixed dtypes are cast to
     * FLOAT64 first (recorded, so each part's gradient comes back in its own dtype).
     */
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
        Shapes.checkedSize(op, shape);
        DType dtype = parts[0].dtype();
        for (Tensor t : parts) {
            dtype = DType.promoted(dtype, t.dtype());
        }
        Tensor[] inputs = new Tensor[parts.length];
        Tensor out = Storage.zeros(dtype, shape);
        int[] offsets = new int[parts.length];
        for (int k = 0, at = 0; k < parts.length; at += parts[k].shape[ax], k++) {
            inputs[k] = parts[k].to(dtype);
            offsets[k] = at;
            int len = parts[k].shape[ax];
            for (int p = 0; p < outer; p++) {
                Storage.copy(inputs[k], p * len * inner, out, (p * length + at) * inner, len * inner);
            }
        }
        return Tensor.record(op, out, g -> {
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
        Shapes.checkedSize(op, shape);
        Tensor out = Storage.zeros(x.dtype(), shape);
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < len; j++) {
                Storage.copy(x, (p * n + indices[j]) * inner, out, (p * len + j) * inner, inner);
            }
        }
        int[] idx = indices.clone();
        int ax = a.index();
        return Tensor.record(op, out, g -> new Tensor[] {indexAdd(g, ax, idx, n)}, x);
    }

    /**
     * The dual of indexSelect: slice j of {@code x} along the axis is added into slice {@code indices[j]}.
     * d/dx = the gradient's selected slices (indexSelect).
     */
    static Tensor indexAdd(Tensor x, int ax, int[] indices, int n) {
        String op = "indexAdd";
        Axis a = Axis.of(op, ax, x.shape);
        int outer = a.outer(), inner = a.inner(), len = indices.length;
        int[] shape = a.resized(n);
        // Repeated indices sum their slices: in double, rounded once to x's dtype.
        Tensor acc = Elementwise.accumulator(shape, 0.0);
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < len; j++) {
                Elementwise.run(Broadcast.ADD_INTO, acc, x, null, (p * n + indices[j]) * inner, 1, (p * len + j) * inner, 1,
                        0, inner);
            }
        }
        Tensor out = Storage.fromDoubles(x.dtype(), acc.data, shape);
        return Tensor.record(op, out, g -> new Tensor[] {g.indexSelect(ax, indices)}, x);
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
        Tensor out = Storage.zeros(x.dtype(), outShape);
        Storage.gather(x, positions(a, index), out);
        int[] idx = index.clone();
        return Tensor.record(op, out, g -> new Tensor[] {scatter(g, a, idx)}, x);
    }

    /**
     * The dual of gather: a zero tensor of the axis's shape with {@code x}'s elements added at the gathered
     * positions. d/dx = the gradient gathered from those positions (gather).
     */
    static Tensor scatter(Tensor x, Axis a, int[] index) {
        Tensor out = Storage.zeros(x.dtype(), a.shape());
        Storage.scatter(x, positions(a, index), out);
        int ax = a.index();
        return Tensor.record("scatter", out, g -> new Tensor[] {g.gather(ax, index)}, x);
    }

    /**
     * The flat position that each of gather's output elements reads: element {@code index[k]} of output element
     * k's slice. Distinct elements read distinct positions, so scatter, the dual, never adds two into one.
     */
    private static int[] positions(Axis a, int[] index) {
        int inner = a.inner(), n = a.n();
        int[] at = new int[index.length];
        for (int k = 0; k < at.length; k++) {
            int p = k / Math.max(inner, 1), q = k - p * inner;
            at[k] = (p * n + index[k]) * inner + q;
        }
        return at;
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

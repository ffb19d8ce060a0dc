package dev.jgrad.engine;

/**
 * One axis of a shape, seen as {@code [outer, n, inner]}: the product of the dimensions before it, its own length
 * and the product of those after it. In row-major storage element {@code j} of block {@code p} along the axis
 * starts at {@code (p * n + j) * inner}, and its {@code inner} values are contiguous; every op that works along one
 * axis (reductions, slice, pad, concat, indexSelect, gather and their duals) reads its layout from here.
 *
 * @param index the axis, resolved to {@code 0 <= index < rank}
 * @param shape the shape the axis belongs to (not copied: never changed)
 */
record Axis(int index, int outer, int n, int inner, int[] shape) {

    /**
     * The axis {@code axis} of {@code shape}; a negative axis counts from the end.
     *
     * @throws IllegalArgumentException naming {@code op} and the shape if the axis is out of range
     */
    static Axis of(String op, int axis, int[] shape) {
        int rank = shape.length;
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + Shapes.str(shape)
                    + " (rank " + rank + ")");
        }
        int index = axis < 0 ? axis + rank : axis;
        int outer = 1;
        for (int i = 0; i < index; i++) {
            outer *= shape[i];
        }
        int inner = 1;
        for (int i = index + 1; i < rank; i++) {
            inner *= shape[i];
        }
        return new Axis(index, outer, shape[index], inner, shape);
    }

    /** The shape with this axis set to {@code length}. */
    int[] resized(int length) {
        int[] s = shape.clone();
        s[index] = length;
        return s;
    }

    /** The shape reduced along this axis: the axis kept as length 1 if {@code keep}, else removed. */
    int[] reduced(boolean keep) {
        if (keep) {
            return resized(1);
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != index) {
                s[j++] = shape[i];
            }
        }
        return s;
    }
}

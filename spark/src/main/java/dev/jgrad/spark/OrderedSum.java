package dev.jgrad.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The sum of every partition's {@link Contribution} as {@code treeAggregate} gathers them, made the same bits
 * whatever order the partitions report in: floating-point addition is not associative, so the order of the sum is
 * fixed as a balanced binary tree over the partition indices (partitions 0 and 1 are added, then 2 and 3, then the
 * two pairs, ...). A contribution waits here until its sibling in the tree arrives; one whose sibling's range lies
 * past the last partition moves up alone. Spark merges these partial sums in any order and any grouping; each merge
 * only fills in the same fixed tree.
 *
 * <p>One partition gives that partition's contribution unchanged; two give {@code c0 + c1}; four give
 * {@code (c0 + c1) + (c2 + c3)}.
 */
final class OrderedSum implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    /** Waiting subtotals by (level, index); level 0 holds single partitions. */
    private final Map<Long, Contribution> waiting = new HashMap<>();
    private Contribution root;

    /** An empty sum over {@code partitions} partitions. */
    OrderedSum(int partitions) {
        this.partitions = partitions;
    }

    /** Adds the contribution of its partition; returns this sum. */
    OrderedSum add(Contribution c) {
        insert(0, c.partition, c);
        return this;
    }

    /** Adds every subtotal of {@code other}, a sum over other partitions of the same job; returns this sum. */
    OrderedSum merge(OrderedSum other) {
        if (other.root != null) {
            insert(levels(), 0, other.root);
        }
        other.waiting.forEach((key, c) -> insert((int) (key >>> 32), (int) (long) key, c));
        return this;
    }

    /**
     * The total over all the partitions.
     *
     * @throws IllegalStateException if a partition has not been added
     */
    Contribution total() {
        if (root == null) {
            throw new IllegalStateException("OrderedSum: " + waiting.size() + " subtotals of " + partitions
                    + " partitions are still waiting for their siblings");
        }
        return root;
    }

    /** The tree's height: the root's subtree covers {@code 2^levels >= partitions} partitions. */
    private int levels() {
        return 32 - Integer.numberOfLeadingZeros(Math.max(1, partitions) - 1);
    }

    private void insert(int level, int index, Contribution c) {
        while (level < levels()) {
            long span = 1L << level;
            int sibling = index ^ 1;
            if (sibling * span < partitions) {
                Contribution other = waiting.remove(key(level, sibling));
                if (other == null) {
                    waiting.put(key(level, index), c);
                    return;
                }
                c = index < sibling ? c.plus(other) : other.plus(c);
            }
            index >>= 1;
            level++;
        }
        root = c;
    }

    private static long key(int level, int index) {
        return ((long) level << 32) | index;
    }
}

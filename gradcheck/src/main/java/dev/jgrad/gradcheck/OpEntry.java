package dev.jgrad.gradcheck;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;

/**
 * One line of the op catalog: an op (or a family of calls of it), the domain its derivatives are checked on, the
 * public methods it covers, and a jqwik arbitrary of concrete {@link OpCase}s drawn from that domain.
 *
 * <pre>{@code
 * OpEntry cube = OpEntry.of("cube", "values in [-2, 2]",
 *         TensorArbitraries.tensors().map(x -> OpCase.of("cube", in -> Tensor.apply(CUBE, in[0]), x)))
 *     .covering("MyOps.cube(Tensor)");
 * OpCatalog mine = OpCatalog.of(List.of(cube));
 * }</pre>
 *
 * <p>Entries are values: any module can make its own and check them with the same machinery (the properties, the
 * coverage check, the table command).
 */
public final class OpEntry {
    private final String name;
    private final String domain;
    private final Arbitrary<OpCase> cases;
    private final Set<String> covers;
    private final boolean twiceDifferentiable;

    private OpEntry(String name, String domain, Arbitrary<OpCase> cases, Set<String> covers,
                    boolean twiceDifferentiable) {
        this.name = name;
        this.domain = domain;
        this.cases = cases;
        this.covers = Set.copyOf(covers);
        this.twiceDifferentiable = twiceDifferentiable;
    }

    /**
     * An entry named {@code name}, checked on {@code domain} (a few words for the table and reports) with the cases
     * {@code cases} generates; twice differentiable until {@link #firstOrderOnly()} says otherwise.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public static OpEntry of(String name, String domain, Arbitrary<OpCase> cases) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("OpEntry.of: the name must not be blank");
        }
        return new OpEntry(name, domain, cases, Set.of(), true);
    }

    /**
     * The same entry, also covering these public methods, written as {@link OpCatalog#signature} writes them,
     * e.g. {@code "Tensor.sum(int, boolean)"}.
     */
    public OpEntry covering(String... signatures) {
        Set<String> all = new LinkedHashSet<>(covers);
        all.addAll(List.of(signatures));
        return new OpEntry(name, domain, cases, all, twiceDifferentiable);
    }

    /** The same entry, checked for first derivatives only (its backward is not itself differentiable). */
    public OpEntry firstOrderOnly() {
        return new OpEntry(name, domain, cases, covers, false);
    }

    /** The entry's name, unique in its catalog. */
    public String name() {
        return name;
    }

    /** The domain in words, e.g. {@code "positive values in [0.1, 3]"}. */
    public String domain() {
        return domain;
    }

    /** The public methods whose derivatives this entry checks. */
    public Set<String> covers() {
        return covers;
    }

    /** Whether second derivatives are checked too. */
    public boolean twiceDifferentiable() {
        return twiceDifferentiable;
    }

    /** The cases to check, each knowing its entry. */
    public Arbitrary<OpCase> cases() {
        return cases.map(c -> c.in(this));
    }

    @Override
    public String toString() {
        return name + " (" + domain + ")";
    }
}

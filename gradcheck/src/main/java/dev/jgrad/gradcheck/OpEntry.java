package dev.jgrad.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;

/**
 * One line of the op catalog: an op (or a family of calls of it), the domain its derivatives are checked on, the
 * public methods it covers, and a jqwik arbitrary of concrete {@link OpCase}s drawn from that domain.
 *
 * <pre>{@code
 * TensorArbitrary xs = TensorArbitraries.tensors();
 * OpEntry cube = OpEntry.forMethod("MyOps.cube(Tensor)", xs.describe(),
 *         xs.map(x -> OpCase.of("cube", in -> MyOps.cube(in[0]), x)));
 * cube.verify();                                   // 100 cases from seed 42, first and second derivatives
 * cube.verifyFloat32();                            // the same cases in float32 against float64
 * OpCatalog mine = OpCatalog.of(List.of(cube));
 * }</pre>
 *
 * <p>Entries are values: any module can make its own and check them with the same machinery (a test per entry,
 * the coverage check, the table command). Two JUnit tests per entry of a catalog, as each module of this project
 * runs them, named {@code "Tensor.log() float64"} and {@code "Tensor.log() float32 vs float64"}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> everyEntry() {
 *     return mine.entries().stream().flatMap(e -> Stream.of(
 *             DynamicTest.dynamicTest(e.name() + " float64", e::verify),
 *             DynamicTest.dynamicTest(e.name() + " float32 vs float64", e::verifyFloat32)));
 * }
 * }</pre>
 *
 * <p>or a jqwik property over one entry, which shrinks a failing case:
 *
 * <pre>{@code
 * @Property(tries = 100)
 * void cube(@ForAll("cubes") OpCase c) {
 *     c.verify();
 * }
 *
 * @Provide
 * Arbitrary<OpCase> cubes() {
 *     return cube.cases();
 * }
 * }</pre>
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
     * An entry that checks one public method and is named by it: {@code signature} as {@link OpCatalog#signature}
     * writes it, e.g. {@code "Tensor.sum(int, boolean)"}, is both the name and what the entry covers, so the two
     * cannot disagree.
     *
     * @throws IllegalArgumentException if the signature is not of the form {@code Type.method(parameters)}
     */
    public static OpEntry forMethod(String signature, String domain, Arbitrary<OpCase> cases) {
        if (signature == null || !signature.matches("[\\w$]+\\.\\w+\\(.*\\)")) {
            throw new IllegalArgumentException("OpEntry.forMethod: '" + signature + "' is not a signature such as"
                    + " 'Tensor.sum(int, boolean)'");
        }
        return new OpEntry(signature, domain, cases, Set.of(signature), true);
    }

    /**
     * The method name of a signature: {@code "sum"} for {@code "Tensor.sum(int, boolean)"}, as the cases of an
     * entry made by {@link #forMethod} describe the op.
     */
    public static String methodName(String signature) {
        return signature.substring(signature.indexOf('.') + 1, signature.indexOf('('));
    }

    /**
     * The same entry for one way of calling its method, named {@code "name [variant]"}: for a method checked in
     * several settings, such as a module's forward in training and in evaluation.
     */
    public OpEntry variant(String variant) {
        return new OpEntry(name + " [" + variant + "]", domain, cases, covers, twiceDifferentiable);
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

    /**
     * {@code tries} cases, the same for the same seed, depending on this entry and the seed alone: first the
     * arbitrary's edge cases (scalars, the smallest and largest dimensions, the ends of the ranges), up to half of
     * the tries, then random draws with a generation size of {@code tries}, as a jqwik property of that many tries
     * makes them. Call it outside a jqwik property.
     */
    public List<OpCase> sample(int tries, long seed) {
        List<OpCase> drawn = new ArrayList<>(tries);
        JqwikSession.start(Long.toString(seed));
        try {
            Arbitrary<OpCase> all = cases();
            for (Shrinkable<OpCase> edge : all.edgeCases(tries / 2)) {
                drawn.add(edge.value());
            }
            RandomGenerator<OpCase> generator = all.generator(tries);
            Random random = new Random(seed);
            while (drawn.size() < tries) {
                drawn.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        return drawn;
    }

    /** {@link #verify(int, long)} with {@link CatalogTable#TRIES} cases from seed {@link CatalogTable#SEED}. */
    public void verify() {
        verify(CatalogTable.TRIES, CatalogTable.SEED);
    }

    /**
     * Checks {@code tries} cases drawn from {@code seed} with the default options: first derivatives, and second
     * ones when the entry is {@linkplain #twiceDifferentiable() twice differentiable}.
     *
     * @throws AssertionError when a case fails, saying how many did, the seed that draws them again, and the
     *         first failing case with its report; an exception from the op is its cause
     */
    public void verify(int tries, long seed) {
        CatalogTable.Row row = CatalogTable.check(this, tries, seed, GradCheckOptions.defaults(), true, false);
        throwIfAnyFailed(row.failures(), tries, seed, "", row.firstFailure(), row.firstCause());
    }

    /**
     * {@link #verifyFloat32(int, long)} with {@link CatalogTable#TRIES} cases from seed {@link CatalogTable#SEED}.
     */
    public void verifyFloat32() {
        verifyFloat32(CatalogTable.TRIES, CatalogTable.SEED);
    }

    /**
     * Checks the same {@code tries} cases as {@link #verify(int, long)} in float32: each case's function on FLOAT32
     * copies of its inputs against FLOAT64 on the same float-rounded values, output values and first derivatives,
     * and second ones when the entry is twice differentiable (see {@link GradCheck#checkFloat32}). An op whose output
     * or gradients do not stay FLOAT32 fails.
     *
     * @throws AssertionError as {@link #verify(int, long)} does
     */
    public void verifyFloat32(int tries, long seed) {
        CatalogTable.Row row = CatalogTable.check(this, tries, seed, GradCheckOptions.defaults(), false, true);
        throwIfAnyFailed(row.float32Failures(), tries, seed, " in float32", row.firstFloat32Failure(),
                row.firstFloat32Cause());
    }

    private void throwIfAnyFailed(int failures, int tries, long seed, String where, String first, Throwable cause) {
        if (failures > 0) {
            throw new AssertionError(name + ": " + failures + " of " + tries + " cases failed" + where
                    + " (drawn with seed " + seed + "); the first:\n" + first, cause);
        }
    }

    @Override
    public String toString() {
        return name + " (" + domain + ")";
    }
}

package dev.jgrad.gradcheck;

import dev.jgrad.engine.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalog of differentiable ops: every entry says which public methods it covers and on which domain their
 * derivatives are checked. {@link #engine()} lists every differentiable op of {@link Tensor};
 * {@link #discover()} adds the entries other modules register through {@link OpCatalogProvider}.
 *
 * <pre>{@code
 * OpCatalog all = OpCatalog.discover();
 * all.entry("Tensor.log()").domain();                         // "positive values in [0.1, 3]"
 * all.uncovered(Tensor.class, OpCatalog.engineNonDifferentiable());   // [] when every op is checked
 * }</pre>
 *
 * <p>A catalog is immutable; {@link #with(List)} returns a larger one.
 */
public final class OpCatalog {
    private static volatile OpCatalog discovered;

    private final Map<String, OpEntry> entries;

    private OpCatalog(Map<String, OpEntry> entries) {
        this.entries = entries;
    }

    /**
     * A catalog of these entries, in this order.
     *
     * @throws IllegalArgumentException if two entries share a name
     */
    public static OpCatalog of(List<OpEntry> entries) {
        return new OpCatalog(new LinkedHashMap<>()).with(entries);
    }

    /** Every differentiable public op of {@link Tensor}, with its domain. */
    public static OpCatalog engine() {
        return EngineCatalog.CATALOG;
    }

    /**
     * The engine's entries followed by those of every {@link OpCatalogProvider} on the class path (found once, then
     * remembered).
     *
     * @throws IllegalArgumentException if two entries share a name
     */
    public static OpCatalog discover() {
        OpCatalog c = discovered;
        if (c == null) {
            c = engine();
            for (OpCatalogProvider p : ServiceLoader.load(OpCatalogProvider.class)) {
                c = c.with(p.entries());
            }
            discovered = c;
        }
        return c;
    }

    /**
     * The public methods of {@link Tensor} that return a tensor but have no gradient to check, each with the
     * reason. Together with {@link #engine()} they account for every such method.
     */
    public static Map<String, String> engineNonDifferentiable() {
        return EngineCatalog.NOT_DIFFERENTIABLE;
    }

    /**
     * This catalog followed by {@code more}.
     *
     * @throws IllegalArgumentException if a name is already taken
     */
    public OpCatalog with(List<OpEntry> more) {
        Map<String, OpEntry> all = new LinkedHashMap<>(entries);
        for (OpEntry e : more) {
            if (all.putIfAbsent(e.name(), e) != null) {
                throw new IllegalArgumentException("OpCatalog: two entries are named '" + e.name() + "'");
            }
        }
        return new OpCatalog(all);
    }

    /** The entries, in catalog order. */
    public List<OpEntry> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * The entry named {@code name}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the names there are
     */
    public OpEntry entry(String name) {
        OpEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("OpCatalog: no entry named '" + name + "'; entries are " + entries.keySet());
        }
        return e;
    }

    /** Whether an entry is named {@code name}. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Every signature some entry covers. */
    public Set<String> covered() {
        Set<String> all = new LinkedHashSet<>();
        for (OpEntry e : entries.values()) {
            all.addAll(e.covers());
        }
        return all;
    }

    /**
     * The public methods declared by {@code type} that return a {@link Tensor} and are neither covered by an entry
     * nor listed in {@code exempt} (signature to reason), sorted: empty when every op has its gradient checked.
     */
    public List<String> uncovered(Class<?> type, Map<String, String> exempt) {
        return uncovered(List.of(type), exempt);
    }

    /**
     * {@link #uncovered(Class, Map)} of each of {@code types} in turn: for a catalog of the ops of several classes,
     * such as every public class of a package.
     *
     * <pre>{@code
     * assertEquals(List.of(), myCatalog.uncovered(List.of(Layers.class, Losses.class), exempt));
     * }</pre>
     */
    public List<String> uncovered(Collection<? extends Class<?>> types, Map<String, String> exempt) {
        Set<String> covered = covered();
        List<String> missing = new ArrayList<>();
        for (Class<?> type : types) {
            for (String s : tensorMethods(type)) {
                if (!covered.contains(s) && !exempt.containsKey(s)) {
                    missing.add(s);
                }
            }
        }
        return missing;
    }

    /**
     * The signatures that an entry covers or {@code exempt} lists but that name no public method returning a
     * {@link Tensor} declared by {@code types}: what a renamed or removed method leaves behind. Those of the entries
     * come first, in catalog order, then those of {@code exempt} in its order; empty when every name is current.
     *
     * <pre>{@code
     * assertEquals(List.of(), myCatalog.stale(List.of(Layers.class), exempt));
     * }</pre>
     */
    public List<String> stale(Collection<? extends Class<?>> types, Map<String, String> exempt) {
        Set<String> methods = new HashSet<>();
        for (Class<?> type : types) {
            methods.addAll(tensorMethods(type));
        }
        List<String> stale = new ArrayList<>();
        for (String s : covered()) {
            if (!methods.contains(s)) {
                stale.add(s);
            }
        }
        for (String s : exempt.keySet()) {
            if (!methods.contains(s)) {
                stale.add(s);
            }
        }
        return stale;
    }

    /** The signatures of the public methods declared by {@code type} that return a {@link Tensor}, sorted. */
    public static Set<String> tensorMethods(Class<?> type) {
        Set<String> all = new TreeSet<>();
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && m.getReturnType() == Tensor.class) {
                all.add(signature(m));
            }
        }
        return all;
    }

    /**
     * A method as entries name it: the declaring class's simple name, the method's name and its parameter types'
     * simple names, e.g. {@code "Tensor.sum(int, boolean)"} or {@code "Tensor.concat(int, Tensor[])"}.
     */
    public static String signature(Method m) {
        String[] params = Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toArray(String[]::new);
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "(" + String.join(", ", params) + ")";
    }

    /** An empty builder of the map of exempt methods that {@link #uncovered} and {@link #stale} take. */
    public static Exemptions exemptions() {
        return new Exemptions();
    }

    @Override
    public String toString() {
        return "OpCatalog" + entries.keySet();
    }

    /**
     * The methods that return a tensor but have no gradient to check, each with the reason, grouped by reason: the
     * {@code exempt} map of {@link #uncovered} and {@link #stale}. Unlike a plain map, it refuses a method listed
     * twice, where the second reason would silently replace the first.
     *
     * <pre>{@code
     * Map<String, String> exempt = OpCatalog.exemptions()
     *         .because("returns the layer's own parameter: computes nothing", "Layer.weight()", "Layer.bias()")
     *         .because("inference with recording off: its result has no graph", "Layer.predict(Tensor)")
     *         .build();
     * assertEquals(List.of(), myCatalog.uncovered(Layer.class, exempt));
     * }</pre>
     */
    public static final class Exemptions {
        private final Map<String, String> reasons = new LinkedHashMap<>();

        private Exemptions() {
        }

        /**
         * Lists {@code signatures} (as {@link OpCatalog#signature} writes them) as exempt for {@code reason}.
         *
         * @return this builder
         * @throws IllegalArgumentException if an argument is null, no signature is given, or a signature is listed
         *     already
         */
        public Exemptions because(String reason, String... signatures) {
            if (reason == null || signatures == null) {
                throw new IllegalArgumentException("Exemptions.because: " + (reason == null ? "reason" : "signatures")
                        + " is null");
            }
            if (signatures.length == 0) {
                throw new IllegalArgumentException("Exemptions.because: no signature for the reason '" + reason + "'");
            }
            for (int i = 0; i < signatures.length; i++) {
                if (signatures[i] == null) {
                    throw new IllegalArgumentException("Exemptions.because: signature " + i + " is null");
                }
                String earlier = reasons.putIfAbsent(signatures[i], reason);
                if (earlier != null) {
                    throw new IllegalArgumentException("Exemptions.because: '" + signatures[i] + "' is exempt"
                            + " already, for the reason '" + earlier + "'");
                }
            }
            return this;
        }

        /** The signatures with their reasons, in the order they were listed; later calls do not change it. */
        public Map<String, String> build() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
        }
    }
}

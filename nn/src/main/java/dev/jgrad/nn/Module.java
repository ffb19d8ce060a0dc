package dev.jgrad.nn;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;

/**
 * A piece of a network: a function of a tensor whose learnable parameters and sub-modules are found automatically
 * from its fields.
 *
 * <pre>{@code
 * class TwoLayer extends Module {
 *     private final Dense hidden = new Dense(2, 16, Init.HE_NORMAL, rng);
 *     private final Dense out = new Dense(16, 3, Init.XAVIER_UNIFORM, rng);
 *     public Tensor forward(Tensor x) { return out.forward(hidden.forward(x).relu()); }
 * }
 * new TwoLayer().namedParameters().keySet();   // [hidden.weight, hidden.bias, out.weight, out.bias]
 * }</pre>
 *
 * <p>Discovery reads the instance fields of the subclass and its superclasses, in declaration order:
 * <ul>
 *   <li>a {@code Tensor} field is a parameter named after the field, or a buffer if annotated {@link Buffer};</li>
 *   <li>a {@code Module} field is a child, whose names are prefixed with the field's name and a dot;</li>
 *   <li>a {@code List} or array of modules holds children named {@code field.0}, {@code field.1}, ...</li>
 * </ul>
 * Static and {@code transient} fields are skipped, so a constant tensor can be kept out by marking it transient.
 * A tensor reachable twice (tied weights) is listed once, under its first name. Subclasses in a named JPMS module
 * must open their package to {@code dev.jgrad.nn} so the fields can be read.
 *
 * <p>{@link #to(DType)} converts every parameter and buffer to another dtype, as PyTorch's {@code module.to} does;
 * create the optimizer after it.
 *
 * <p>A module starts in training mode; {@link #eval()} switches it and all its descendants to inference behaviour
 * (dropout off, batch norm on running statistics), {@link #train()} back. {@link #predict(Tensor)} runs one
 * inference without touching the modes the caller set.
 */
public abstract class Module {
    private boolean training = true;

    /** Computes the module's output for a batch. */
    public abstract Tensor forward(Tensor input);

    /**
     * The output for {@code input} at inference: every module below this one in eval mode, recording off, and the
     * result detached (it does not require grad). Each module's training mode is restored afterwards, as it was.
     *
     * <pre>{@code
     * Module model = ...;                          // loaded from a checkpoint, say
     * Tensor probabilities = Activations.softmax(model.predict(x), -1);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code input} is null, or as {@link #forward} does
     */
    public final Tensor predict(Tensor input) {
        Checks.notNull("predict", "input", input);
        List<Module> all = descendants();
        boolean[] modes = new boolean[all.size()];
        for (int i = 0; i < modes.length; i++) {
            modes[i] = all.get(i).training;
            all.get(i).training = false;
        }
        try (var off = Tensor.noGrad()) {
            return forward(input).detach();
        } finally {
            for (int i = 0; i < modes.length; i++) {
                all.get(i).training = modes[i];
            }
        }
    }

    /**
     * The learnable parameters by dotted name, in declaration order (an unmodifiable view of a fresh map).
     *
     * @throws IllegalStateException if a layer below this module is not built yet (a {@link Dense} made without its
     *     input width, before its first forward): its parameters do not exist, and an empty list would train nothing
     */
    public final Map<String, Tensor> namedParameters() {
        requireBuilt("namedParameters");
        return collectTensors(false);
    }

    /**
     * The learnable parameters in declaration order, each once: what an optimizer updates.
     *
     * @throws IllegalStateException as {@link #namedParameters()} does
     */
    public final List<Tensor> parameters() {
        requireBuilt("parameters");
        return List.copyOf(collectTensors(false).values());
    }

    /** Throws naming the first module below this one that has not made its parameters yet. */
    private void requireBuilt(String op) {
        namedModules().forEach((name, m) -> {
            if (!m.built()) {
                throw new IllegalStateException(op + ": " + (name.isEmpty() ? m : "layer '" + name + "' (" + m + ")")
                        + " is not built yet: its input width is unknown; call build(inputShape) on it or its model,"
                        + " or run one forward pass first");
            }
        });
    }

    /**
     * Gives every module of this one's tree that draws at each forward (a {@link Dropout}'s masks, an {@link RReLU}'s
     * slopes) a new generator, seeded from {@code seed}, in layer order, in place of the one it had; returns this
     * module. It is how the copies of one model trained side by side (on the partitions of a cluster, say) each draw
     * masks of their own that a seed reproduces. Weights are not touched.
     *
     * <pre>{@code
     * replica.reseed(seed ^ step);   // this step's masks, the same at every rerun
     * }</pre>
     */
    public final Module reseed(long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (Module m : namedModules().values()) {
            m.reseedDraws(seeds.nextLong());
        }
        return this;
    }

    /** Replaces the generator of this module's per-forward draws, if it has any, with one seeded by {@code seed}. */
    void reseedDraws(long seed) {
    }

    // ---------------------------------------------------------------- layers that build at their first input

    /**
     * Whether this module has made its parameters; a layer that infers its input width (a {@link Dense} made with
     * only its units) has not until its first forward or its {@code build}.
     */
    boolean built() {
        return true;
    }

    /**
     * Gives the module the seed of its random draws (initial weights, dropout masks) unless it was given a
     * generator or seed when made: how a {@link Model}'s one seed reaches every layer.
     */
    void seedIfUnset(long seed) {
    }

    /**
     * Builds this unbuilt module from the arrays a checkpoint holds for it ({@code saved}, names prefixed with
     * {@code prefix}), throwing a {@link CheckpointException} naming {@code file} if they do not fit.
     */
    void buildFrom(String prefix, Map<String, Tensor> saved, Path file) {
    }

    /** Undoes {@link #buildFrom}: back to unbuilt, as when a checkpoint that built the module failed its checks. */
    void unbuild() {
    }

    /** This module and every module below it, each once, by dotted name ({@code ""} for this one), in order. */
    final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        ArrayDeque<Map.Entry<String, Module>> todo = new ArrayDeque<>();
        todo.add(Map.entry("", this));
        Map<Module, Boolean> seen = new IdentityHashMap<>();
        while (!todo.isEmpty()) {
            Map.Entry<String, Module> e = todo.poll();
            if (seen.put(e.getValue(), Boolean.TRUE) == null) {
                out.put(e.getKey(), e.getValue());
                String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
                e.getValue().children().forEach((kid, m) -> todo.add(Map.entry(prefix + kid, m)));
            }
        }
        return out;
    }

    /** The buffers (fields annotated {@link Buffer}) by dotted name, in declaration order. */
    public final Map<String, Tensor> namedBuffers() {
        return collectTensors(true);
    }

    /** This module's direct children by field name, in declaration order. */
    public final Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        forEachField((name, value, field) -> addModules(name, value, children));
        return Collections.unmodifiableMap(children);
    }

    /** Switches this module and all its descendants to training mode and returns this module. */
    public Module train() {
        setTraining(true);
        return this;
    }

    /** Switches this module and all its descendants to inference mode and returns this module. */
    public Module eval() {
        setTraining(false);
        return this;
    }

    /** Whether the module is in training mode (the default). */
    public boolean isTraining() {
        return training;
    }

    /** Forgets the accumulated gradient of every parameter. */
    public void zeroGrad() {
        for (Tensor p : collectTensors(false).values()) {
            p.zeroGrad();
        }
    }

    /**
     * Converts every parameter and buffer of this module and all its descendants to {@code dtype} and returns this
     * module, as PyTorch's {@code module.to(dtype)}: a parameter stays a leaf that requires grad as it did, a buffer
     * stays a buffer, a tied tensor stays tied, and fields of modules held in lists or arrays are converted too. The
     * converted tensors are new ones (FLOAT64 values round to the nearest float), put in the fields in place of the
     * old ones; they start without a gradient. Tensors already of {@code dtype} are kept, so {@code to} of the
     * module's own dtype changes nothing.
     *
     * <pre>{@code
     * Module model = new Sequential(new Dense(784, 128, rng), Activation.relu(), new Dense(128, 10, rng));
     * model.to(DType.FLOAT32);                                    // before the optimizer is made
     * Optimizer opt = new Adam(model.parameters(), 1e-3);
     * }</pre>
     *
     * <p>An optimizer holds the tensors it was given, so create it after {@code to}; one created before throws on
     * its next step rather than update tensors the model no longer uses.
     *
     * @throws IllegalArgumentException if {@code dtype} is null
     * @throws IllegalStateException if a field holding a tensor cannot be set (its package is not open to
     *     {@code dev.jgrad.nn}); the modules before it are already converted
     */
    public Module to(DType dtype) {
        Checks.notNull("Module.to", "dtype", dtype);
        Map<Tensor, Tensor> converted = new IdentityHashMap<>();
        try (var off = Tensor.noGrad()) {
            for (Module m : descendants()) {
                m.forEachField((name, value, field) -> {
                    if (value instanceof Tensor t && t.dtype() != dtype) {
                        m.write(field, converted.computeIfAbsent(t, old -> replacement(old, dtype)));
                    }
                });
            }
        }
        return this;
    }

    /**
     * The tensors {@link #to} has replaced, with the dtype they were converted to: an optimizer made before the
     * conversion finds its parameters here and says so, instead of silently updating tensors no model uses. Weak,
     * so the old tensors can still be collected.
     */
    private static final Map<Tensor, DType> REPLACED = Collections.synchronizedMap(new WeakHashMap<>());

    /** A copy of {@code old} in {@code dtype}: a leaf that requires grad exactly when {@code old} did. */
    private static Tensor replacement(Tensor old, DType dtype) {
        Tensor fresh = old.detach().to(dtype).requiresGrad(old.requiresGrad());
        REPLACED.put(old, dtype);
        return fresh;
    }

    /** The dtype {@link #to} converted {@code tensor} to when it replaced it in a module, or null if it did not. */
    static DType replacedBy(Tensor tensor) {
        return REPLACED.get(tensor);
    }

    private void write(Field f, Tensor value) {
        try {
            f.setAccessible(true);
            f.set(this, value);
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            throw new IllegalStateException(getClass().getName() + ": cannot set field '" + f.getName()
                    + "' to convert it; open its package to dev.jgrad.nn in module-info.java", e);
        }
    }

    private void setTraining(boolean mode) {
        for (Module m : descendants()) {
            m.training = mode;
        }
    }

    /** This module and every module below it, each once. */
    final List<Module> descendants() {
        List<Module> all = new ArrayList<>();
        Map<Module, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Module> todo = new ArrayDeque<>();
        todo.add(this);
        while (!todo.isEmpty()) {
            Module m = todo.poll();
            if (seen.put(m, Boolean.TRUE) == null) {
                all.add(m);
                todo.addAll(m.children().values());
            }
        }
        return all;
    }

    private Map<String, Tensor> collectTensors(boolean buffers) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", buffers, out, new IdentityHashMap<>(), new IdentityHashMap<>());
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, boolean buffers, Map<String, Tensor> out, Map<Tensor, Boolean> seenTensors,
            Map<Module, Boolean> seenModules) {
        if (seenModules.put(this, Boolean.TRUE) != null) {
            return;
        }
        forEachField((name, value, field) -> {
            if (value instanceof Tensor t) {
                if (field.isAnnotationPresent(Buffer.class) == buffers && seenTensors.put(t, Boolean.TRUE) == null) {
                    out.put(prefix + name, t);
                }
            } else {
                Map<String, Module> kids = new LinkedHashMap<>();
                addModules(name, value, kids);
                kids.forEach((kid, m) -> m.collect(prefix + kid + ".", buffers, out, seenTensors, seenModules));
            }
        });
    }

    /** Adds {@code value} to {@code into} if it is a module, or its elements if it is a list or array of modules. */
    private static void addModules(String name, Object value, Map<String, Module> into) {
        if (value instanceof Module m) {
            into.put(name, m);
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Module m) {
                    into.put(name + "." + i, m);
                }
            }
        } else if (value != null && value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                if (Array.get(value, i) instanceof Module m) {
                    into.put(name + "." + i, m);
                }
            }
        }
    }

    private interface FieldVisitor {
        void visit(String name, Object value, Field field);
    }

    /** Visits the non-null instance fields of the concrete class and its superclasses, superclass fields first. */
    private void forEachField(FieldVisitor visitor) {
        ArrayDeque<Class<?>> chain = new ArrayDeque<>();
        for (Class<?> c = getClass(); c != Module.class; c = c.getSuperclass()) {
            chain.push(c);
        }
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                int mods = f.getModifiers();
                if (Modifier.isStatic(mods) || Modifier.isTransient(mods) || f.isSynthetic()) {
                    continue;
                }
                Object value = read(f);
                if (value != null) {
                    visitor.visit(f.getName(), value, f);
                }
            }
        }
    }

    private Object read(Field f) {
        try {
            f.setAccessible(true);
            return f.get(this);
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            throw new IllegalStateException(getClass().getName() + ": cannot read field '" + f.getName()
                    + "' to find parameters; open its package to dev.jgrad.nn in module-info.java", e);
        }
    }
}

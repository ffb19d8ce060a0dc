package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a module's forward with given tensors in place of its parameters, as {@code torch.func.functional_call}
 * does: the gradient checker passes fresh tensors on every evaluation, and the gradient of the forward with respect
 * to the parameters must reach those tensors.
 *
 * <pre>{@code
 * Dense layer = new Dense(3, 2, Init.ZEROS, rng);
 * Tensor y = FunctionalCall.forward(layer, x, w, b);   // x w + b; layer.weight() is now w
 * }</pre>
 */
final class FunctionalCall {
    private FunctionalCall() {
    }

    /**
     * Puts {@code parameters} in the fields that hold {@code module}'s parameters, in {@link Module#parameters()}
     * order, with its buffers in the input's dtype, then returns {@code module.forward(input)}. The module keeps the new
     * tensors afterwards.
     *
     * @throws IllegalArgumentException if the count or a shape differs from the module's parameters
     */
    static Tensor forward(Module module, Tensor input, Tensor... parameters) {
        // Buffers (batch norm's running statistics) take the input's dtype, as in a model converted with to().
        module.to(input.dtype());
        bind(module, parameters);
        return module.forward(input);
    }

    /** The parameters' shapes, in {@link Module#parameters()} order. */
    static int[][] parameterShapes(Module module) {
        return module.parameters().stream().map(Tensor::shape).toArray(int[][]::new);
    }

    private static void bind(Module module, Tensor[] parameters) {
        List<Tensor> current = module.parameters();
        if (current.size() != parameters.length) {
            throw new IllegalArgumentException("FunctionalCall: " + module.getClass().getSimpleName() + " has "
                    + current.size() + " parameters, got " + parameters.length);
        }
        Map<Tensor, Tensor> replacement = new IdentityHashMap<>();
        for (int i = 0; i < parameters.length; i++) {
            if (!Arrays.equals(current.get(i).shape(), parameters[i].shape())) {
                throw new IllegalArgumentException("FunctionalCall: parameter " + i + " has shape "
                        + Arrays.toString(current.get(i).shape()) + ", got " + Arrays.toString(parameters[i].shape()));
            }
            replacement.put(current.get(i), parameters[i]);
        }
        // A parameter is a Tensor field of the module or of a descendant; children() finds the descendants.
        ArrayDeque<Module> todo = new ArrayDeque<>(List.of(module));
        Map<Module, Boolean> seen = new IdentityHashMap<>();
        while (!todo.isEmpty()) {
            Module m = todo.poll();
            if (seen.put(m, Boolean.TRUE) == null) {
                replaceFields(m, replacement);
                todo.addAll(m.children().values());
            }
        }
    }

    private static void replaceFields(Module m, Map<Tensor, Tensor> replacement) {
        for (Class<?> c = m.getClass(); c != Module.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType() != Tensor.class) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Tensor next = replacement.get((Tensor) f.get(m));
                    if (next != null) {
                        f.set(m, next);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("FunctionalCall: cannot replace " + c.getName() + "." + f.getName(), e);
                }
            }
        }
    }
}

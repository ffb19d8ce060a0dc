package dev.jgrad.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * How an executor makes its own copy of something the driver has, a model or a loss: a {@link Supplier} that Spark can
 * serialise and ship, so that nothing it makes ({@code Module}, {@code Loss}, {@code Tensor}) needs to be
 * {@link Serializable} itself. A lambda or method reference given where a {@code Factory} is expected is serialisable
 * as long as what it captures is.
 *
 * <pre>{@code
 * Factory<Module> model = () -> new Sequential(new Dense(784, 128, new Random(1)), Activation.relu(),
 *         new Dense(128, 10, new Random(2)));
 * Factory<Loss> loss = Loss::crossEntropy;
 * }</pre>
 *
 * <p>Every call must make the same architecture (the same parameters and buffers, in the same order and shapes): the
 * trainer overwrites the values with the driver's.
 *
 * @param <T> what it makes
 */
@FunctionalInterface
public interface Factory<T> extends Supplier<T>, Serializable {
}

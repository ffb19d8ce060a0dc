package dev.jgrad.nn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code Tensor} field of a {@link Module} as a buffer: state that belongs to the model and is saved in
 * checkpoints, but that the optimizer does not train (for example batch norm's running mean).
 *
 * <pre>{@code
 * @Buffer private final Tensor runningMean = Tensor.zeros(features);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Buffer {
}

package dev.jgrad.gradcheck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Draws the {@code @ForAll OpCase} parameter of a jqwik property from the catalog entry of this name, looked up in
 * {@link OpCatalog#discover()} (the engine's entries and those of every {@link OpCatalogProvider}).
 *
 * <pre>{@code
 * @Property(tries = 100)
 * void log(@ForAll @CatalogOp("log") OpCase c) {
 *     c.verify();
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.TYPE_USE})
public @interface CatalogOp {
    /** The entry's name, as {@link OpEntry#name()}. */
    String value();
}

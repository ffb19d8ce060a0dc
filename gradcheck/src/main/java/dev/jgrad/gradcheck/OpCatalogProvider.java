package dev.jgrad.gradcheck;

import java.util.List;

/**
 * Adds entries to {@link OpCatalog#discover()}: a module that defines differentiable ops lists them in a class
 * implementing this interface, named in {@code META-INF/services/dev.jgrad.gradcheck.OpCatalogProvider}. The
 * table command then finds them alongside the engine's; a test per entry runs them (see {@link OpEntry}).
 *
 * <pre>{@code
 * public final class NnCatalog implements OpCatalogProvider {
 *     public List<OpEntry> entries() { return List.of(linear(), softmax(), crossEntropy()); }
 * }
 * }</pre>
 */
public interface OpCatalogProvider {
    /** The entries this module contributes; names must not clash with other entries. */
    List<OpEntry> entries();
}

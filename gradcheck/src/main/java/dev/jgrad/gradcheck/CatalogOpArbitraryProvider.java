package dev.jgrad.gradcheck;

import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.ArbitraryProvider;
import net.jqwik.api.providers.TypeUsage;

/**
 * Lets jqwik resolve {@code @ForAll @CatalogOp("name") OpCase}: registered in
 * {@code META-INF/services/net.jqwik.api.providers.ArbitraryProvider}, so users need no setup.
 */
public final class CatalogOpArbitraryProvider implements ArbitraryProvider {
    /** Made by jqwik's service loading. */
    public CatalogOpArbitraryProvider() {
    }

    @Override
    public boolean canProvideFor(TypeUsage targetType) {
        return targetType.isOfType(OpCase.class) && targetType.findAnnotation(CatalogOp.class).isPresent();
    }

    @Override
    public Set<Arbitrary<?>> provideFor(TypeUsage targetType, SubtypeProvider subtypeProvider) {
        String name = targetType.findAnnotation(CatalogOp.class).orElseThrow().value();
        return Set.of(OpCatalog.discover().entry(name).cases());
    }
}

package dev.jgrad.examples;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.OpCase;
import dev.jgrad.gradcheck.OpCatalogProvider;
import dev.jgrad.gradcheck.OpEntry;
import dev.jgrad.gradcheck.TensorArbitraries;
import java.util.List;

/**
 * This project's ops in jgrad's op catalog, registered in
 * {@code META-INF/services/dev.jgrad.gradcheck.OpCatalogProvider}, so {@code @CatalogOp("cube")} finds them.
 */
public final class CubeCatalog implements OpCatalogProvider {
    @Override
    public List<OpEntry> entries() {
        return List.of(OpEntry.of("cube", "values in [-2, 2]", TensorArbitraries.tensors().between(-2, 2)
                .map(x -> OpCase.of("cube", in -> Tensor.apply(new Cube(), in[0]), x))));
    }
}

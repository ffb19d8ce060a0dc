package dev.jgrad.examples;

import dev.jgrad.engine.Tensor;
import dev.jgrad.gradcheck.OpCase;
import dev.jgrad.gradcheck.OpCatalogProvider;
import dev.jgrad.gradcheck.OpEntry;
import dev.jgrad.gradcheck.TensorArbitraries;
import dev.jgrad.gradcheck.TensorArbitrary;
import java.util.List;

/**
 * This project's ops in jgrad's op catalog, registered in
 * {@code META-INF/services/dev.jgrad.gradcheck.OpCatalogProvider}, so the catalog table lists them beside jgrad's.
 */
public final class CubeCatalog implements OpCatalogProvider {
    static final TensorArbitrary VALUES = TensorArbitraries.tensors().between(-2, 2);

    @Override
    public List<OpEntry> entries() {
        return List.of(OpEntry.forMethod("Cube.forward(Tensor[])", VALUES.describe(),
                VALUES.map(x -> OpCase.of("cube", in -> Tensor.apply(new Cube(), in[0]), x))));
    }
}

package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.engine.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Gradients accumulate across backward passes until zeroGrad (DESIGN): on cases of every catalog entry, two passes
 * leave twice the gradient of one, whether either pass records its graph, and never change the upstream tensor.
 */
class GradientAccumulationProperties {

    @Property(tries = 200)
    void twoPassesAccumulateTwiceOnePass(@ForAll("anyCase") OpCase c, @ForAll boolean firstRecords,
                                         @ForAll boolean secondRecords) {
        Tensor[] once = leaves(c);
        Tensor out = c.function().apply(once);
        Tensor upstream = Tensor.of(GradCheck.weighting(out.shape(), 11), out.shape());
        double[] upstreamBefore = upstream.toArray();
        if (!out.requiresGrad()) {
            return;
        }
        out.backward(upstream);

        Tensor[] twice = leaves(c);
        Tensor out2 = c.function().apply(twice);
        out2.backward(upstream, firstRecords);
        out2.backward(upstream, secondRecords);

        for (int i = 0; i < once.length; i++) {
            if (once[i].grad() == null) {
                continue;
            }
            double[] expected = once[i].grad().toArray();
            for (int k = 0; k < expected.length; k++) {
                expected[k] *= 2;
            }
            assertArrayEquals(expected, twice[i].grad().toArray(), 1e-12, "grad of input " + i + " after two passes");
        }
        assertArrayEquals(upstreamBefore, upstream.toArray(), 0.0, "the upstream tensor must not change");
    }

    @Provide
    Arbitrary<OpCase> anyCase() {
        return Arbitraries.of(OpCatalog.engine().entries()).flatMap(OpEntry::cases);
    }

    private static Tensor[] leaves(OpCase c) {
        Tensor[] in = c.inputs();
        for (int i = 0; i < in.length; i++) {
            in[i] = Tensor.of(in[i].toArray(), in[i].shape()).requiresGrad(true);
        }
        return in;
    }
}

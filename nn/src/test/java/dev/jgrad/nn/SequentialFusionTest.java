package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@link Sequential} runs a {@link Dense} followed by {@link Activation#relu()} as one fused op. Its values and
 * gradients are compared bit for bit with the same layers applied one op at a time
 * ({@code x.matmul(w).add(b).relu()}), which the engine's fused op reproduces exactly.
 */
class SequentialFusionTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void fusedForwardAndGradientsEqualTheUnfusedOnesBitForBit(DType dtype) {
        Random rng = new Random(3);
        Dense first = new Dense(20, 16, Init.HE_NORMAL, rng), second = new Dense(16, 4, Init.XAVIER_UNIFORM, rng);
        Sequential net = new Sequential(first, Activation.relu(), second);
        net.to(dtype);
        Tensor x = Tensor.randn(dtype, rng, 9, 20);
        Tensor upstream = Tensor.randn(dtype, rng, 9, 4);

        Tensor fused = net.forward(x);
        fused.backward(upstream);
        List<double[]> fusedGrads = grads(net);
        net.zeroGrad();
        Tensor unfused = x.matmul(first.weight()).add(first.bias()).relu().matmul(second.weight()).add(second.bias());
        unfused.backward(upstream);

        assertEquals(dtype, fused.dtype());
        assertArrayEquals(unfused.toArray(), fused.toArray());
        List<double[]> unfusedGrads = grads(net);
        for (int i = 0; i < unfusedGrads.size(); i++) {
            assertArrayEquals(unfusedGrads.get(i), fusedGrads.get(i), "parameter " + i);
        }
    }

    @Test
    void aDenseFollowedByReluRecordsOneOp() {
        Random rng = new Random(5);
        Tensor y = new Sequential(new Dense(3, 2, rng), Activation.relu()).forward(Tensor.randn(rng, 4, 3));
        assertEquals("linear", y.op());
    }

    @Test
    void aDenseWithoutBiasIsFusedToo() {
        Random rng = new Random(7);
        Dense d = Dense.withoutBias(3, 2, Init.HE_NORMAL, rng);
        Tensor x = Tensor.randn(rng, 4, 3);
        Tensor y = new Sequential(d, Activation.relu()).forward(x);
        assertEquals("linear", y.op());
        assertArrayEquals(x.matmul(d.weight()).relu().toArray(), y.toArray());
    }

    @Test
    void onlyTheLibrarysReluDirectlyAfterADenseIsFused() {
        Random rng = new Random(9);
        Tensor x = Tensor.randn(rng, 4, 3).requiresGrad(true);
        Dense d = new Dense(3, 2, rng);
        assertEquals("relu", new Sequential(d, new Activation("relu", Tensor::relu)).forward(x).op());
        assertEquals("tanh", new Sequential(d, Activation.tanh()).forward(x).op());
        assertEquals("relu", new Sequential(d, new Dropout(0.5, rng), Activation.relu()).eval().forward(x).op());
        assertEquals("relu", new Sequential(Activation.relu(), Activation.relu()).forward(x).op());
    }

    @Test
    void aFusedPairKeepsTheModulesAndTheirParameterNames() {
        Random rng = new Random(11);
        Module relu = Activation.relu();
        Dense d = new Dense(3, 2, rng);
        Sequential net = new Sequential(d, relu, new Dense(2, 1, rng));
        assertSame(d, net.layers().get(0));
        assertSame(relu, net.layers().get(1));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"),
                List.copyOf(net.namedParameters().keySet()));
    }

    @Test
    void dropoutAfterAFusedPairStillDropsInTrainingOnly() {
        Random rng = new Random(13);
        Dense d = new Dense(3, 50, Init.HE_NORMAL, rng);
        try (var off = Tensor.noGrad()) {
            d.bias().assign(Tensor.ones(50));
            d.weight().assign(Tensor.zeros(3, 50));
        }
        Sequential net = new Sequential(d, Activation.relu(), new Dropout(0.5, new Random(1)));
        Tensor x = Tensor.randn(rng, 2, 3);
        double[] train = net.forward(x).toArray();
        double[] eval = net.predict(x).toArray();
        // relu(0 + 1) = 1 everywhere; dropout keeps an element as 1 / (1 - 0.5) = 2 or zeroes it, in training only.
        for (int i = 0; i < train.length; i++) {
            assertEquals(true, train[i] == 0.0 || train[i] == 2.0, "element " + i + " is " + train[i]);
            assertEquals(1.0, eval[i]);
        }
    }

    private static List<double[]> grads(Module m) {
        return m.parameters().stream().map(p -> p.grad().toArray()).toList();
    }
}

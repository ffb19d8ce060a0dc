package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModuleTest {
    /** A module with a parameter, a buffer, a child, a list of children, a transient constant and a tied weight. */
    static class Block extends Module {
        final Tensor scale = Tensor.ones(2).requiresGrad(true);
        @Buffer final Tensor count = Tensor.zeros(1);
        final Dense inner = new Dense(2, 2, new Random(1));
        final List<Module> heads = List.of(new Dense(2, 1, new Random(2)), new Dense(2, 1, new Random(3)));
        final transient Tensor constant = Tensor.ones(2).requiresGrad(true);
        final Tensor tied = scale;

        @Override
        public Tensor forward(Tensor x) {
            return inner.forward(x.mul(scale));
        }
    }

    static class Wrapper extends Module {
        final Block block = new Block();

        @Override
        public Tensor forward(Tensor x) {
            return block.forward(x);
        }
    }

    @Test
    void parametersAreFoundInDeclarationOrderWithDottedNames() {
        assertEquals(List.of("scale", "inner.weight", "inner.bias", "heads.0.weight", "heads.0.bias",
                "heads.1.weight", "heads.1.bias"), List.copyOf(new Block().namedParameters().keySet()));
    }

    @Test
    void nestedModulesPrefixTheirNames() {
        Wrapper w = new Wrapper();
        assertEquals("block.scale", w.namedParameters().keySet().iterator().next());
        assertSame(w.block.inner.weight(), w.namedParameters().get("block.inner.weight"));
    }

    @Test
    void buffersAreSeparateFromParameters() {
        Block b = new Block();
        assertEquals(List.of("count"), List.copyOf(b.namedBuffers().keySet()));
        assertFalse(b.namedParameters().containsKey("count"));
    }

    @Test
    void tiedTensorIsListedOnceAndTransientFieldsAreSkipped() {
        Block b = new Block();
        assertEquals(7, b.parameters().size());
        assertFalse(b.namedParameters().containsKey("tied"));
        assertFalse(b.namedParameters().containsKey("constant"));
    }

    @Test
    void evalAndTrainReachEveryDescendant() {
        Wrapper w = new Wrapper();
        assertTrue(w.block.heads.get(1).isTraining());
        w.eval();
        assertFalse(w.isTraining());
        assertFalse(w.block.inner.isTraining());
        assertFalse(w.block.heads.get(1).isTraining());
        w.train();
        assertTrue(w.block.heads.get(1).isTraining());
    }

    @Test
    void zeroGradClearsEveryParameter() {
        Block b = new Block();
        b.forward(Tensor.ones(3, 2)).sum().backward();
        assertArrayEquals(new double[] {3, 3}, b.inner.bias().grad().toArray());
        b.zeroGrad();
        for (Tensor p : b.parameters()) {
            assertNull(p.grad());
        }
    }

    @Test
    void sequentialChainsAndNamesByPosition() {
        Dense first = new Dense(3, 2, Init.ZEROS, new Random(0));
        Dense second = new Dense(2, 1, Init.ZEROS, new Random(0));
        Sequential net = new Sequential(first, second);
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"),
                List.copyOf(net.namedParameters().keySet()));
        try (var off = Tensor.noGrad()) {
            second.bias().assign(Tensor.of(new double[] {5}, 1));
        }
        assertArrayEquals(new double[] {5, 5}, net.forward(Tensor.ones(2, 3)).toArray());
    }

    @Test
    void sequentialRejectsNoModules() {
        var e = assertThrows(IllegalArgumentException.class, Sequential::new);
        assertEquals("Sequential: needs at least one module", e.getMessage());
    }

    /** Dropout that drops everything in training, so an output shows at once which mode it ran in. */
    private static Sequential dropAllThenDouble() {
        Dense doubling = Dense.withoutBias(2, 2, Init.ZEROS, new Random(0));
        try (var off = Tensor.noGrad()) {
            doubling.weight().assign(Tensor.of(new double[] {2, 0, 0, 2}, 2, 2));
        }
        return new Sequential(new Dropout(1.0, new Random(0)), doubling);
    }

    @Test
    void predictRunsWithDropoutOff() {
        Sequential net = dropAllThenDouble();
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new double[4], net.forward(x).toArray());

        assertArrayEquals(new double[] {2, 4, 6, 8}, net.predict(x).toArray());
    }

    @Test
    void predictRestoresEveryModulesOwnMode() {
        Sequential net = dropAllThenDouble();
        net.layers().get(1).eval();
        net.predict(Tensor.ones(1, 2));

        assertTrue(net.isTraining());
        assertTrue(net.layers().get(0).isTraining());
        assertFalse(net.layers().get(1).isTraining());
        net.eval();
        net.predict(Tensor.ones(1, 2));
        assertFalse(net.layers().get(0).isTraining());
    }

    @Test
    void predictRestoresTheModeWhenForwardThrows() {
        Sequential net = dropAllThenDouble();
        assertThrows(IllegalArgumentException.class, () -> net.predict(Tensor.ones(1, 3)));
        assertTrue(net.layers().get(0).isTraining());
    }

    @Test
    void predictReturnsAResultOutsideAnyGraph() {
        Sequential net = dropAllThenDouble();
        Tensor x = Tensor.ones(1, 2).requiresGrad(true);

        Tensor y = net.predict(x);
        assertFalse(y.requiresGrad());
        assertNull(y.op());
        // the identity module returns its input itself: predict must still detach it
        Module identity = new Dropout(0.5, new Random(0));
        assertFalse(identity.predict(x).requiresGrad());
    }

    @Test
    void toConvertsEveryParameterAndBufferOfTheTreeAndReturnsTheModule() {
        Wrapper w = new Wrapper();
        Map<String, Tensor> before = Checkpoint.state(w);

        assertSame(w, w.to(DType.FLOAT32));
        Map<String, Tensor> after = Checkpoint.state(w);
        assertEquals(List.copyOf(before.keySet()), List.copyOf(after.keySet()));
        for (String name : before.keySet()) {
            Tensor t = after.get(name);
            assertEquals(DType.FLOAT32, t.dtype(), name);
            assertArrayEquals(before.get(name).toFloatArray(), t.toFloatArray(), name);
        }
        for (Tensor p : w.parameters()) {
            assertTrue(p.requiresGrad());
            assertNull(p.op());
        }
        assertFalse(w.namedBuffers().get("block.count").requiresGrad());
        assertEquals(DType.FLOAT32, w.block.heads.get(1).parameters().get(0).dtype());
    }

    @Test
    void toKeepsTiedTensorsTiedAndSkipsTransientFields() {
        Block b = new Block();
        b.to(DType.FLOAT32);

        assertSame(b.scale, b.tied);
        assertEquals(DType.FLOAT64, b.constant.dtype());
        assertEquals(7, b.parameters().size());
    }

    @Test
    void gradientsOfAConvertedModuleAreFloat32() {
        Block b = new Block();
        b.to(DType.FLOAT32);
        b.forward(Tensor.ones(DType.FLOAT32, 3, 2)).sum().backward();

        for (Tensor p : List.of(b.scale, b.inner.weight(), b.inner.bias())) {
            assertEquals(DType.FLOAT32, p.grad().dtype());
        }
        assertArrayEquals(new float[] {3, 3}, b.inner.bias().grad().toFloatArray());
    }

    @Test
    void toTheOwnDtypeChangesNothing() {
        Block b = new Block();
        Map<String, Tensor> before = Checkpoint.state(b);

        b.to(DType.FLOAT64);
        Map<String, Tensor> after = Checkpoint.state(b);
        for (String name : before.keySet()) {
            assertSame(before.get(name), after.get(name), name);
        }
        b.to(DType.FLOAT32);
        Tensor scale = b.scale;
        b.to(DType.FLOAT32);
        assertSame(scale, b.scale);
    }

    @Test
    void toBackAndForthRoundsOnlyOnce() {
        Dense d = new Dense(3, 2, new Random(5));
        double[] original = d.weight().toArray();
        float[] rounded = d.weight().toFloatArray();

        d.to(DType.FLOAT32).to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, d.weight().dtype());
        double[] back = d.weight().toArray();
        for (int i = 0; i < back.length; i++) {
            assertEquals(rounded[i], back[i], 0.0);
            assertEquals(original[i], back[i], Math.ulp((float) original[i]));
        }
    }

    @Test
    void toNullNamesTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Block().to(null));
        assertEquals("Module.to: dtype is null", e.getMessage());
    }

    @Test
    void anOptimizerMadeBeforeToSaysSoOnItsStep() {
        Dense d = new Dense(2, 1, new Random(1));
        Optimizer opt = new SGD(d.parameters(), 0.1);
        d.to(DType.FLOAT32);
        Losses.meanSquaredError(d.forward(Tensor.ones(DType.FLOAT32, 4, 2)), Tensor.zeros(DType.FLOAT32, 4, 1),
                Reduction.MEAN).backward();

        var e = assertThrows(IllegalStateException.class, opt::step);
        assertEquals("SGD: parameter 0 of shape [2, 1] is no longer the model's: Module.to(FLOAT32) replaced it;"
                + " create the optimizer after converting the model", e.getMessage());
    }
}

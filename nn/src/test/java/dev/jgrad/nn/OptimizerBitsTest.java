package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer's one-pass update gives, bit for bit, what its formula gives written op by op with tensor ops,
 * each op's result rounded to the dtype: the reference below is that formula.
 */
class OptimizerBitsTest {
    /** A weight larger than a FLOAT32 block and not a multiple of it, and a bias. */
    private static final int[][] SHAPES = {{37, 61}, {5}};
    private static final int STEPS = 4;

    /** Which formula the reference runs. */
    private enum Rule { SGD, MOMENTUM, NESTEROV, ADAM, ADAMW, RMSPROP }

    /** An optimizer's settings: learning rate, weight decay, the rule's rates and eps. */
    private record Setting(String name, Rule rule, double lr, double decay, double rate1, double rate2, double eps,
                           Function<List<Tensor>, Optimizer> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> settings() {
        List<Setting> all = List.of(
                new Setting("SGD", Rule.SGD, 0.1, 0, 0, 0, 0, p -> new SGD(p, 0.1)),
                new Setting("SGD, weight decay", Rule.SGD, 0.1, 0.01, 0, 0, 0, p -> new SGD(p, 0.1).weightDecay(0.01)),
                new Setting("momentum", Rule.MOMENTUM, 0.05, 0, 0.9, 0, 0, p -> new SGD(p, 0.05, 0.9, false)),
                new Setting("momentum, weight decay", Rule.MOMENTUM, 0.05, 0.003, 0.9, 0, 0,
                        p -> new SGD(p, 0.05, 0.9, false).weightDecay(0.003)),
                new Setting("Nesterov", Rule.NESTEROV, 0.05, 0, 0.7, 0, 0, p -> new SGD(p, 0.05, 0.7, true)),
                new Setting("Nesterov, weight decay", Rule.NESTEROV, 0.05, 0.003, 0.7, 0, 0,
                        p -> new SGD(p, 0.05, 0.7, true).weightDecay(0.003)),
                new Setting("Adam", Rule.ADAM, 1e-3, 0, 0.9, 0.999, 1e-8, p -> new Adam(p, 1e-3)),
                new Setting("Adam, other rates, weight decay", Rule.ADAM, 0.01, 0.02, 0.8, 0.99, 1e-6,
                        p -> new Adam(p, 0.01, 0.8, 0.99, 1e-6).weightDecay(0.02)),
                new Setting("AdamW", Rule.ADAMW, 1e-3, 0.01, 0.9, 0.999, 1e-8, p -> new AdamW(p, 1e-3, 0.01)),
                new Setting("AdamW, no weight decay", Rule.ADAMW, 1e-3, 0, 0.9, 0.999, 1e-8,
                        p -> new AdamW(p, 1e-3, 0)),
                new Setting("RMSProp", Rule.RMSPROP, 1e-3, 0, 0.9, 0, 1e-8, p -> new RMSProp(p, 1e-3)),
                new Setting("RMSProp, rho 0.5, eps 1e-3, weight decay", Rule.RMSPROP, 0.01, 0.05, 0.5, 0, 1e-3,
                        p -> new RMSProp(p, 0.01, 0.5, 1e-3).weightDecay(0.05)));
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (Setting s : all) {
                cases.add(Arguments.of(s, dtype));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("settings")
    void onePassGivesTheBitsOfTheOpByOpFormula(Setting setting, DType dtype) {
        Random rng = new Random(42);
        List<Tensor> fused = new ArrayList<>();
        List<Tensor> reference = new ArrayList<>();
        for (int[] shape : SHAPES) {
            Tensor p = Tensor.randn(dtype, rng, shape);
            fused.add(p.detach().mul(1.0).requiresGrad(true));
            reference.add(p.detach().mul(1.0).requiresGrad(true));
        }
        Optimizer optimizer = setting.make().apply(fused);
        OpByOp formula = new OpByOp(setting, reference.size());
        for (int step = 0; step < STEPS; step++) {
            for (int i = 0; i < fused.size(); i++) {
                // Gradients of every scale, with exact zeros, as a network's are.
                Tensor g = Tensor.randn(dtype, rng, SHAPES[i]).mul(Math.pow(10, -step)).relu();
                setGradient(fused.get(i), g);
                setGradient(reference.get(i), g);
            }
            optimizer.step();
            formula.step(reference);
        }
        for (int i = 0; i < fused.size(); i++) {
            assertArrayEquals(reference.get(i).toArray(), fused.get(i).toArray(), "parameter " + i);
        }
    }

    /** Makes {@code p.grad()} exactly {@code g}: the gradient of {@code sum(p * g)}. */
    private static void setGradient(Tensor p, Tensor g) {
        p.zeroGrad();
        p.mul(g).sum().backward();
    }

    /** The optimizers' formulas as they read op by op, each op allocating its result in the parameter's dtype. */
    private static final class OpByOp {
        private final Setting s;
        private final Tensor[] first;
        private final Tensor[] second;
        private final int[] steps;

        OpByOp(Setting setting, int parameters) {
            s = setting;
            first = new Tensor[parameters];
            second = new Tensor[parameters];
            steps = new int[parameters];
        }

        void step(List<Tensor> parameters) {
            try (var off = Tensor.noGrad()) {
                for (int i = 0; i < parameters.size(); i++) {
                    Tensor p = parameters.get(i);
                    Tensor g = p.grad();
                    if (s.decay() != 0) {
                        if (s.rule() == Rule.ADAMW) {
                            p.mulInPlace(1 - s.lr() * s.decay());
                        } else {
                            g = g.add(p.mul(s.decay()));
                        }
                    }
                    if (first[i] == null) {
                        first[i] = Tensor.zeros(p.dtype(), p.shape());
                        second[i] = Tensor.zeros(p.dtype(), p.shape());
                    }
                    update(i, p, g);
                }
            }
        }

        private void update(int i, Tensor p, Tensor g) {
            switch (s.rule()) {
                case SGD -> p.addInPlace(g, -s.lr());
                case MOMENTUM, NESTEROV -> {
                    double beta = s.rate1();
                    Tensor v = first[i].mulInPlace(beta).addInPlace(g, 1 - beta);
                    Tensor direction = s.rule() == Rule.NESTEROV ? v.mul(beta).add(g.mul(1 - beta)) : v;
                    p.addInPlace(direction, -s.lr());
                }
                case ADAM, ADAMW -> {
                    double b1 = s.rate1(), b2 = s.rate2();
                    int t = ++steps[i];
                    Tensor m = first[i].mulInPlace(b1).addInPlace(g, 1 - b1);
                    Tensor v = second[i].mulInPlace(b2).addInPlace(g.pow(2), 1 - b2);
                    Tensor mHat = m.div(1 - Math.pow(b1, t));
                    Tensor vHat = v.div(1 - Math.pow(b2, t));
                    p.addInPlace(mHat.div(vHat.sqrt().add(s.eps())), -s.lr());
                }
                case RMSPROP -> {
                    double rho = s.rate1();
                    Tensor ms = first[i].mulInPlace(rho).addInPlace(g.pow(2), 1 - rho);
                    p.addInPlace(g.div(ms.sqrt().add(s.eps())), -s.lr());
                }
            }
        }
    }
}

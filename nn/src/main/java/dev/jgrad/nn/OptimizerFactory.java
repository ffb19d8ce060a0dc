package dev.jgrad.nn;

import dev.jgrad.engine.Tensor;
import java.util.List;

/**
 * How a {@link Model} makes its optimizer once its parameters exist: a model whose layers infer their input widths
 * has no parameters at {@link Model#compile}, so it is given the recipe and makes the optimizer at its first
 * {@code fit}. The factories carry Keras's default hyperparameters; any other optimizer is a lambda.
 *
 * <pre>{@code
 * model.compile(Loss.binaryCrossEntropy(), OptimizerFactory.adam());          // lr 0.001, as Keras
 * model.compile(Loss.meanSquaredError(), OptimizerFactory.sgd(0.1));
 * model.compile(Loss.crossEntropy(), params -> new AdamW(params, 1e-3, 0.01).clipGradNorm(1.0));
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerFactory {
    /** An optimizer of {@code parameters}, the model's, in order. */
    Optimizer create(List<Tensor> parameters);

    /**
     * RMSProp with Keras's defaults, what {@link Model#compile(Loss)} uses: learning rate 0.001, {@code rho} 0.9,
     * {@code epsilon} 1e-7.
     */
    static OptimizerFactory rmsprop() {
        return rmsprop(1e-3);
    }

    /**
     * RMSProp at {@code learningRate}, otherwise with Keras's defaults ({@code rho} 0.9, {@code epsilon} 1e-7).
     *
     * @throws IllegalArgumentException if {@code learningRate} is not positive and finite
     */
    static OptimizerFactory rmsprop(double learningRate) {
        checkRate("OptimizerFactory.rmsprop", learningRate);
        return parameters -> new RMSProp(parameters, learningRate, 0.9, 1e-7);
    }

    /** Adam with Keras's defaults: learning rate 0.001, betas 0.9 and 0.999, {@code epsilon} 1e-7. */
    static OptimizerFactory adam() {
        return adam(1e-3);
    }

    /**
     * Adam at {@code learningRate}, otherwise with Keras's defaults (betas 0.9 and 0.999, {@code epsilon} 1e-7).
     *
     * @throws IllegalArgumentException if {@code learningRate} is not positive and finite
     */
    static OptimizerFactory adam(double learningRate) {
        checkRate("OptimizerFactory.adam", learningRate);
        return parameters -> new Adam(parameters, learningRate, 0.9, 0.999, 1e-7);
    }

    /** Plain SGD with Keras's default learning rate, 0.01. */
    static OptimizerFactory sgd() {
        return sgd(0.01);
    }

    /**
     * Plain SGD (no momentum) at {@code learningRate}.
     *
     * @throws IllegalArgumentException if {@code learningRate} is not positive and finite
     */
    static OptimizerFactory sgd(double learningRate) {
        checkRate("OptimizerFactory.sgd", learningRate);
        return parameters -> new SGD(parameters, learningRate);
    }

    /** Rejects a rate at once, at compile, rather than at the first fit. */
    private static void checkRate(String op, double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException(op + ": learning rate " + rate + " must be positive and finite");
        }
    }
}

package dev.jgrad.spark;

import dev.jgrad.nn.OptimizerFactory;
import java.io.Serializable;

/**
 * An {@link OptimizerFactory} that Spark can ship: what {@link SparkTrainer} makes its optimizer with, on the driver
 * for synchronous training and on each executor for {@linkplain SparkTrainer#parameterAveraging(int) parameter
 * averaging}. The factories carry nn's (Keras's defaults); any other optimizer is a lambda, serialisable as long as
 * what it captures is.
 *
 * <pre>{@code
 * OptimizerRecipe adam = OptimizerRecipe.adam(1e-3);
 * OptimizerRecipe momentum = params -> new SGD(params, 0.1, 0.9, false);
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerRecipe extends OptimizerFactory, Serializable {
    /**
     * Adam at {@code learningRate}, as {@link OptimizerFactory#adam(double)}.
     *
     * @throws IllegalArgumentException if {@code learningRate} is not positive and finite
     */
    static OptimizerRecipe adam(double learningRate) {
        OptimizerFactory.adam(learningRate);
        return parameters -> OptimizerFactory.adam(learningRate).create(parameters);
    }

    /**
     * Plain SGD at {@code learningRate}, as {@link OptimizerFactory#sgd(double)}.
     *
     * @throws IllegalArgumentException if {@code learningRate} is not positive and finite
     */
    static OptimizerRecipe sgd(double learningRate) {
        OptimizerFactory.sgd(learningRate);
        return parameters -> OptimizerFactory.sgd(learningRate).create(parameters);
    }

    /**
     * RMSProp at {@code learningRate}, as {@link OptimizerFactory#rmsprop(double)}.
     *
     * @throws IllegalArgumentException if {@code learningRate} is not positive and finite
     */
    static OptimizerRecipe rmsprop(double learningRate) {
        OptimizerFactory.rmsprop(learningRate);
        return parameters -> OptimizerFactory.rmsprop(learningRate).create(parameters);
    }
}

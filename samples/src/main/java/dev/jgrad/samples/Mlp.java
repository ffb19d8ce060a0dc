package dev.jgrad.samples;

import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Dense;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The multilayer perceptron every sample and the training-step benchmarks build.
 *
 * <pre>{@code
 * Module net = Mlp.of(784, new int[] {256}, 10, Activation.relu(), Init.HE_NORMAL,
 *         RandomStream.INIT.from(seed), 0.2, RandomStream.DROPOUT.from(seed));
 * }</pre>
 */
public final class Mlp {
    private Mlp() {
    }

    /**
     * A multilayer perceptron from {@code in} features to {@code outputs}: a layer of each of the {@code hidden}
     * sizes, with weights drawn by {@code init} from {@code initRng}, followed by {@code activation} and, if
     * {@code dropout > 0}, dropout whose masks come from {@code dropoutRng}; then a linear output layer with
     * Xavier-uniform weights, also from {@code initRng}.
     */
    public static Module of(int in, int[] hidden, int outputs, Activation activation, Init init, Random initRng,
                            double dropout, Random dropoutRng) {
        List<Module> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            layers.add(new Dense(width, h, init, initRng));
            layers.add(activation);
            if (dropout > 0) {
                layers.add(new Dropout(dropout, dropoutRng));
            }
            width = h;
        }
        layers.add(new Dense(width, outputs, Init.XAVIER_UNIFORM, initRng));
        return new Sequential(layers.toArray(new Module[0]));
    }
}

package dev.jgrad.examples;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.*;
import dev.jgrad.nn.Module;   // an explicit import: java.lang.Module has the same simple name
import java.util.Random;

/** Initialisers with parameters or of one's own, a layer without a bias, and prediction from a plain model. */
public final class Layers {
    private Layers() {
    }

    /** A small network whose layers start three ways, and ends in a layer without a bias. */
    static Module model(Random rng) {
        Init lecun = (r, fanIn, fanOut, shape) -> Tensor.randn(r, shape).mul(Math.sqrt(1.0 / fanIn));
        Module model = new Sequential(
                new Dense(2, 16, Init.uniform(-0.5, 0.5), rng), Activation.tanh(),
                new Dense(16, 16, lecun, rng), Activation.relu(), new Dropout(0.5, rng),
                Dense.withoutBias(16, 1, Init.normal(0, 0.1), rng));
        return model;
    }

    /** Prints the model's predictions for four random inputs. */
    public static void main(String[] args) {
        Random rng = new Random(3);
        Module model = model(rng);
        Tensor x = Tensor.randn(rng, 4, 2);
        Tensor y = model.predict(x);   // eval mode (no dropout), no graph; the model's modes are restored afterwards
        System.out.println(y);
    }
}

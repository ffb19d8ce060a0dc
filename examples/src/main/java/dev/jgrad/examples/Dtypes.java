package dev.jgrad.examples;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.*;
import dev.jgrad.nn.Module;   // an explicit import: java.lang.Module has the same simple name
import java.util.Locale;
import java.util.Random;

/** Tensors, a model and its data in single precision: half the memory, and what training usually wants. */
public final class Dtypes {
    private Dtypes() {
    }

    /** A float32 product beside its float64 twin, and the gradient that comes back to each dtype. */
    record Mixed(Tensor x, Tensor w, Tensor y) {
    }

    static Mixed mixed() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3).requiresGrad(true);      // FLOAT32
        Tensor w = Tensor.randn(DType.FLOAT64, new Random(1), 3, 2).requiresGrad(true);
        Tensor y = x.matmul(w).tanh().sum();   // FLOAT32 with FLOAT64 computes in FLOAT64, as PyTorch promotes
        y.backward();                          // x.grad() is FLOAT32, w.grad() FLOAT64: each in its own dtype
        return new Mixed(x, w, y);
    }

    /** The digits MLP trained in float32 for a few epochs. */
    static History trainInFloat32(Dataset train, Dataset test, int epochs) {
        Random rng = new Random(1);
        Module model = new Sequential(
                new Dense(64, 128, Init.HE_NORMAL, rng), Activation.relu(),
                new Dense(128, 10, Init.XAVIER_UNIFORM, rng)).to(DType.FLOAT32);
        Optimizer adam = new Adam(model.parameters(), 1e-3);   // made after to(), so it updates the float32 weights
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), adam);
        return trainer.fit(train.to(DType.FLOAT32), test.to(DType.FLOAT32), epochs, 32, new Random(2));
    }

    /** Prints the mixed product's dtypes and a float32 training's last accuracy. */
    public static void main(String[] args) {
        Mixed m = mixed();
        System.out.println("y " + m.y().dtype() + ", x.grad " + m.x().grad().dtype() + ", w.grad " + m.w().grad().dtype());
        Dataset.Split split = NeuralNetwork.digits();
        History h = trainInFloat32(split.train(), split.test(), 10);
        System.out.printf(Locale.ROOT, "digits MLP in float32: test accuracy %.3f%n", h.last().validationAccuracy());
    }
}

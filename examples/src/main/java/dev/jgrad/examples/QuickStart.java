package dev.jgrad.examples;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import java.util.Random;

/** A gradient in five lines: {@code loss = sum(tanh(x w))} and its derivative with respect to {@code w}. */
public final class QuickStart {
    private QuickStart() {
    }

    /** The input, the weight and {@code d loss / d w}. */
    record Result(Tensor x, Tensor w, Tensor dw) {
    }

    static Result run() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor w = Tensor.randn(new Random(0), 3, 2).requiresGrad(true);
        Tensor loss = x.reshape(1, 3).matmul(w).tanh().sum();
        loss.backward();
        Tensor dw = w.grad();   // d loss / d w, shape [3, 2]
        return new Result(x, w, dw);
    }

    /** Prints the gradient. */
    public static void main(String[] args) {
        Tensor dw = run().dw();
        System.out.println("d loss / d w, shape " + Arrays.toString(dw.shape()) + ": " + Arrays.toString(dw.toArray()));
    }
}

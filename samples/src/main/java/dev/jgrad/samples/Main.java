package dev.jgrad.samples;

import dev.jgrad.engine.Tensor;
import java.util.Locale;
import java.util.Random;

/**
 * The samples' launcher. For now it runs one program on the engine alone: logistic regression on two generated
 * Gaussian clouds, trained by gradient descent with {@code backward()}.
 */
public final class Main {
    private Main() {
    }

    /** Runs the default sample and prints its progress and a one-line result. */
    public static void main(String[] args) {
        long start = System.nanoTime();
        Random rng = new Random(42);
        int n = 200;
        double[] features = new double[n * 2];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double centre = labels[i] == 1 ? 1.5 : -1.5;
            features[2 * i] = centre + rng.nextGaussian();
            features[2 * i + 1] = centre + rng.nextGaussian();
        }
        Tensor x = Tensor.of(features, n, 2);
        Tensor y = Tensor.of(labels, n, 1);
        Tensor w = Tensor.zeros(2, 1).requiresGrad(true);
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        double lr = 0.5;
        Tensor loss = null;
        for (int step = 0; step <= 200; step++) {
            Tensor p = x.matmul(w).add(b).sigmoid().clamp(1e-12, 1 - 1e-12);
            // binary cross-entropy: -mean(y log p + (1 - y) log(1 - p))
            loss = y.mul(p.log()).add(y.neg().add(1).mul(p.neg().add(1).log())).mean().neg();
            w.zeroGrad();
            b.zeroGrad();
            loss.backward();
            try (var off = Tensor.noGrad()) {
                w.addInPlace(w.grad(), -lr);
                b.addInPlace(b.grad(), -lr);
            }
            if (step % 50 == 0) {
                System.out.printf(Locale.ROOT, "step %3d  loss %.4f%n", step, loss.item());
            }
        }
        double correct = 0;
        try (var off = Tensor.noGrad()) {
            double[] p = x.matmul(w).add(b).sigmoid().toArray();
            for (int i = 0; i < n; i++) {
                correct += (p[i] > 0.5) == (labels[i] == 1) ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "logistic: training accuracy %.3f, loss %.4f in %.2f s%n", correct / n,
                loss.item(), (System.nanoTime() - start) / 1e9);
    }
}

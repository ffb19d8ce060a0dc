package dev.jgrad.examples;

import dev.jgrad.engine.Derivatives;
import dev.jgrad.engine.Tensor;

/** Derivatives of a function, returned rather than accumulated: Rosenbrock's gradient, Hessian and a Newton step. */
public final class Calculus {
    private Calculus() {
    }

    /** The gradient, the Hessian and the Hessian times the gradient of Rosenbrock's function at (1, 2). */
    static Tensor[] rosenbrockAtOneTwo() {
        Derivatives.Fn rosenbrock = in -> {
            Tensor x = in[0].slice(0, 0, 1), y = in[0].slice(0, 1, 2);
            return x.neg().add(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100)).sum();
        };
        Tensor p = Tensor.of(new double[] {1, 2}, 2);
        Tensor g = Derivatives.grad(rosenbrock, p)[0];          // [-400, 200]
        Tensor h = Derivatives.hessian(rosenbrock, p)[0][0];    // [[402, -400], [-400, 200]]
        Tensor hv = Derivatives.hvp(rosenbrock, new Tensor[] {p}, new Tensor[] {g})[0];
        return new Tensor[] {g, h, hv};
    }

    /** Prints the three. */
    public static void main(String[] args) {
        for (Tensor t : rosenbrockAtOneTwo()) {
            System.out.println(t);
        }
    }
}

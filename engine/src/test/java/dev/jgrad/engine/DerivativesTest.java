package dev.jgrad.engine;

import static dev.jgrad.engine.TensorAssertions.assertRejectedWith;
import static dev.jgrad.engine.TensorAssertions.assertValues;
import static dev.jgrad.engine.TensorAssertions.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jgrad.engine.Derivatives.Fn;
import dev.jgrad.engine.Derivatives.Mode;
import dev.jgrad.engine.Derivatives.Unused;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Gradients, products, Jacobians and Hessians of functions, against analytic derivatives and central differences. */
class DerivativesTest {
    private static final Fn ROSENBROCK = in -> {
        Tensor x = in[0].slice(0, 0, 1), y = in[0].slice(0, 1, 2);
        return x.neg().add(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100)).sum();
    };

    /** A function of two inputs with non-trivial first and second derivatives in both, and an output of [2]. */
    private static final Fn MIXED = in -> in[0].matmul(in[1].reshape(3, 1)).reshape(2).tanh()
            .mul(in[0].sum(1, false).exp());

    private static final Random RNG = new Random(3);
    private static final Tensor A = Tensor.randn(RNG, 2, 3), B = Tensor.randn(RNG, 3);

    private static void assertClose(Tensor expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertArrayEquals(expected.toArray(), actual.toArray(), tolerance, "values");
    }

    // ---------------------------------------------------------------- grad

    @Test
    void aHookOnAnIntermediateShapesTheReturnedGradient() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2);
        Tensor[] g = Derivatives.grad(in -> {
            Tensor y = in[0].mul(3);
            y.registerHook(h -> h.mul(2));
            return y.sum();
        }, x);
        assertArrayEquals(new double[] {6, 6}, g[0].toArray());
    }

    @Test
    void gradReturnsTheGradientAndLeavesEveryGradUntouched() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {4, 5, 6}, 3).requiresGrad(true);

        Tensor[] g = Derivatives.grad(in -> in[0].mul(in[0]).mul(w).sum(), x);

        assertValues(g[0], new int[] {3}, 8, 20, 36);
        assertNull(x.grad());
        assertNull(w.grad());
    }

    @Test
    void gradRunsNoBackwardThatCannotReachAnInput() {
        int[] calls = {0};
        Function counted = function(in -> in[0].mul(2), (g, in, out) -> {
            calls[0]++;
            return new Tensor[] {g.mul(2)};
        });
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {3, 4}, 2);

        Tensor[] g = Derivatives.grad(in -> in[0].mul(Tensor.apply(counted, w)).sum(), x);

        assertValues(g[0], new int[] {2}, 2, 4);
        assertEquals(0, calls[0]);
    }

    @Test
    void gradWithRespectToATensorAndOneItWasComputedFromSumsBothPaths() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(3);

        Tensor[] g = Derivatives.grad(in -> in[1].mul(in[1]).sum().add(in[0].sum()), x, y);

        assertValues(g[0], new int[] {2}, 19, 37);
        assertValues(g[1], new int[] {2}, 6, 12);
    }

    @Test
    void aReturnedGradientKeepsItsValuesThroughLaterPasses() {
        int n = ArrayPool.MIN_LENGTH;
        Tensor x = Tensor.ones(n).requiresGrad(true);
        Tensor y = x.mul(3);
        // y's gradient passes on to x after it is returned: the pass must not recycle its array.
        Tensor dy = Derivatives.grad(in -> in[1].mul(in[1]).sum(), x, y)[1];

        for (int i = 0; i < 3; i++) {
            Tensor z = Tensor.ones(n).requiresGrad(true);
            z.mul(z).mul(5).sum().backward();
            z.zeroGrad();
        }

        assertClose(Tensor.full(6, n), dy, 0);
    }

    @Test
    void gradientsThatShareAnUpstreamAreEachTheCallersToChange() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2), b = Tensor.of(new double[] {3, 4}, 2);
        Tensor[] g = Derivatives.grad(in -> in[0].add(in[1]).sum(), a, b);

        g[0].mulInPlace(5);

        assertValues(g[0], new int[] {2}, 5, 5);
        assertValues(g[1], new int[] {2}, 1, 1);
    }

    @Test
    void aCotangentDoesNotShareTheCallersVector() {
        Tensor v = Tensor.of(new double[] {1, 2, 3}, 3);
        Derivatives.Vjp r = Derivatives.vjp(in -> in[0].reshape(3, 1), new Tensor[] {Tensor.zeros(3)}, v.reshape(3, 1));

        v.assign(Tensor.zeros(3));

        assertValues(r.cotangents()[0], new int[] {3}, 1, 2, 3);
    }

    @Test
    void gradOfSeveralInputsSwapsAProductsFactors() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2), b = Tensor.of(new double[] {3, 4}, 2);

        Tensor[] g = Derivatives.grad(in -> in[0].mul(in[1]).sum(), a, b);

        assertValues(g[0], new int[] {2}, 3, 4);
        assertValues(g[1], new int[] {2}, 1, 2);
    }

    @Test
    void gradOfAnInputThatDoesNotRequireGradIsTakenAnyway() {
        Tensor x = Tensor.of(new double[] {2}, 1);

        assertValues(Derivatives.grad(in -> in[0].exp().sum(), x)[0], new int[] {1}, Math.exp(2));
        assertFalse(x.requiresGrad());
    }

    @Test
    void gradRecordsInsideNoGrad() {
        Tensor x = Tensor.of(new double[] {3}, 1);
        try (var off = Tensor.noGrad()) {
            assertValues(Derivatives.grad(in -> in[0].pow(2).sum(), x)[0], new int[] {1}, 6);
        }
    }

    @Test
    void gradWithCreateGraphNestsForTheSecondDerivative() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2);
        Fn cube = in -> in[0].pow(3).sum();

        Tensor[] second = Derivatives.grad(
                in -> Derivatives.grad(cube, in, true, Unused.ERROR)[0].sum(), x);

        assertValues(second[0], new int[] {2}, 6, 12);
    }

    @Test
    void gradWithCreateGraphCanBeBackPropagatedIntoTheInputsGrad() {
        Tensor x = Tensor.of(new double[] {2}, 1).requiresGrad(true);

        Tensor g = Derivatives.grad(in -> in[0].pow(3).sum(), new Tensor[] {x}, true, Unused.ERROR)[0];
        g.sum().backward();

        assertValues(g, new int[] {1}, 12);
        assertValues(x.grad(), new int[] {1}, 12);
    }

    @Test
    void gradOfAnUnusedInputIsZeroWhenAskedFor() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2), b = Tensor.of(new float[] {3, 4, 5}, 3);

        Tensor[] g = Derivatives.grad(in -> in[0].sum(), new Tensor[] {a, b}, false, Unused.ZERO);

        assertValues(g[1], new int[] {3}, 0, 0, 0);
        assertEquals(DType.FLOAT32, g[1].dtype());
    }

    @Test
    void gradRejectsAnUnusedInput() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2), b = Tensor.zeros(3, 1);

        assertRejectedWith("grad: f does not use input 1 of shape [3, 1]; pass Derivatives.Unused.ZERO for a zero"
                + " gradient", () -> Derivatives.grad(in -> in[0].sum(), a, b));
    }

    @Test
    void gradRejectsANonScalarOutput() {
        assertRejectedWith("grad: f must return a single element, but returned shape [2, 3]; use vjp or jacobian for"
                + " other outputs", () -> Derivatives.grad(in -> in[0].exp(), A));
    }

    @Test
    void aFunctionReturningNullIsRejected() {
        assertRejectedWith("jacobian: f returned null; it must return a tensor",
                () -> Derivatives.jacobian(in -> null, A));
    }

    // ---------------------------------------------------------------- jacobian

    @ParameterizedTest
    @EnumSource(Mode.class)
    void jacobianOfSoftmaxIsDiagSMinusSSTransposed(Mode mode) {
        Tensor x = Tensor.of(new double[] {0.5, -1, 2}, 3);
        double[] s = x.sub(x.logSumExp(0, true)).exp().toArray();

        Tensor j = Derivatives.jacobian(in -> in[0].sub(in[0].logSumExp(0, true)).exp(), new Tensor[] {x}, mode)[0];

        double[] expected = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                expected[r * 3 + c] = (r == c ? s[r] : 0) - s[r] * s[c];
            }
        }
        assertClose(Tensor.of(expected, 3, 3), j, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void jacobianOfMatmulInEachArgument(Mode mode) {
        Tensor b = Tensor.randn(new Random(5), 3, 4);

        Tensor[] j = Derivatives.jacobian(in -> in[0].matmul(in[1]), new Tensor[] {A, b}, mode);

        // d(AB)[i, k] / dA[p, q] = [i = p] b[q, k]; d(AB)[i, k] / db[p, q] = A[i, p] [k = q].
        double[] ja = new double[2 * 4 * 2 * 3], jb = new double[2 * 4 * 3 * 4];
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                for (int q = 0; q < 3; q++) {
                    ja[((i * 4 + k) * 2 + i) * 3 + q] = b.get(q, k);
                    jb[((i * 4 + k) * 3 + q) * 4 + k] = A.get(i, q);
                }
            }
        }
        assertClose(Tensor.of(ja, 2, 4, 2, 3), j[0], 1e-12);
        assertClose(Tensor.of(jb, 2, 4, 3, 4), j[1], 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void jacobianOfAnElementwiseFunctionIsDiagonal(Mode mode) {
        Tensor j = Derivatives.jacobian(in -> in[0].tanh(), new Tensor[] {A}, mode)[0];

        double[] expected = new double[36];
        double[] a = A.toArray();
        for (int e = 0; e < 6; e++) {
            expected[e * 6 + e] = 1 - Math.tanh(a[e]) * Math.tanh(a[e]);
        }
        assertClose(Tensor.of(expected, 2, 3, 2, 3), j, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void jacobianOfABroadcastInputSumsOverTheBroadcastAxis(Mode mode) {
        Tensor[] j = Derivatives.jacobian(in -> in[0].mul(in[1]), new Tensor[] {A, B}, mode);

        // d(A * B)[i, k] / dB[q] = A[i, k] [k = q]; d(A * B)[i, k] / dA[p, q] = B[k] [i = p][k = q].
        double[] jb = new double[2 * 3 * 3], ja = new double[36];
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 3; k++) {
                jb[(i * 3 + k) * 3 + k] = A.get(i, k);
                ja[(i * 3 + k) * 6 + i * 3 + k] = B.get(k);
            }
        }
        assertClose(Tensor.of(ja, 2, 3, 2, 3), j[0], 1e-12);
        assertClose(Tensor.of(jb, 2, 3, 3), j[1], 1e-12);
    }

    @Test
    void jacobianOfAScalarFunctionHasTheInputsShape() {
        Tensor j = Derivatives.jacobian(in -> in[0].pow(2).sum(), Tensor.of(new double[] {1, 2}, 2))[0];

        assertValues(j, new int[] {2}, 2, 4);
    }

    @Test
    void jacobianOfAnUnusedInputIsZero() {
        Tensor[] j = Derivatives.jacobian(in -> in[0].mul(2), new Tensor[] {B, A}, Mode.FORWARD);

        assertValues(j[1], new int[] {3, 2, 3}, new double[18]);
    }

    // ---------------------------------------------------------------- hessian

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 2", "-1.2, 1", "0.5, -0.3", "2, 3"})
    void hessianOfRosenbrockIsTheAnalyticOne(double x, double y) {
        Tensor h = Derivatives.hessian(ROSENBROCK, Tensor.of(new double[] {x, y}, 2))[0][0];

        assertValues(h, new int[] {2, 2}, 1200 * x * x - 400 * y + 2, -400 * x, -400 * x, 200);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 2", "-1.2, 1"})
    void gradOfRosenbrockIsTheAnalyticOne(double x, double y) {
        Tensor g = Derivatives.grad(ROSENBROCK, Tensor.of(new double[] {x, y}, 2))[0];

        assertValues(g, new int[] {2}, -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x));
    }

    @Test
    void hessianOfAQuadraticFormIsAPlusATransposed() {
        Tensor a = Tensor.randn(new Random(11), 3, 3);
        Tensor x = Tensor.randn(new Random(12), 3, 1);

        Tensor h = Derivatives.hessian(in -> in[0].transpose().matmul(a).matmul(in[0]).sum(), x)[0][0];

        assertClose(a.add(a.transpose()).reshape(3, 1, 3, 1), h, 1e-12);
    }

    @Test
    void hessianOfSeveralInputsHasTheCrossBlocks() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2), b = Tensor.of(new double[] {3, 4}, 2);

        Tensor[][] h = Derivatives.hessian(in -> in[0].mul(in[1]).sum().add(in[0].pow(2).sum()), a, b);

        assertValues(h[0][0], new int[] {2, 2}, 2, 0, 0, 2);
        assertValues(h[0][1], new int[] {2, 2}, 1, 0, 0, 1);
        assertValues(h[1][0], new int[] {2, 2}, 1, 0, 0, 1);
        assertValues(h[1][1], new int[] {2, 2}, 0, 0, 0, 0);
    }

    @Test
    void hessianRejectsANonScalarOutput() {
        assertRejectedWith("hessian: f must return a single element, but returned shape [3]; use vjp or jacobian for"
                + " other outputs", () -> Derivatives.hessian(in -> in[0], B));
    }

    // ---------------------------------------------------------------- products

    @Test
    void jvpMatchesCentralDifferences() {
        Tensor x = Tensor.randn(new Random(21), 2, 3), w = Tensor.randn(new Random(22), 3);
        Tensor tx = Tensor.randn(new Random(23), 2, 3), tw = Tensor.randn(new Random(24), 3);
        double h = 1e-6;

        Derivatives.Jvp r = Derivatives.jvp(MIXED, new Tensor[] {x, w}, new Tensor[] {tx, tw});

        Tensor plus = MIXED.apply(x.add(tx.mul(h)), w.add(tw.mul(h)));
        Tensor minus = MIXED.apply(x.sub(tx.mul(h)), w.sub(tw.mul(h)));
        assertClose(plus.sub(minus).div(2 * h), r.tangent(), 1e-7);
        assertClose(MIXED.apply(x, w), r.value(), 0);
    }

    @Test
    void jvpIsTheJacobianTimesTheTangent() {
        Tensor tx = Tensor.randn(new Random(25), 2, 3), tb = Tensor.randn(new Random(26), 3);
        Tensor[] j = Derivatives.jacobian(MIXED, A, B);

        Tensor jv = Derivatives.jvp(MIXED, new Tensor[] {A, B}, new Tensor[] {tx, tb}).tangent();

        Tensor expected = j[0].reshape(2, 6).matmul(tx.reshape(6, 1)).add(j[1].matmul(tb.reshape(3, 1)));
        assertClose(expected.reshape(2), jv, 1e-12);
    }

    @Test
    void vjpIsTheCotangentTimesTheJacobian() {
        Tensor v = Tensor.of(new double[] {0.7, -1.3}, 2);
        Tensor[] j = Derivatives.jacobian(MIXED, A, B);

        Derivatives.Vjp r = Derivatives.vjp(MIXED, new Tensor[] {A, B}, v);

        assertClose(v.reshape(1, 2).matmul(j[0].reshape(2, 6)).reshape(2, 3), r.cotangents()[0], 1e-12);
        assertClose(v.reshape(1, 2).matmul(j[1]).reshape(3), r.cotangents()[1], 1e-12);
        assertClose(MIXED.apply(A, B), r.value(), 0);
    }

    @Test
    void hvpIsTheHessianTimesTheVector() {
        Fn f = in -> MIXED.apply(in).sum();
        Tensor va = Tensor.randn(new Random(27), 2, 3), vb = Tensor.randn(new Random(28), 3);
        Tensor[][] h = Derivatives.hessian(f, A, B);

        Tensor[] hv = Derivatives.hvp(f, new Tensor[] {A, B}, new Tensor[] {va, vb});

        Tensor a = h[0][0].reshape(6, 6).matmul(va.reshape(6, 1)).add(h[0][1].reshape(6, 3).matmul(vb.reshape(3, 1)));
        Tensor b = h[1][0].reshape(3, 6).matmul(va.reshape(6, 1)).add(h[1][1].matmul(vb.reshape(3, 1)));
        assertClose(a.reshape(2, 3), hv[0], 1e-12);
        assertClose(b.reshape(3), hv[1], 1e-12);
    }

    @Test
    void hvpOfRosenbrockAtTheMinimum() {
        Tensor[] hv = Derivatives.hvp(ROSENBROCK, new Tensor[] {Tensor.of(new double[] {1, 1}, 2)},
                new Tensor[] {Tensor.of(new double[] {1, 2}, 2)});

        assertValues(hv[0], new int[] {2}, 802 - 800, -400 + 400);
    }

    @Test
    void productsRejectMismatchedVectors() {
        Tensor[] inputs = {A, B};
        assertRejectedWith("vjp: v of shape [3] does not match the output of shape [2]",
                () -> Derivatives.vjp(MIXED, inputs, B));
        assertRejectedWith("jvp: 1 tangent tensors for 2 inputs",
                () -> Derivatives.jvp(MIXED, inputs, new Tensor[] {A}));
        assertRejectedWith("hvp: v 1 of shape [2, 3] does not match input 1 of shape [3]",
                () -> Derivatives.hvp(in -> MIXED.apply(in).sum(), inputs, new Tensor[] {A, A}));
    }

    // ---------------------------------------------------------------- custom functions and float32

    @Test
    void derivativesGoThroughACustomFunction() {
        Function cube = function(in -> in[0].mul(in[0]).mul(in[0]),
                (g, in, out) -> new Tensor[] {g.mul(in[0].mul(in[0]).mul(3))});
        Tensor x = Tensor.of(new double[] {1, -2}, 2);
        Fn f = in -> Tensor.apply(cube, in[0]);

        assertValues(Derivatives.jacobian(f, new Tensor[] {x}, Mode.FORWARD)[0], new int[] {2, 2}, 3, 0, 0, 12);
        assertValues(Derivatives.jacobian(f, new Tensor[] {x}, Mode.REVERSE)[0], new int[] {2, 2}, 3, 0, 0, 12);
        assertValues(Derivatives.hessian(in -> f.apply(in).sum(), x)[0][0], new int[] {2, 2}, 6, 0, 0, -12);
    }

    @Test
    void float32DerivativesKeepTheirDtypeAndMatchFloat64() {
        Tensor a32 = A.to(DType.FLOAT32), b32 = B.to(DType.FLOAT32);
        Fn f = in -> MIXED.apply(in).sum();
        Tensor[] j64 = Derivatives.jacobian(MIXED, A, B), j32 = Derivatives.jacobian(MIXED, a32, b32);
        Tensor[][] h64 = Derivatives.hessian(f, A, B), h32 = Derivatives.hessian(f, a32, b32);
        Tensor[] hv64 = Derivatives.hvp(f, new Tensor[] {A, B}, new Tensor[] {A, B});
        Tensor[] hv32 = Derivatives.hvp(f, new Tensor[] {a32, b32}, new Tensor[] {a32, b32});
        Tensor jv64 = Derivatives.jvp(MIXED, new Tensor[] {A, B}, new Tensor[] {A, B}).tangent();
        Tensor jv32 = Derivatives.jvp(MIXED, new Tensor[] {a32, b32}, new Tensor[] {a32, b32}).tangent();

        for (Tensor t : new Tensor[] {j32[0], j32[1], h32[0][1], hv32[0], hv32[1], jv32}) {
            assertEquals(DType.FLOAT32, t.dtype(), t::toString);
        }
        for (int i = 0; i < 2; i++) {
            assertClose(j64[i], j32[i].to(DType.FLOAT64), 1e-4);
            assertClose(hv64[i], hv32[i].to(DType.FLOAT64), 1e-3);
            for (int k = 0; k < 2; k++) {
                assertClose(h64[i][k], h32[i][k].to(DType.FLOAT64), 1e-3);
            }
        }
        assertClose(jv64, jv32.to(DType.FLOAT64), 1e-4);
    }
}

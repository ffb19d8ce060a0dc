package dev.jgrad.gradcheck;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Function;
import dev.jgrad.engine.Tensor;

/** Custom ops for the checker's own tests: correct ones, and ones whose backward is wrong on purpose. */
final class CustomOps {
    private CustomOps() {
    }

    /**
     * {@code a * b} elementwise (same shapes), whose backward doubles the gradient of {@code b} at one flat
     * element: the kind of slip the checker must catch and locate.
     */
    static Function productWrongAt(int wrongFlatElement) {
        return new Function() {
            @Override
            public Tensor forward(Tensor... in) {
                return in[0].mul(in[1]);
            }

            @Override
            public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
                double[] factor = new double[(int) in[1].size()];
                java.util.Arrays.fill(factor, 1.0);
                factor[wrongFlatElement] = 2.0;
                Tensor gb = g.mul(in[0]).mul(Tensor.of(factor, in[1].shape()));
                return new Tensor[] {g.mul(in[1]), gb};
            }

            @Override
            public String name() {
                return "productWrongAt" + wrongFlatElement;
            }
        };
    }

    /** {@code x^3}; the ops built on it differ only in their backward. */
    private abstract static class Cube implements Function {
        @Override
        public Tensor forward(Tensor... in) {
            return in[0].mul(in[0]).mul(in[0]);
        }
    }

    /** {@code x^3}, its backward written with tensor ops, so second derivatives are right too. */
    static final Function CUBE = new Cube() {
        @Override
        public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
            return new Tensor[] {g.mul(in[0].mul(in[0]).mul(3.0))};
        }
    };

    /**
     * {@code x^3} whose backward computes {@code 3x^2} from a detached copy of x: first derivatives are right, but
     * the recorded backward does not depend on x, so its second derivative is wrong.
     */
    static final Function CUBE_WITH_CONSTANT_BACKWARD = new Cube() {
        @Override
        public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
            Tensor x = in[0].detach();
            return new Tensor[] {g.mul(x.mul(x).mul(3.0))};
        }
    };

    /**
     * {@code [x0 * x1, x0 + x1]} from a vector {@code [x0, x1]}, whose backward says {@code d(x0 + x1)/dx0 = 2}:
     * a wrong Jacobian entry at output 1, input element 0.
     */
    static final Function PAIR_WRONG_JACOBIAN_ENTRY = new Function() {
        @Override
        public Tensor forward(Tensor... in) {
            double[] x = in[0].toArray();
            return Tensor.of(new double[] {x[0] * x[1], x[0] + x[1]}, 2);
        }

        @Override
        public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
            double[] u = g.toArray();
            double[] x = in[0].toArray();
            return new Tensor[] {Tensor.of(new double[] {u[0] * x[1] + 2 * u[1], u[0] * x[0] + u[1]}, 2)};
        }
    };

    /** {@code 3x} whose backward is off by the relative amount {@code slip}: {@code 3 (1 + slip) g}. */
    static Function tripleWithSlip(double slip) {
        return new Function() {
            @Override
            public Tensor forward(Tensor... in) {
                return in[0].mul(3.0);
            }

            @Override
            public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
                return new Tensor[] {g.mul(3.0 * (1 + slip))};
            }
        };
    }

    /**
     * {@code 2x} whose float32 path is off by a relative {@code forwardSlip} in its output and {@code backwardSlip}
     * in its gradient; its float64 path is right.
     */
    static Function doubleWithFloat32Slip(double forwardSlip, double backwardSlip) {
        return new Function() {
            @Override
            public Tensor forward(Tensor... in) {
                return in[0].mul(2 * (1 + (in[0].dtype() == DType.FLOAT32 ? forwardSlip : 0)));
            }

            @Override
            public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
                return new Tensor[] {g.mul(2 * (1 + (in[0].dtype() == DType.FLOAT32 ? backwardSlip : 0)))};
            }

            @Override
            public String name() {
                return "doubleWithFloat32Slip";
            }
        };
    }

    /**
     * {@code x^3} whose backward detaches x in float32 only: the first derivatives agree in both dtypes, the second
     * ones do not (0 in float32).
     */
    static final Function CUBE_WITH_CONSTANT_BACKWARD_IN_FLOAT32 = new Cube() {
        @Override
        public Tensor[] backward(Tensor g, Tensor[] in, Tensor out) {
            Tensor x = in[0].dtype() == DType.FLOAT32 ? in[0].detach() : in[0];
            return new Tensor[] {g.mul(x.mul(x).mul(3.0))};
        }
    };
}

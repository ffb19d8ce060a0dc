package dev.jgrad.engine;

/** The checks behind {@link Tensor#detectAnomaly()}: the first NaN or infinity an op produces names that op. */
final class Anomaly {
    private Anomaly() {
    }

    static void checkForward(String op, Tensor out, Tensor[] inputs) {
        double[] values = Storage.doubles(out);
        int bad = firstNonFinite(values);
        if (bad >= 0) {
            StringBuilder shapes = new StringBuilder();
            for (Tensor t : inputs) {
                shapes.append(shapes.length() == 0 ? "" : ", ").append(Shapes.str(t.shape));
            }
            throw new IllegalStateException("anomaly: forward of '" + op + "' produced " + values[bad]
                    + " at flat index " + bad + " of its output " + Shapes.str(out.shape) + " (inputs: " + shapes + ")");
        }
    }

    static void checkBackward(Node node, int input, Tensor grad) {
        double[] values = Storage.doubles(grad);
        int bad = firstNonFinite(values);
        if (bad >= 0) {
            throw new IllegalStateException("anomaly: backward of '" + node.op + "' produced " + values[bad]
                    + " at flat index " + bad + " of the gradient for input " + input + " (inputs: "
                    + node.inputShapes() + ")");
        }
    }

    private static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }
}

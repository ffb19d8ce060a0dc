package dev.jgrad.engine;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Gradient checkpointing ({@link Tensor#checkpoint}): a forward pass that keeps nothing but its output, and a
 * backward that computes the forward again, recorded this time, and back-propagates through it in a pass of its
 * own that stops at the checkpoint's inputs.
 */
final class Recompute {
    private static final String OP = "checkpoint";

    private Recompute() {
    }

    static Tensor checkpoint(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Checks.notNull(OP, "f", f);
        Tensor[] saved = Checks.noNulls(OP, "inputs", "input", inputs).clone();
        boolean anyRequiresGrad = false;
        for (Tensor in : saved) {
            anyRequiresGrad |= in.requiresGrad;
        }
        Tensor raw;
        if (anyRequiresGrad || !Tensor.isGradEnabled()) {
            try (var off = Tensor.noGrad()) {
                raw = run(f, saved);
            }
        } else {
            // Nothing recorded unless f reads a tensor that requires grad behind the inputs' back, which a node over
            // the inputs alone could never reach.
            raw = run(f, saved);
            if (raw.requiresGrad) {
                throw new IllegalArgumentException(OP + ": f reads a tensor that requires grad, but none of its "
                        + saved.length + " inputs does; pass that tensor (a weight, say) as an input");
            }
            return raw;
        }
        Tensor out = raw.view(raw.shape);
        return Tensor.record(OP, true, out, g -> backward(f, saved, out, g), saved);
    }

    private static Tensor run(Function<Tensor[], Tensor> f, Tensor[] inputs) {
        Tensor out = f.apply(inputs.clone());
        if (out == null) {
            throw new IllegalStateException(OP + ": f returned null; it must return the output tensor");
        }
        return out;
    }

    /**
     * Runs f again, recorded, on the same inputs, checks that it computed what the forward pass did, and sends
     * {@code upstream} back through it to the inputs that require grad.
     */
    private static Tensor[] backward(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor out, Tensor upstream) {
        boolean createGraph = Tensor.isGradEnabled();
        Tensor again;
        try (var on = Tensor.enableGrad()) {
            again = run(f, inputs);
        }
        checkSame(out, again);
        Tensor[] sinks = new Tensor[inputs.length];
        int n = 0;
        for (Tensor in : inputs) {
            if (in.requiresGrad) {
                sinks[n++] = in;
            }
        }
        sinks = Arrays.copyOf(sinks, n);
        Tensor[] reached = again.requiresGrad
                ? Autograd.stoppingAt(again, upstream, sinks, createGraph)
                : new Tensor[n];
        Tensor[] grads = new Tensor[inputs.length];
        for (int i = 0, k = 0; i < inputs.length; i++) {
            if (inputs[i].requiresGrad) {
                grads[i] = reached[k++];
            }
        }
        return grads;
    }

    /** Refuses a recomputation that differs from the forward pass, whose gradient would belong to other values. */
    private static void checkSame(Tensor out, Tensor again) {
        if (!Arrays.equals(out.shape, again.shape) || out.dtype() != again.dtype()) {
            throw notDeterministic("a " + again.dtype() + " output of shape " + Shapes.str(again.shape)
                    + " where the forward pass gave a " + out.dtype() + " one of shape " + Shapes.str(out.shape));
        }
        int length = out.length();
        for (int i = 0; i < length; i++) {
            double first = out.data != null ? out.data[i] : out.floats[i];
            double second = again.data != null ? again.data[i] : again.floats[i];
            if (Double.doubleToLongBits(first) != Double.doubleToLongBits(second)) {
                throw notDeterministic("element " + i + " = " + second + " where the forward pass gave " + first);
            }
        }
    }

    private static IllegalStateException notDeterministic(String what) {
        return new IllegalStateException(OP + ": recomputing f during backward gave " + what + "; f must compute the"
                + " same values from the same inputs (draw random masks from a generator made inside f from a seed"
                + " fixed outside it)");
    }
}

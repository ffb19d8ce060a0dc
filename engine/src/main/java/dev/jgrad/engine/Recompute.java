package dev.jgrad.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gradient checkpointing ({@link Tensor#checkpoint}): a forward pass that keeps nothing but its output, and a
 * backward that computes the forward again, recorded this time, and back-propagates through it in a pass of its
 * own that stops at the checkpoint's inputs.
 *
 * <p>The random tensors that {@code f} draws from a {@code SplittableRandom} ({@link Tensor#dropoutMask},
 * {@link Tensor#rand(DType, java.util.SplittableRandom, int...)}) are kept, in the order the forward draws them, and
 * handed back in that order when {@code f} runs again: a recomputed dropout drops what the forward dropped, and the
 * generator is not advanced a second time. Nested checkpoints share the outermost one's log, each replaying its own
 * stretch of it. The masks live as long as the checkpoint's node, as the activations they replace would have.
 */
final class Recompute {
    private static final String OP = "checkpoint";

    private Recompute() {
    }

    /** The random tensors drawn while checkpointed functions ran, and where a recomputation is reading them. */
    private static final class Draws {
        final List<Tensor> log = new ArrayList<>();
        /** The next draw a recomputation takes, or -1 while the forward records them. */
        int cursor = -1;

        int position() {
            return cursor < 0 ? log.size() : cursor;
        }
    }

    /** The log the function running on this thread draws into, or replays from; null outside a checkpoint. */
    private static final ThreadLocal<Draws> ACTIVE = new ThreadLocal<>();

    /**
     * A random tensor of {@code dtype} and {@code shape}, drawn by {@code draw} outside a checkpoint; inside one,
     * recorded as the forward draws it and replayed when the function runs again.
     *
     * @throws IllegalStateException if a recomputation asks for other draws than the forward made
     */
    static Tensor draw(String op, DType dtype, int[] shape, Supplier<Tensor> draw) {
        Draws d = ACTIVE.get();
        if (d == null) {
            return draw.get();
        }
        if (d.cursor < 0) {
            Tensor t = draw.get();
            d.log.add(t);
            return t;
        }
        Tensor t = d.cursor < d.log.size() ? d.log.get(d.cursor) : null;
        if (t == null || t.dtype() != dtype || !Arrays.equals(t.shape, shape)) {
            throw notDeterministic("a draw (" + op + ") of a " + dtype + " tensor of shape " + Shapes.str(shape)
                    + " where the forward pass drew " + (t == null ? "nothing more"
                    : "a " + t.dtype() + " one of shape " + Shapes.str(t.shape)));
        }
        d.cursor++;
        return t;
    }

    static Tensor checkpoint(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Checks.notNull(OP, "f", f);
        Tensor[] saved = Checks.noNulls(OP, "inputs", "input", inputs).clone();
        boolean anyRequiresGrad = false;
        for (Tensor in : saved) {
            anyRequiresGrad |= in.requiresGrad;
        }
        Tensor raw;
        Draws outer = ACTIVE.get(), draws = outer != null ? outer : new Draws();
        int start = draws.position();
        if (anyRequiresGrad || !Tensor.isGradEnabled()) {
            ACTIVE.set(draws);
            try (var off = Tensor.noGrad()) {
                raw = run(f, saved);
            } finally {
                ACTIVE.set(outer);
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
        int end = draws.position();
        return Tensor.record(OP, true, out, g -> backward(f, saved, out, g, draws, start, end), saved);
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
    private static Tensor[] backward(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor out, Tensor upstream,
                                     Draws draws, int start, int end) {
        boolean createGraph = Tensor.isGradEnabled();
        Tensor again;
        Draws outer = ACTIVE.get();
        int resume = draws.cursor, drawn;
        draws.cursor = start;
        ACTIVE.set(draws);
        try (var on = Tensor.enableGrad()) {
            again = run(f, inputs);
        } finally {
            drawn = draws.cursor;
            draws.cursor = resume;
            ACTIVE.set(outer);
        }
        if (drawn != end) {
            throw notDeterministic((drawn - start) + " random draws where the forward pass made " + (end - start));
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
                + " same values from the same inputs (draw random tensors with Tensor.dropoutMask or Tensor.rand from a"
                + " SplittableRandom, which a checkpoint replays, or from a generator made inside f from a seed fixed"
                + " outside it)");
    }
}

package dev.jgrad.spark;

import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A task's copy of the model: made by the job's factory, built for the input shape, then given the driver's
 * parameters and buffers, which travel as one flat {@code double[]} (parameters first, each in row-major order, then
 * buffers). It computes one partition's share of a step.
 */
final class Replica {
    final Module model;
    private final Loss loss;
    private Job job;
    private final List<Tensor> parameters;
    private final List<Tensor> buffers;

    private Replica(Job job, Module model) {
        this.job = job;
        this.model = model;
        this.loss = job.loss().get();
        this.parameters = model.parameters();
        this.buffers = new ArrayList<>(model.namedBuffers().values());
    }

    /**
     * The replicas an executor made, by trainer, each free for the next task of the trainer's jobs: making a model
     * (drawing its initial weights) costs more than a small step, and every task overwrites all the values anyway.
     * Replicas of the few trainers seen last are kept.
     */
    private static final Map<String, Queue<Replica>> IDLE = Collections.synchronizedMap(
            new LinkedHashMap<>(4, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Queue<Replica>> eldest) {
                    return size() > 4;
                }
            });

    /**
     * Runs {@code task} on a replica of the job's model, built for the job's input shape, with the driver's
     * {@code state} loaded: one this executor made for an earlier task of the same trainer and layout, or a new one.
     */
    static <T> T with(Job job, Packed state, Function<Replica, T> task) {
        Queue<Replica> idle = IDLE.computeIfAbsent(job.trainer() + " " + job.layout().modelKey(),
                k -> new ConcurrentLinkedQueue<>());
        Replica r = idle.poll();
        if (r == null) {
            r = of(job, state);
        } else {
            r.job = job;
            r.load(state);
        }
        T result = task.apply(r);
        idle.add(r);
        return result;
    }

    /** A new replica of the job's model, built for the job's input shape, with the driver's {@code state} loaded. */
    static Replica of(Job job, Packed state) {
        Replica r = new Replica(job, built(job.model().get(), job.layout()));
        r.load(state);
        return r;
    }

    /** {@code model} after {@link #probe}, which builds a layer that infers its input width; in training mode. */
    static Module built(Module model, Layout layout) {
        probe(model, layout);
        return model;
    }

    /**
     * The output of {@code model} for one zero sample of the layout's shape and dtype, computed in eval mode without
     * recording, the model left in training mode: a layer that infers its input width makes its parameters here.
     */
    static Tensor probe(Module model, Layout layout) {
        model.eval();
        try (var off = Tensor.noGrad()) {
            return model.forward(Tensor.zeros(layout.dtype(), layout.batchShape(1)));
        } finally {
            model.train();
        }
    }

    /** The model's parameters and buffers, flat: what the driver broadcasts (as floats, for a float32 model). */
    static Packed state(Module model) {
        List<Tensor> all = new ArrayList<>(model.parameters());
        all.addAll(model.namedBuffers().values());
        return Packed.of(flat(all));
    }

    /** The length of the parameters' part of a flat state. */
    static int parameterCount(Module model) {
        return model.parameters().stream().mapToInt(Replica::size).sum();
    }

    /** The values of {@code tensors}, one after another, in double. */
    static double[] flat(List<Tensor> tensors) {
        double[] out = new double[tensors.stream().mapToInt(Replica::size).sum()];
        int at = 0;
        for (Tensor t : tensors) {
            double[] v = t.toArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** Overwrites {@code tensors} with consecutive slices of {@code values} from {@code from}; returns the end. */
    static int load(List<Tensor> tensors, Packed values, int from) {
        try (var off = Tensor.noGrad()) {
            for (Tensor t : tensors) {
                t.assign(Tensor.of(values.slice(from, from + size(t)), t.shape()));
                from += size(t);
            }
        }
        return from;
    }

    /** The number of values of {@code t}; a parameter or buffer fits in an array. */
    static int size(Tensor t) {
        return Math.toIntExact(t.size());
    }

    private void load(Packed state) {
        load(buffers, state, load(parameters, state, 0));
    }

    /**
     * The sums over {@code rows} of {@code block} (step {@code step} of epoch {@code epoch}) of the loss's gradient,
     * the buffers after the forward pass, the loss and the accuracy: the gradient of the share's mean loss, scaled by
     * the share's size, so the driver's sum over partitions divided by the global batch is the global batch's
     * gradient. No rows give an empty contribution.
     */
    Contribution gradient(Block block, int[] rows, int epoch, int step) {
        if (rows.length == 0) {
            return Contribution.counted(block.partition, 0, 0, 0);
        }
        model.zeroGrad();
        Pass pass = forward(block, rows, epoch, step);
        double[] gradient = new double[parameterCount(model)];
        if (Double.isFinite(pass.loss)) {
            pass.value.backward();
            int at = 0;
            for (Tensor p : parameters) {
                if (p.hasGrad()) {
                    double[] g = p.grad().toArray();
                    System.arraycopy(g, 0, gradient, at, g.length);
                }
                at += size(p);
            }
        }
        int n = rows.length;
        return new Contribution(block.partition, gradient, flat(buffers), n, pass.loss * n, pass.right * n, n, null);
    }

    /**
     * {@code steps.length} local steps of {@code optimizer} on the given shares, then the parameters reached and the
     * buffers, each times the samples seen, with the sums of the loss and accuracy: one partition's part of a round
     * of parameter averaging. A share whose loss is not finite is not applied, as in {@code Trainer}.
     */
    Contribution localSteps(Block block, int[][] shares, int epoch, int firstStep) {
        Optimizer optimizer = job.optimizer().create(parameters);
        double lossSum = 0;
        double rightSum = 0;
        long seen = 0;
        for (int s = 0; s < shares.length; s++) {
            if (shares[s].length == 0) {
                continue;
            }
            optimizer.zeroGrad();
            Pass pass = forward(block, shares[s], epoch, firstStep + s);
            if (Double.isFinite(pass.loss)) {
                pass.value.backward();
                optimizer.step();
            }
            lossSum += pass.loss * shares[s].length;
            rightSum += pass.right * shares[s].length;
            seen += shares[s].length;
        }
        if (seen == 0) {
            return Contribution.counted(block.partition, 0, 0, 0);
        }
        return new Contribution(block.partition, flat(parameters), flat(buffers), seen, lossSum, rightSum, seen, null);
    }

    /** The mean loss and accuracy over {@code rows}, in eval mode without recording, as sums over the rows. */
    Contribution evaluation(Block block) {
        model.eval();
        double lossSum = 0;
        double rightSum = 0;
        int[] all = block.all();
        try (var off = Tensor.noGrad()) {
            for (int from = 0; from < all.length; from += EVALUATION_BATCH) {
                int[] rows = Arrays.copyOfRange(all, from, Math.min(all.length, from + EVALUATION_BATCH));
                Tensor x = block.features(rows, job.layout());
                Tensor y = block.targets(rows, job.layout());
                Tensor output = model.forward(x);
                lossSum += SparkTrainer.scalar(loss.compute(output, y)) * rows.length;
                rightSum += loss.accuracy(output, y) * rows.length;
            }
        }
        return Contribution.counted(block.partition, lossSum, rightSum, all.length);
    }

    /** The batch evaluation and prediction run in, as {@code Trainer.EVALUATION_BATCH}. */
    static final int EVALUATION_BATCH = 1024;

    private Pass forward(Block block, int[] rows, int epoch, int step) {
        model.train();
        model.reseed(job.drawSeed(epoch, step, block.partition));
        Tensor x = block.features(rows, job.layout());
        Tensor y = block.targets(rows, job.layout());
        Tensor output = model.forward(x);
        Tensor value = loss.compute(output, y);
        return new Pass(value, SparkTrainer.scalar(value), loss.accuracy(output, y));
    }

    /**
     * One forward pass over a share: the loss to back-propagate, its value, and the accuracy.
     *
     * @param value the loss to back-propagate
     * @param loss its value
     * @param right the accuracy
     */
    private record Pass(Tensor value, double loss, double right) {
    }
}

package dev.jgrad.bench;

import dev.jgrad.engine.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every benchmark workload, the one list of them: its name on the command line, what it measures, and how it is
 * run. The jar's entry point runs one under JMH and ends with its medians, one line per figure and dtype, the
 * headline last:
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar bench/target/jgrad-bench-all.jar mlp-small [JMH options]
 *   ...
 *   mlp-small FLOAT64 median 2.1 ms/step
 *   mlp-small FLOAT32 median 1.1 ms/step
 * </pre>
 * Every JMH workload runs in both dtypes, FLOAT64 then FLOAT32; {@code -p dtype=FLOAT32} runs one.
 * {@code --list} prints the workloads and their descriptions, which is where {@code bench/run.sh} takes its usage
 * text and the names it accepts from. The defaults are one fork, 3 warm-up and 5 measured iterations of one second
 * (an iteration of {@code fashion-epoch} is one epoch); any JMH option after the workload overrides them (e.g.
 * {@code -f 3 -i 10}). The median is taken over every measured iteration of every fork.
 */
public enum Workload {
    CHAIN("chain", "10,000 elementwise ops on [4] tensors, forward + backward, us/op",
            (w, options) -> w.single(options, ChainBench.class, "chain", "us/op")),
    ELEMENTWISE("elementwise", "add, mul, bias add, relu and bias-gradient sum on [128, 256], forward, us/op",
            (w, options) -> w.each(options, ElementwiseBench.class, "us/op", "add", "mul", "addBias", "relu",
                    "sumOverBatch")),
    MATMUL256("matmul256", "Tensor.matmul of two 256 x 256 tensors, us/op",
            (w, options) -> w.single(options, Matmul256Bench.class, "matmul", "us/op")),
    GEMM("gemm", "the matrix product at 512^3 and the MLP shapes, GFLOP/s (gemm-512 last)",
            (w, options) -> gemm(options, GemmBench.Shape.MLP_FWD, GemmBench.Shape.MLP_DW, GemmBench.Shape.MLP_DX,
                    GemmBench.Shape.CUBE_512)),
    GEMM_512("gemm-512", "512 x 512 times 512 x 512 alone", (w, options) -> gemm(options, GemmBench.Shape.CUBE_512)),
    GEMM_MLP_FWD("gemm-mlp-fwd", "the 784-256 layer's forward, (128 x 784)(784 x 256), alone",
            (w, options) -> gemm(options, GemmBench.Shape.MLP_FWD)),
    GEMM_MLP_DW("gemm-mlp-dw", "its weight gradient, (784 x 128)(128 x 256), alone",
            (w, options) -> gemm(options, GemmBench.Shape.MLP_DW)),
    GEMM_MLP_DX("gemm-mlp-dx", "its input gradient, (128 x 256)(256 x 784), alone",
            (w, options) -> gemm(options, GemmBench.Shape.MLP_DX)),
    MLP_SMALL("mlp-small", "a training step of a 784-256-10 MLP, batch 128, SGD, ms/step; bytes allocated per step,"
            + " peak RSS, and the step against its product bound (gemm-512's rate, measured after it)",
            (w, options) -> w.mlp(options, 256)),
    MLP_LARGE("mlp-large", "the same for 784-512-512-10", (w, options) -> w.mlp(options, 512, 512)),
    CNN("cnn", "a training step of the peers' cnn-djl CNN (two 3x3 convolutions, max-pools, two dense layers), batch"
            + " 128, SGD, ms/step", (w, options) -> w.single(options, CnnBench.class, "step", "ms/step")),
    FASHION_EPOCH("fashion-epoch", "one epoch of the fashion-mnist sample on the real data, s",
            (w, options) -> w.single(options, FashionEpochBench.class, "epoch", "s")),
    OPTIMIZER_STEP("optimizer-step", "one Adam step over the fashion sample's 235k parameters, and the floor:"
            + " reading and writing its arrays once, us/op (adam, stream)",
            (w, options) -> w.each(options, OptimizerStepBench.class, "us/op", "stream", "adam")),
    DROPOUT_MASK("dropout-mask", "a fashion-mnist step's two dropout masks, from java.util.Random per element and"
            + " from Tensor.dropoutMask, us/op (random, splittable)",
            (w, options) -> w.each(options, DropoutMaskBench.class, "us/op", "random", "splittable")),
    JACOBIAN("jacobian", "the full Jacobian of tanh(W x + b), R^100 to R^100, R^1000 to R^10 and R^10 to R^1000, by"
            + " Derivatives.jacobian in reverse and in forward mode, ms/op (inputs x outputs, then reverse, forward)",
            (w, options) -> w.byParams(options, JacobianBench.class, "jacobian", "ms/op",
                    new String[] {"shape", "mode"}, new String[] {"100x100", "1000x10", "10x1000"},
                    new String[] {"REVERSE", "FORWARD"})),
    HVP("hvp", "a 784-128-10 MLP's cross-entropy on a batch of 64: its gradient by Derivatives.grad and a"
            + " Hessian-vector product by Derivatives.hvp, both in all 101,770 parameters, ms/op (gradient, product)",
            (w, options) -> w.each(options, HvpBench.class, "ms/op", "gradient", "product")),
    SPARK_STEP("spark-step", "a synchronous step of the fashion MLP on SparkTrainer in local mode (two partitions)"
            + " and the same step on one machine, global batch 64, 256, 1024 and 4096, ms/step (batch, then spark,"
            + " local; bench/run.sh runs it with Spark's jars)",
            (w, options) -> w.perBatch(options, SparkStepBench.class, "ms/step", "spark", "local")),
    /** Whole processes, timed by hyperfine in {@code bench/run.sh}, not by JMH. */
    COLD_START("cold-start", "a fresh JVM to the first gradient of sum(x*x), whole process, s (hyperfine, 20 runs)",
            Workload::wholeProcesses),
    /** The same for {@link FirstProduct}, once per dtype. */
    FIRST_PRODUCT("first-product", "a fresh JVM to its first 512 x 512 times 512 x 512 matmul, whole process, s"
            + " (hyperfine, 20 runs per dtype)", Workload::wholeProcesses);

    /** How a workload runs: with the given JMH options, returning its result lines, the headline last. */
    @FunctionalInterface
    interface Run {
        List<String> run(Workload workload, ChainedOptionsBuilder options) throws RunnerException;
    }

    /** The name on the command line. */
    final String label;
    /** What it measures and in which unit, for the usage text. */
    final String description;
    private final Run run;

    Workload(String label, String description, Run run) {
        this.label = label;
        this.description = description;
        this.run = run;
    }

    /** Runs this workload with the given JMH options and returns its result lines, the headline last. */
    List<String> run(ChainedOptionsBuilder options) throws RunnerException {
        return run.run(this, options);
    }

    /** The run of a workload that times whole JVMs: it has none here, {@code bench/run.sh} runs it. */
    private static List<String> wholeProcesses(Workload w, ChainedOptionsBuilder options) {
        throw new IllegalStateException(w.label + ": times whole JVMs, so bench/run.sh runs it, not this jar");
    }

    /** One benchmark method, {@code method} of {@code bench}, summarised under this workload's name. */
    private List<String> single(ChainedOptionsBuilder options, Class<?> bench, String method, String unit)
            throws RunnerException {
        return perDType(label, jmh(options, bench, method), score -> score, unit);
    }

    /**
     * The MLP step with these hidden widths, with JMH's allocation profiler and {@link PeakRss}, then gemm-512 in
     * the same dtypes: its median, the bytes allocated per step, the process's peak RSS, and the step's time over
     * its product bound, the step's multiply-adds at gemm-512's rate.
     */
    private List<String> mlp(ChainedOptionsBuilder options, int... hidden) throws RunnerException {
        String widths = Arrays.stream(hidden).mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).orElseThrow();
        // Each run gets its own builder over the command line's options: a builder keeps every include it was given.
        Options base = options.build();
        Collection<RunResult> steps = jmh(new OptionsBuilder().parent(base).param("hidden", widths).addProfiler("gc")
                .addProfiler(PeakRss.class), MlpBench.class, "step");
        List<String> lines = new ArrayList<>();
        lines.addAll(secondary(label, steps, "gc.alloc.rate.norm", "allocated", 1e-6, "MB/step", false));
        lines.addAll(secondary(label, steps, PeakRss.RESULT, "peak RSS", 1, "MiB", true));
        Collection<RunResult> gemm = jmh(new OptionsBuilder().parent(base).param("shape", GemmBench.Shape.CUBE_512.label),
                GemmBench.class, "gemm");
        double flops = MlpBench.flops(hidden);
        for (DType dtype : DType.values()) {
            List<Double> stepMs = scores(only(steps, r -> r.getParams().getParam("dtype").equals(dtype.name())));
            List<Double> gemmUs = scores(only(gemm, r -> r.getParams().getParam("dtype").equals(dtype.name())));
            if (stepMs.isEmpty() || gemmUs.isEmpty()) {
                continue;
            }
            double rate = GemmBench.Shape.CUBE_512.flops() / (median(gemmUs) * 1e3);
            double bound = flops / (rate * 1e6);
            lines.add(String.format(Locale.ROOT, "%s %s product bound %.3g ms (%.0f MFLOP at gemm-512's %.3g GFLOP/s):"
                    + " step %.2fx bound", label, dtype, bound, flops / 1e6, rate, median(stepMs) / bound));
        }
        lines.addAll(perDType(label, steps, score -> score, "ms/step"));
        return lines;
    }

    /**
     * One line per dtype for a secondary result of JMH's: its median over the iterations (or its maximum, if
     * {@code max}), scaled into {@code unit}.
     */
    private static List<String> secondary(String name, Collection<RunResult> results, String key, String what,
                                          double scale, String unit, boolean max) {
        List<String> lines = new ArrayList<>();
        for (DType dtype : DType.values()) {
            List<Double> values = new ArrayList<>();
            for (RunResult r : only(results, r -> r.getParams().getParam("dtype").equals(dtype.name()))) {
                for (BenchmarkResult b : r.getBenchmarkResults()) {
                    for (IterationResult it : b.getIterationResults()) {
                        Result result = it.getSecondaryResults().get(key);
                        if (result != null) {
                            values.add(result.getScore() * scale);
                        }
                    }
                }
            }
            if (!values.isEmpty()) {
                double v = max ? values.stream().mapToDouble(Double::doubleValue).max().orElseThrow() : median(values);
                lines.add(String.format(Locale.ROOT, "%s %s %s %.3g %s", name, dtype, what, v, unit));
            }
        }
        return lines;
    }

    /** Several methods of {@code bench}, in their order, each summarised as {@code label-method}. */
    private List<String> each(ChainedOptionsBuilder options, Class<?> bench, String unit, String... methods)
            throws RunnerException {
        Collection<RunResult> results = jmh(options, bench, "(" + String.join("|", methods) + ")");
        List<String> lines = new ArrayList<>();
        for (String method : methods) {
            lines.addAll(perDType(label + "-" + method,
                    only(results, r -> r.getParams().getBenchmark().endsWith("." + method)), score -> score, unit));
        }
        return lines;
    }

    /**
     * One benchmark method run with every combination of the values of its parameters, {@code values[k]} being those
     * of {@code params[k]}, in their order with the last parameter varying fastest, each summarised as
     * {@code label-value-value...} (the values in lower case).
     */
    private List<String> byParams(ChainedOptionsBuilder options, Class<?> bench, String method, String unit,
                                  String[] params, String[]... values) throws RunnerException {
        Collection<RunResult> results = jmh(options, bench, method);
        List<String> lines = new ArrayList<>();
        int[] at = new int[params.length];
        do {
            StringBuilder name = new StringBuilder(label);
            for (int k = 0; k < params.length; k++) {
                name.append('-').append(values[k][at[k]].toLowerCase(Locale.ROOT));
            }
            int[] combination = at.clone();
            lines.addAll(perDType(name.toString(), only(results, r -> {
                for (int k = 0; k < params.length; k++) {
                    if (!r.getParams().getParam(params[k]).equals(values[k][combination[k]])) {
                        return false;
                    }
                }
                return true;
            }), score -> score, unit));
        } while (next(at, values));
        return lines;
    }

    /**
     * Several methods of {@code bench} for each value of its {@code batch} parameter, each summarised as
     * {@code label-batch-method}, the batches in increasing order.
     */
    private List<String> perBatch(ChainedOptionsBuilder options, Class<?> bench, String unit, String... methods)
            throws RunnerException {
        Collection<RunResult> results = jmh(options, bench, "(" + String.join("|", methods) + ")");
        List<String> lines = new ArrayList<>();
        results.stream().map(r -> Integer.parseInt(r.getParams().getParam("batch"))).distinct().sorted()
                .forEach(batch -> {
                    for (String method : methods) {
                        lines.addAll(perDType(label + "-" + batch + "-" + method, only(results,
                                r -> r.getParams().getParam("batch").equals(Integer.toString(batch))
                                        && r.getParams().getBenchmark().endsWith("." + method)), score -> score, unit));
                    }
                });
        return lines;
    }

    /**
     * Advances {@code at} to the next combination of indices into {@code values}, the last fastest; false after the
     * last combination.
     */
    private static boolean next(int[] at, String[][] values) {
        for (int k = at.length - 1; k >= 0; k--) {
            if (++at[k] < values[k].length) {
                return true;
            }
            at[k] = 0;
        }
        return false;
    }

    /** The matrix products of {@code shapes}, in their order, each summarised in GFLOP/s. */
    private static List<String> gemm(ChainedOptionsBuilder options, GemmBench.Shape... shapes)
            throws RunnerException {
        String[] labels = new String[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            labels[i] = shapes[i].label;
        }
        Collection<RunResult> results = jmh(options.param("shape", labels), GemmBench.class, "gemm");
        List<String> lines = new ArrayList<>();
        for (GemmBench.Shape shape : shapes) {
            lines.addAll(perDType("gemm-" + shape.label,
                    only(results, r -> r.getParams().getParam("shape").equals(shape.label)),
                    us -> shape.flops() / (us * 1e3), "GFLOP/s"));
        }
        return lines;
    }

    /**
     * A summary line for each dtype that ran, FLOAT64 first, named {@code name DTYPE}: the scores of the runs with
     * that {@code dtype} parameter, each converted by {@code convert} into {@code unit}.
     */
    private static List<String> perDType(String name, Collection<RunResult> results, DoubleUnaryOperator convert,
                                         String unit) {
        List<String> lines = new ArrayList<>();
        for (DType dtype : DType.values()) {
            List<Double> values = new ArrayList<>();
            for (double score : scores(only(results, r -> r.getParams().getParam("dtype").equals(dtype.name())))) {
                values.add(convert.applyAsDouble(score));
            }
            if (!values.isEmpty()) {
                lines.add(summary(name + " " + dtype, values, unit));
            }
        }
        return lines;
    }

    /** The runs {@code which} accepts. */
    private static Collection<RunResult> only(Collection<RunResult> results, Predicate<RunResult> which) {
        List<RunResult> kept = new ArrayList<>();
        for (RunResult r : results) {
            if (which.test(r)) {
                kept.add(r);
            }
        }
        return kept;
    }

    /** The workload named {@code label}, or null. */
    static Workload named(String label) {
        for (Workload w : values()) {
            if (w.label.equals(label)) {
                return w;
            }
        }
        return null;
    }

    /** One line per workload: its name, padded, then its description. */
    static String list() {
        StringBuilder text = new StringBuilder();
        for (Workload w : values()) {
            text.append(String.format(Locale.ROOT, "  %-16s%s%n", w.label, w.description));
        }
        return text.toString();
    }

    /**
     * {@code --list} prints the workloads; a workload's name runs it, passing the rest of the arguments to JMH. No
     * argument, or an unknown name, prints the usage and the list to standard error and exits with status 2.
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        if (args.length == 1 && args[0].equals("--list")) {
            System.out.print(list());
            return;
        }
        Workload workload = args.length == 0 ? null : named(args[0]);
        if (workload == null) {
            System.err.print((args.length == 0 ? "" : "unknown workload " + args[0] + "\n")
                    + "usage: jgrad-bench-all.jar <workload> [JMH options] | --list\n" + list());
            System.exit(2);
        }
        CommandLineOptions cmd = new CommandLineOptions(Arrays.copyOfRange(args, 1, args.length));
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        // A builder's own settings win over its parent's, so the defaults go in only where the command line is silent.
        if (!cmd.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cmd.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cmd.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cmd.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cmd.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        for (String line : workload.run(options)) {
            System.out.println(line);
        }
    }

    /** Runs the benchmark methods of {@code bench} whose names {@code method}, a regular expression, matches. */
    private static Collection<RunResult> jmh(ChainedOptionsBuilder options, Class<?> bench, String method)
            throws RunnerException {
        return new Runner(options.include(bench.getName() + "." + method + "$").build()).run();
    }

    /** Every measured iteration's score, across forks. */
    private static List<Double> scores(Collection<RunResult> results) {
        List<Double> all = new ArrayList<>();
        for (RunResult r : results) {
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult it : b.getIterationResults()) {
                    all.add(it.getPrimaryResult().getScore());
                }
            }
        }
        return all;
    }

    /** Prints the spread and returns the headline: {@code name median value unit}. */
    private static String summary(String name, List<Double> values, String unit) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        System.out.printf("%s: %d iterations, min %.3g, max %.3g %s%n", name, sorted.size(), sorted.get(0),
                sorted.get(sorted.size() - 1), unit);
        return String.format("%s median %.3g %s", name, median(values), unit);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

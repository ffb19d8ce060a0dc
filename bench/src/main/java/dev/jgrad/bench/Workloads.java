package dev.jgrad.bench;

import dev.jgrad.engine.GemmBench;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs one named workload under JMH and ends with its median, one line per figure, the headline last:
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar bench/target/jgrad-bench.jar chain [JMH options]
 *   ...
 *   chain median 0.25 us/op
 * </pre>
 * Workloads: {@code chain}, {@code matmul256}, {@code gemm} (all four shapes, {@code gemm-512} last) and each
 * shape alone ({@code gemm-512}, {@code gemm-mlp-fwd}, {@code gemm-mlp-dw}, {@code gemm-mlp-dx}), {@code mlp-small}
 * and {@code mlp-large} (ms per training step) and {@code fashion-epoch} (s per epoch). The defaults are one fork,
 * 3 warm-up and 5 measured iterations of one second (an iteration of {@code fashion-epoch} is one epoch); any JMH
 * option after the workload overrides them (e.g. {@code -f 3 -i 10}). The median is taken over every measured
 * iteration of every fork. {@code cold-start} times whole processes, so it is not here but in {@code run.sh}.
 */
public final class Workloads {
    private Workloads() {
    }

    /** Runs the workload named by the first argument, passing the rest to JMH. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        if (args.length == 0) {
            System.err.println("usage: Workloads <chain | matmul256 | gemm | gemm-512 | gemm-mlp-fwd | gemm-mlp-dw"
                    + " | gemm-mlp-dx | mlp-small | mlp-large | fashion-epoch> [JMH options]");
            System.exit(2);
        }
        String workload = args[0];
        String[] jmhArgs = Arrays.copyOfRange(args, 1, args.length);
        CommandLineOptions cmd = new CommandLineOptions(jmhArgs);
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
        List<String> lines = new ArrayList<>();
        if (workload.equals("chain")) {
            options.include(ChainBench.class.getName() + ".chain$");
            lines.add(summary("chain", scores(new Runner(options.build()).run()), "us/op"));
        } else if (workload.equals("matmul256")) {
            options.include(Matmul256Bench.class.getName() + ".matmul$");
            lines.add(summary("matmul256", scores(new Runner(options.build()).run()), "us/op"));
        } else if (workload.equals("mlp-small") || workload.equals("mlp-large")) {
            options.include(MlpBench.class.getName() + ".step$")
                    .param("hidden", workload.equals("mlp-small") ? "256" : "512,512");
            lines.add(summary(workload, scores(new Runner(options.build()).run()), "ms/step"));
        } else if (workload.equals("fashion-epoch")) {
            options.include(FashionEpochBench.class.getName() + ".epoch$");
            lines.add(summary(workload, scores(new Runner(options.build()).run()), "s"));
        } else if (workload.equals("gemm") || workload.startsWith("gemm-")) {
            String[] shapes = workload.equals("gemm") ? new String[] {"mlp-fwd", "mlp-dw", "mlp-dx", "512"}
                    : new String[] {workload.substring("gemm-".length())};
            for (String shape : shapes) {
                GemmBench.flops(shape); // an unknown shape fails here, before JMH starts a fork
            }
            options.include(GemmBench.class.getName() + ".gemm$").param("shape", shapes);
            Collection<RunResult> results = new Runner(options.build()).run();
            for (String shape : shapes) {
                List<Double> gflops = new ArrayList<>();
                for (RunResult r : results) {
                    if (r.getParams().getParam("shape").equals(shape)) {
                        // us per product -> GFLOP/s
                        for (double us : scores(List.of(r))) {
                            gflops.add(GemmBench.flops(shape) / (us * 1e3));
                        }
                    }
                }
                lines.add(summary("gemm-" + shape, gflops, "GFLOP/s"));
            }
        } else {
            System.err.println("unknown workload " + workload);
            System.exit(2);
        }
        for (String line : lines) {
            System.out.println(line);
        }
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
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        System.out.printf("%s: %d iterations, min %.3g, max %.3g %s%n", name, n, sorted.get(0), sorted.get(n - 1),
                unit);
        return String.format("%s median %.3g %s", name, median, unit);
    }
}

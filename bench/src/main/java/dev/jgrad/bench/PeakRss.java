package dev.jgrad.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the benchmark process's peak resident set size so far (Linux's {@code VmHWM}) after
 * every iteration, as the secondary result {@code rss.peak} in MiB: the whole forked JVM, heap, code and all, as
 * {@code /usr/bin/time} reports it for a peer's process. The MLP workloads run with it and print its maximum.
 * <pre>
 *   java -jar bench/target/jgrad-bench-all.jar mlp-large -prof dev.jgrad.bench.PeakRss
 * </pre>
 */
public final class PeakRss implements InternalProfiler {
    /** The name of the secondary result. */
    static final String RESULT = "rss.peak";

    @Override
    public String getDescription() {
        return "peak resident set size of the benchmark process (VmHWM), MiB";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        return List.of(new ScalarResult(RESULT, mebibytes(), "MiB", AggregationPolicy.MAX));
    }

    /** VmHWM of this process in MiB. */
    static double mebibytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rss.peak: cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("rss.peak: /proc/self/status has no VmHWM line (not Linux?)");
    }
}

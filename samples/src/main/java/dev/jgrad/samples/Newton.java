package dev.jgrad.samples;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Derivatives;
import dev.jgrad.engine.Tensor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Second-order optimisation: Newton's method, each step solving {@code H·d = -g} with the exact Hessian and
 * gradient from {@link Derivatives}, beside gradient descent with a fixed step, both minimising the Rosenbrock
 * function {@code Σ 100(x[i+1] - x[i]²)² + (1 - x[i])²} from the same start until they are within the tolerance of
 * its minimum at {@code (1, ..., 1)}. The curved valley that makes gradient descent crawl is what the Hessian
 * straightens out.
 *
 * <pre>{@code
 * Newton.Result r = new Newton().run();     // from (-1.2, 1), writes newton-distance.png and newton-paths.png
 * r.newton().steps();                        // a handful
 * r.gradientDescent().steps();               // tens of thousands
 * }</pre>
 *
 * <p>It trains no model and draws nothing at random, so it has none of the other samples' training options; its
 * result line has their form all the same.
 */
@Command(name = "newton", defaultValueProvider = Sample.DTypeDefault.class,
        description = "Newton's method with the exact Hessian beside gradient descent on the Rosenbrock function.")
public final class Newton implements Callable<Integer> {
    /** Gradient descent's progress is printed at the powers of this: steps 1, 10, 100, ... */
    private static final int PROGRESS_BASE = 10;

    /**
     * How one method ran.
     *
     * <pre>{@code
     * Newton.Run run = new Newton().run().newton();
     * run.reached();    // true: within the tolerance of (1, 1)
     * run.distance();   // below the tolerance, 1e-6 by default
     * run.path()[0];    // the first coordinate at the start and after each step
     * }</pre>
     *
     * @param steps the updates it made
     * @param reached whether it ended within the tolerance of the minimum (else it hit the step cap or diverged)
     * @param end the point it ended at
     * @param distances the distance to the minimum at the start and after each step, {@code steps + 1} of them
     * @param path the first two coordinates at the start and after each step: {@code path[0]} and {@code path[1]},
     *     {@code steps + 1} of each
     */
    public record Run(int steps, boolean reached, double[] end, double[] distances, double[][] path) {
        /** The distance to the minimum where it ended. */
        public double distance() {
            return distances[distances.length - 1];
        }
    }

    /**
     * What both methods reached.
     *
     * <pre>{@code
     * Newton sample = new Newton();
     * new CommandLine(sample).parseArgs("--max-steps", "1000");
     * Newton.Result r = sample.run();
     * r.newton().reached();            // true, in a handful of steps
     * r.gradientDescent().reached();   // false: it needs tens of thousands
     * r.summary();                     // "Newton 6 steps to ..., gradient descent stopped after 1,000 steps at ..."
     * }</pre>
     *
     * @param newton Newton's method
     * @param gradientDescent gradient descent with the fixed step {@code --lr}
     * @param tolerance the distance to the minimum both aimed for
     */
    public record Result(Run newton, Run gradientDescent, double tolerance) {
        /** The result line after the sample's name and before the time. */
        public String summary() {
            String minimum = minimum(newton.end.length);
            if (newton.reached && gradientDescent.reached) {
                return String.format(Locale.ROOT, "Newton %,d steps, gradient descent %,d steps to |x - %s| < %s",
                        newton.steps, gradientDescent.steps, minimum, shown(tolerance));
            }
            return "Newton " + outcome(newton, minimum) + ", gradient descent " + outcome(gradientDescent, minimum);
        }

        private String outcome(Run run, String minimum) {
            if (!Double.isFinite(run.distance())) {
                return String.format(Locale.ROOT, "diverged after %,d steps", run.steps);
            }
            return run.reached ? String.format(Locale.ROOT, "%,d steps to |x - %s| < %s", run.steps, minimum,
                    shown(tolerance)) : String.format(Locale.ROOT, "stopped after %,d steps at |x - %s| = %.3g", run.steps,
                    minimum, run.distance());
        }
    }

    /** A tolerance as one would type it: {@code 1e-6}, {@code 0.001}, {@code 2.5e-8}. */
    static String shown(double tolerance) {
        return Double.toString(tolerance).replace(".0E", "e").replace('E', 'e');
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-o", "--out"}, paramLabel = "<dir>",
            description = "Directory the PNG plot is written to (default: ${DEFAULT-VALUE}).")
    Path outputDirectory = Path.of("out");

    @Option(names = "--start", paramLabel = "<x>", split = ",",
            description = "Starting point, two or more comma-separated coordinates (default: ${DEFAULT-VALUE}).")
    double[] start = {-1.2, 1};

    @Option(names = "--tolerance", paramLabel = "<distance>",
            description = "Distance to the minimum (1, ..., 1) at which a method stops (default: ${DEFAULT-VALUE}).")
    double tolerance = 1e-6;

    @Option(names = "--max-steps", paramLabel = "<n>",
            description = "Most steps each method may take (default: ${DEFAULT-VALUE}).")
    int maxSteps = 100_000;

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "<rate>",
            description = "Gradient descent's fixed step size (default: ${DEFAULT-VALUE}).")
    double learningRate = 1e-3;

    @Option(names = "--dtype", paramLabel = "<float32|float64>", converter = Sample.DTypeConverter.class,
            description = "Number type of the point and the arithmetic (default: ${DEFAULT-VALUE}).")
    DType dtype = DType.FLOAT64;

    /** Where progress goes; tests swap it for a buffer. */
    PrintStream out = System.out;

    /** The sample's name on the command line and in its result line. */
    public String name() {
        return getClass().getAnnotation(Command.class).name();
    }

    /** The {@code --dtype} of this run. */
    public DType dtype() {
        return dtype;
    }

    /** Runs both methods and prints the result line with the time it took; the command line's entry point. */
    @Override
    public Integer call() {
        long start = System.nanoTime();
        Result result = run();
        out.println(Sample.resultLine(name(), dtype, result.summary(), start));
        return 0;
    }

    /** The Rosenbrock function of the vector {@code x}. */
    static Tensor rosenbrock(Tensor x) {
        int n = x.shape()[0];
        Tensor head = x.slice(0, 0, n - 1);
        Tensor tail = x.slice(0, 1, n);
        return head.neg().add(1).pow(2).add(tail.sub(head.pow(2)).pow(2).mul(100)).sum();
    }

    /**
     * Runs Newton's method, then gradient descent, from {@code --start}, printing each one's progress and where it
     * ended, and draws their distances to the minimum per step into {@code newton-distance.png} and their paths
     * into {@code newton-paths.png}.
     *
     * @throws IllegalArgumentException if the start has fewer than two coordinates or the tolerance, step cap or
     *     learning rate is not positive
     * @throws IllegalStateException if Newton's method meets a singular Hessian
     */
    public Result run() {
        if (start.length < 2) {
            throw new IllegalArgumentException("--start needs at least 2 coordinates, got " + start.length);
        }
        if (!(tolerance > 0) || maxSteps <= 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--tolerance, --max-steps and --lr"
                    + " must be positive, got %s, %d and %s", tolerance, maxSteps, learningRate));
        }
        Run newton = minimise("Newton", this::newtonStep, 1);
        Run descent = minimise("gradient descent", x -> {
            double[] g = gradient(x);
            for (int i = 0; i < g.length; i++) {
                g[i] *= -learningRate;
            }
            return g;
        }, PROGRESS_BASE);
        Map<String, double[]> distances = new LinkedHashMap<>();
        distances.put("Newton", newton.distances);
        distances.put(String.format(Locale.ROOT, "gradient descent, step %s", learningRate), descent.distances);
        Plots.distances(outputDirectory.resolve("newton-distance.png"), "newton: Rosenbrock from "
                + point(start, "%s") + ", distance to the minimum", distances);
        Map<String, double[][]> paths = new LinkedHashMap<>();
        paths.put("Newton", newton.path);
        paths.put("gradient descent", descent.path);
        Plots.paths(outputDirectory.resolve("newton-paths.png"), "newton: the paths from " + point(start, "%s")
                + " to the minimum (1, 1), in the first two coordinates", paths);
        return new Result(newton, descent, tolerance);
    }

    /** The update a method makes at {@code x}. */
    @FunctionalInterface
    private interface Step {
        double[] from(double[] x);
    }

    /**
     * Applies {@code step} from the start until within the tolerance, at the step cap, or off to infinity,
     * printing the point at every step that is a power of {@code progressBase} (every step, for base 1).
     */
    private Run minimise(String method, Step step, int progressBase) {
        double[] x = start.clone();
        double[] distances = new double[maxSteps + 1];
        double[][] path = new double[2][maxSteps + 1];
        distances[0] = distance(x);
        path[0][0] = x[0];
        path[1][0] = x[1];
        int steps = 0;
        long next = 1;
        while (steps < maxSteps && distances[steps] >= tolerance && Double.isFinite(distances[steps])) {
            double[] d = step.from(x);
            for (int i = 0; i < x.length; i++) {
                x[i] += d[i];
            }
            distances[++steps] = distance(x);
            path[0][steps] = x[0];
            path[1][steps] = x[1];
            if (steps == next || progressBase == 1) {
                out.printf(Locale.ROOT, "%s step %,d: x = %s, f = %.6g, |x - minimum| = %.3g%n", method, steps,
                        point(x, "%.6g"), value(x), distances[steps]);
                next *= progressBase;
            }
        }
        boolean reached = distances[steps] < tolerance;
        out.printf(Locale.ROOT, "%s: %s after %,d steps at x = %s%n", method, reached ? "converged" : "stopped",
                steps, point(x, "%.9g"));
        return new Run(steps, reached, x, Arrays.copyOf(distances, steps + 1),
                new double[][] {Arrays.copyOf(path[0], steps + 1), Arrays.copyOf(path[1], steps + 1)});
    }

    /** Newton's update at {@code x}: {@code -H⁻¹·g}, the minimum of the quadratic model there. */
    private double[] newtonStep(double[] x) {
        Tensor p = tensor(x);
        double[] h = Derivatives.hessian(in -> rosenbrock(in[0]), p)[0][0].toArray();
        double[] g = Derivatives.grad(in -> rosenbrock(in[0]), p)[0].toArray();
        for (int i = 0; i < g.length; i++) {
            g[i] = -g[i];
        }
        return solve(h, g, x);
    }

    private double[] gradient(double[] x) {
        return Derivatives.grad(in -> rosenbrock(in[0]), tensor(x))[0].toArray();
    }

    private double value(double[] x) {
        return rosenbrock(tensor(x)).item();
    }

    private Tensor tensor(double[] x) {
        return Tensor.of(x, x.length).to(dtype);
    }

    /**
     * Solves {@code a·d = b} for the {@code n x n} row-major {@code a} by Gaussian elimination with partial
     * pivoting, overwriting both.
     */
    private static double[] solve(double[] a, double[] b, double[] at) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                pivot = Math.abs(a[r * n + c]) > Math.abs(a[pivot * n + c]) ? r : pivot;
            }
            if (a[pivot * n + c] == 0) {
                throw new IllegalStateException("the Hessian is singular at x = " + point(at, "%s"));
            }
            swapRows(a, b, n, c, pivot);
            for (int r = c + 1; r < n; r++) {
                double factor = a[r * n + c] / a[c * n + c];
                for (int k = c; k < n; k++) {
                    a[r * n + k] -= factor * a[c * n + k];
                }
                b[r] -= factor * b[c];
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r * n + k] * b[k];
            }
            b[r] = s / a[r * n + r];
        }
        return b;
    }

    private static void swapRows(double[] a, double[] b, int n, int i, int j) {
        for (int k = 0; k < n; k++) {
            double t = a[i * n + k];
            a[i * n + k] = a[j * n + k];
            a[j * n + k] = t;
        }
        double t = b[i];
        b[i] = b[j];
        b[j] = t;
    }

    /** The Euclidean distance from {@code x} to the minimum {@code (1, ..., 1)}. */
    private static double distance(double[] x) {
        double s = 0;
        for (double v : x) {
            s += (v - 1) * (v - 1);
        }
        return Math.sqrt(s);
    }

    /** The minimum of the Rosenbrock function in {@code n} dimensions, written as a point: {@code (1,1)}. */
    static String minimum(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        return point(ones, "%.0f").replace(", ", ",");
    }

    private static String point(double[] x, String format) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < x.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, x[i]));
        }
        return s.append(')').toString();
    }
}

package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NewtonTest {
    @TempDir
    Path out;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** The sample with its options parsed from {@code args}, its plot going to {@link #out}, its progress kept. */
    private Newton configure(String... args) {
        Newton sample = new Newton();
        new CommandLine(sample).parseArgs(args);
        sample.outputDirectory = out;
        sample.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        return sample;
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void newtonReachesTheMinimumInAHandfulOfStepsGradientDescentInTensOfThousands() {
        Newton.Result r = configure().run();
        assertTrue(r.newton().reached());
        assertEquals(6, r.newton().steps());
        assertEquals(1, r.newton().end()[0], 1e-6);
        assertEquals(1, r.newton().end()[1], 1e-6);
        assertTrue(r.gradientDescent().reached());
        assertTrue(r.gradientDescent().distance() < 1e-6, "distance " + r.gradientDescent().distance());
        // at (1,1) the Hessian's small eigenvalue is about 0.4, so a step of 1e-3 shrinks the error by 4e-4 per step:
        // ln(2 / 1e-6) / 4e-4 is about 36,000 steps
        int steps = r.gradientDescent().steps();
        assertTrue(steps > 30_000 && steps < 40_000, steps + " steps");
        assertEquals(steps + 1, r.gradientDescent().distances().length);
        assertEquals(Math.hypot(-2.2, 0), r.gradientDescent().distances()[0], 1e-12);
        double[][] path = r.newton().path();
        assertEquals(7, path[0].length);
        assertEquals(-1.2, path[0][0]);
        assertEquals(1.0, path[1][0]);
        assertEquals(1, path[0][6], 1e-6);
        assertEquals(1, path[1][6], 1e-6);
        SampleRuns.assertPng(out.resolve("newton-distance.png"));
        SampleRuns.assertPng(out.resolve("newton-paths.png"));
    }

    @Test
    void newtonsFirstStepIsTheAnalyticOne() {
        configure().run();
        // g = (-215.6, -88), H = [[1330, 480], [480, 200]]: -H⁻¹g = (880, 13552) / 35600 = (0.024719, 0.380674)
        assertTrue(lines().get(0).startsWith("Newton step 1: x = (-1.17528, 1.38067), f = 4.73188,"), lines().get(0));
        assertTrue(lines().contains("Newton: converged after 6 steps at x = (1.00000000, 1.00000000)"),
                String.join("\n", lines()));
        assertTrue(lines().stream().anyMatch(l -> l.startsWith("gradient descent step 10,000: x = ")));
        assertTrue(lines().stream().anyMatch(l -> l.matches("gradient descent: converged after [\\d,]+ steps at x ="
                + " \\(0\\.99999\\d+, 0\\.99999\\d+\\)")), String.join("\n", lines()));
    }

    @Test
    void aRunEndsWithTheResultLineOfBothStepCounts() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.commandLine().execute("newton", "--out", out.toString()));
        } finally {
            System.setOut(before);
        }
        String[] printedLines = stdout.toString(StandardCharsets.UTF_8).strip().split("\n");
        String last = printedLines[printedLines.length - 1];
        assertTrue(last.matches("newton \\(float64\\): Newton 6 steps, gradient descent 3\\d,\\d{3} steps to"
                + " \\|x - \\(1,1\\)\\| < 1e-6 in \\d+\\.\\d s"), last);
    }

    @Test
    void theStepCapStopsGradientDescentShortOfTheTolerance() {
        Newton.Result r = configure("--max-steps", "1000").run();
        assertFalse(r.gradientDescent().reached());
        assertEquals(1000, r.gradientDescent().steps());
        assertEquals(String.format(java.util.Locale.ROOT, "Newton 6 steps to |x - (1,1)| < 1e-6, gradient descent"
                + " stopped after 1,000 steps at |x - (1,1)| = %.3g", r.gradientDescent().distance()), r.summary());
        assertEquals(1.12, r.gradientDescent().distance(), 0.005);
    }

    @Test
    void tooLargeAStepMakesGradientDescentDivergeAndSaysSo() {
        Newton.Result r = configure("--lr", "0.01").run();
        assertFalse(r.gradientDescent().reached());
        assertFalse(Double.isFinite(r.gradientDescent().distance()));
        assertEquals("Newton 6 steps to |x - (1,1)| < 1e-6, gradient descent diverged after "
                + r.gradientDescent().steps() + " steps", r.summary());
        SampleRuns.assertPng(out.resolve("newton-distance.png"));
    }

    @Test
    void float32ReachesTheMinimumInAsFewNewtonSteps() {
        Newton.Result r = configure("--dtype", "float32").run();
        assertEquals(6, r.newton().steps());
        assertTrue(r.newton().distance() < 1e-6, "distance " + r.newton().distance());
        assertTrue(r.gradientDescent().reached());
    }

    @Test
    void aLooserToleranceStopsSooner() {
        Newton.Result r = configure("--tolerance", "1e-3").run();
        // Newton's distances are 0.0560 after 4 steps and 9.6e-6 after 5
        assertEquals(5, r.newton().steps());
        assertTrue(r.gradientDescent().steps() < 30_000, r.gradientDescent().steps() + " steps");
        assertTrue(r.summary().endsWith("steps to |x - (1,1)| < 0.001"), r.summary());
    }

    @Test
    void oneCoordinateIsNoRosenbrockFunction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configure("--start", "1").run());
        assertEquals("--start needs at least 2 coordinates, got 1", e.getMessage());
    }

    @Test
    void aNonPositiveToleranceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configure("--tolerance", "0").run());
        assertEquals("--tolerance, --max-steps and --lr must be positive, got 0.0, 100000 and 0.001", e.getMessage());
    }

    @Test
    void aSingularHessianStopsNewtonsMethodNamingThePoint() {
        // at x = 0 the Hessian is [[2 - 400y, 0], [0, 200]], singular at y = 0.005
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> configure("--start", "0,0.005").run());
        assertEquals("the Hessian is singular at x = (0.0, 0.005)", e.getMessage());
    }

    @Test
    void theMinimumIsWrittenInTheStartsDimensions() {
        assertEquals("(1,1)", Newton.minimum(2));
        assertEquals("(1,1,1)", Newton.minimum(3));
        assertEquals("1e-6", Newton.shown(1e-6));
        assertEquals("2.5e-8", Newton.shown(2.5e-8));
    }
}

package dev.jgrad.engine;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Chooses the matmul kernel once, when the first product is computed, and says on one line of standard error which
 * one it chose.
 *
 * <p>The Vector API kernel ({@link VectorGemm}, its first products served by {@link WarmingGemm} until it is
 * compiled) is chosen when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and can run it fast (C2 compiles it and the CPU has fused
 * multiply-add); otherwise EJML is. Like Apache Lucene's vectorised code paths, the fast class is only ever loaded
 * reflectively after the module has been found in the boot layer, so the library loads and works on any JVM 17+.
 *
 * <p>The system property {@value #PROPERTY} overrides the choice:
 * <ul>
 *   <li>{@code ejml}: always EJML;</li>
 *   <li>{@code vector}: always the Vector API kernel. If it cannot be used (the module is absent), every product
 *       fails with an {@link IllegalStateException} saying why, rather than quietly running several times slower
 *       than the one asking for it expects;</li>
 *   <li>unset or {@code auto}: the choice described above.</li>
 * </ul>
 * Any other value fails every product the same way, naming the accepted values.
 */
final class Kernels {
    /** The system property that forces a kernel. */
    static final String PROPERTY = "jgrad.matmul";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String FLAG = "--add-modules " + VECTOR_MODULE;

    /** The kernel every product runs on. */
    static final Gemm GEMM;

    static {
        Choice choice = select(System.getProperty(PROPERTY, "auto"),
                ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
        GEMM = choice.gemm;
        System.err.println(choice.line);
    }

    private Kernels() {
    }

    /** A kernel and the start-up line that announces it. */
    static final class Choice {
        final Gemm gemm;
        final String line;

        Choice(Gemm gemm, String why) {
            this.gemm = gemm;
            this.line = "jgrad: matmul " + (gemm instanceof Unavailable ? "unavailable: " : "on ") + gemm.describe()
                    + why;
        }
    }

    /** The kernel for a value of {@value #PROPERTY} and whether the vector module is in the boot layer. */
    static Choice select(String property, boolean vectorModule) {
        switch (property) {
            case "ejml":
                return new Choice(new EjmlGemm(), ", as " + PROPERTY + "=ejml asks");
            case "vector":
                if (!vectorModule) {
                    return new Choice(new Unavailable(PROPERTY + "=vector, but this JVM lacks the " + VECTOR_MODULE
                            + " module: start it with " + FLAG + ", or drop the property"), "");
                }
                return new Choice(loadVector(), "");
            case "auto":
                if (!vectorModule) {
                    return new Choice(new EjmlGemm(), "; the JVM flag " + FLAG
                            + " enables the Vector API kernel, several times faster");
                }
                String obstacle = slowVectorJvm();
                return obstacle == null ? new Choice(loadVector(), "")
                        : new Choice(new EjmlGemm(), ", as " + obstacle + " and the Vector API kernel needs it");
            default:
                return new Choice(new Unavailable(PROPERTY + "=" + property + " is not one of vector, ejml, auto"), "");
        }
    }

    /**
     * Loads the Vector API kernel, as {@link WarmingGemm}, by name, so that this class never links against the
     * incubator module itself.
     */
    private static Gemm loadVector() {
        try {
            return (Gemm) Class.forName("dev.jgrad.engine.WarmingGemm").getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("matmul: the Vector API kernel failed to start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("matmul: the Vector API kernel is missing from the classpath", e);
        }
    }

    /**
     * Why the Vector API would be slower than EJML on this JVM, or {@code null}: without C2 every vector is an
     * object on the heap, and without a hardware FMA every fused multiply-add is emulated. Both are read from the
     * HotSpot flags, as Lucene does; a JVM that does not expose them is given the benefit of the doubt.
     */
    static String slowVectorJvm() {
        if (flag("TieredStopAtLevel").map(level -> Integer.parseInt(level) < 4).orElse(false)) {
            return "the C2 compiler is off (-XX:TieredStopAtLevel below 4)";
        }
        if (flag("UseFMA").map("false"::equals).orElse(false)) {
            return "the CPU has no fused multiply-add";
        }
        return null;
    }

    private static Optional<String> flag(String name) {
        try {
            return Optional.of(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, no such flag, or no jdk.management module: nothing is known, so nothing is held against it.
            return Optional.empty();
        }
    }

    /** Stands in for a kernel that was asked for but cannot run, so that the reason reaches whoever multiplies. */
    private static final class Unavailable implements Gemm {
        private final String reason;

        Unavailable(String reason) {
            this.reason = reason;
        }

        @Override
        public void multiply(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
            throw new IllegalStateException("matmul: " + reason);
        }


        @Override
        public void multiply(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
            throw new IllegalStateException("matmul: " + reason);
        }

        @Override
        public String describe() {
            return reason;
        }
    }
}

package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.gradcheck.OpCatalog;
import dev.jgrad.gradcheck.OpEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public method of nn that returns a tensor has its gradient checked by an entry of {@link NnCatalog}, or is
 * listed in {@link NnCatalog#NOT_DIFFERENTIABLE} with the reason; every concrete module's forward has an entry; and
 * every entry has its property. Adding an activation, a loss or a module without a check fails the build here.
 */
class NnCatalogCoverageTest {

    @Test
    void everyPublicNnMethodReturningATensorIsInTheCatalogOrExplained() {
        List<String> missing = NnCatalog.CATALOG.uncovered(publicClasses(), NnCatalog.NOT_DIFFERENTIABLE);

        assertEquals(List.of(), missing, "public nn methods with neither an entry in NnCatalog nor a reason in"
                + " NnCatalog.NOT_DIFFERENTIABLE");
    }

    @Test
    void everyConcreteModuleHasAnEntryForItsForward() {
        List<String> missing = new ArrayList<>();
        for (Class<?> c : publicClasses()) {
            String forward = c.getSimpleName() + ".forward(Tensor)";
            if (Module.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())
                    && !NnCatalog.CATALOG.covered().contains(forward)) {
                missing.add(forward);
            }
        }

        assertEquals(List.of(), missing, "public modules whose forward no entry of NnCatalog checks (an inherited"
                + " forward needs its own entry too: the subclass may change what it computes)");
    }

    @Test
    void everyCoveredOrExplainedSignatureStillExists() {
        List<String> stale = NnCatalog.CATALOG.stale(publicClasses(), NnCatalog.NOT_DIFFERENTIABLE);

        assertEquals(List.of(), stale, "signatures that name no public nn method (renamed or removed?)");
    }

    @Test
    void noMethodIsBothCheckedAndCalledNonDifferentiable() {
        Set<String> both = new LinkedHashSet<>(NnCatalog.CATALOG.covered());
        both.retainAll(NnCatalog.NOT_DIFFERENTIABLE.keySet());

        assertEquals(Set.of(), both);
    }

    @Test
    void everyExplanationGivesAReason() {
        for (Map.Entry<String, String> e : NnCatalog.NOT_DIFFERENTIABLE.entrySet()) {
            assertTrue(e.getValue().length() > 20, () -> e.getKey() + " needs a reason, has '" + e.getValue() + "'");
        }
    }

    @Test
    void everyNnEntryIsNamedByTheMethodItChecks() {
        for (OpEntry e : NnCatalog.CATALOG.entries()) {
            String signature = e.covers().iterator().next();
            assertEquals(1, e.covers().size(), e::toString);
            assertTrue(e.name().equals(signature) || e.name().equals(signature + " [training]")
                    || e.name().equals(signature + " [eval]"), e::toString);
        }
    }

    @Test
    void theNnEntriesAreDiscoveredAfterTheEngines() {
        List<OpEntry> all = OpCatalog.discover().entries();
        int engine = OpCatalog.engine().entries().size();

        assertEquals(NnCatalog.CATALOG.entries(), all.subList(engine, engine + NnCatalog.CATALOG.entries().size()));
    }

    @Test
    void theScanFindsTheClassesOfThePackage() {
        List<Class<?>> classes = publicClasses();

        assertTrue(classes.containsAll(List.of(Activations.class, Losses.class, Dense.class, Module.class,
                Dataset.Split.class)), classes::toString);
        assertTrue(classes.stream().allMatch(c -> Modifier.isPublic(c.getModifiers())), classes::toString);
    }

    /**
     * The public classes of {@code dev.jgrad.nn} (nested ones too), read from the directory or jar that holds
     * {@link Module}: a class added to the package is scanned without being listed anywhere.
     */
    static List<Class<?>> publicClasses() {
        Path root;
        try {
            root = Path.of(Module.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String pkg = Module.class.getPackageName();
        try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root)) {
            Path dir = (jar == null ? root : jar.getPath("/")).resolve(pkg.replace('.', '/'));
            List<Class<?>> classes = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String file = f.getFileName().toString();
                    if (file.endsWith(".class") && !file.equals("package-info.class")
                            && !file.equals("module-info.class")) {
                        Class<?> c = Class.forName(pkg + "." + file.substring(0, file.length() - ".class".length()));
                        if (Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && !c.isLocalClass()) {
                            classes.add(c);
                        }
                    }
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import com.sun.source.util.DocTrees;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import jdk.javadoc.doclet.Doclet;
import jdk.javadoc.doclet.DocletEnvironment;
import jdk.javadoc.doclet.Reporter;

/**
 * Checks what the release build's Javadoc, run with doclint's "missing" group off, does not: that every public or
 * protected type, constructor, method and field has a comment, and that every such type's comment has an example,
 * a {@code <pre>{@code ...}</pre>} block. Members that override a documented method (marked {@code @Override})
 * inherit its comment, and members the compiler declares (a default constructor, a record's accessors, an enum's
 * {@code values()}) have no source to document: a record's components are described by its own comment.
 *
 * <p>Run as {@code java .ci/JavadocExamples.java engine/src/main/java nn/src/main/java ...}: it reads the sources
 * through the javadoc tool, without their dependencies (a type it cannot resolve does not matter here), and exits 1
 * naming each element that lacks a comment or an example.
 */
public class JavadocExamples implements Doclet {
    private static final List<String> PROBLEMS = new ArrayList<>();
    private static final String EXAMPLE = "<pre>{@code";

    public static void main(String[] args) throws IOException {
        List<File> files = new ArrayList<>();
        for (String root : args) {
            try (Stream<Path> paths = Files.walk(Path.of(root))) {
                paths.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toFile()));
            }
        }
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        try (StandardJavaFileManager fm = tool.getStandardFileManager(null, Locale.ROOT, null)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromFiles(files);
            // Only the declarations and their comments are read, so unresolved imports are no reason to stop.
            List<String> options = List.of("--ignore-source-errors", "-quiet", "-Xmaxerrs", "0");
            PrintWriter quiet = new PrintWriter(Writer.nullWriter());
            if (!tool.getTask(quiet, fm, d -> { }, JavadocExamples.class, options, units).call()) {
                System.out.println("javadoc could not read the sources of " + String.join(", ", args));
                System.exit(1);
            }
        }
        PROBLEMS.forEach(System.out::println);
        System.out.println(files.size() + " source files, " + PROBLEMS.size() + " missing comments or examples");
        System.exit(PROBLEMS.isEmpty() ? 0 : 1);
    }

    @Override
    public boolean run(DocletEnvironment env) {
        Elements elements = env.getElementUtils();
        DocTrees trees = env.getDocTrees();
        for (TypeElement type : ElementFilter.typesIn(env.getIncludedElements())) {
            check(elements, trees, type);
            for (Element member : type.getEnclosedElements()) {
                if (!(member instanceof TypeElement) && env.isIncluded(member)) {
                    check(elements, trees, member);
                }
            }
        }
        return true;
    }

    private static void check(Elements elements, DocTrees trees, Element e) {
        // No tree: a member the compiler generates, such as a record's accessors or an enum's values().
        if (elements.getOrigin(e) != Elements.Origin.EXPLICIT || trees.getPath(e) == null || overrides(e)) {
            return;
        }
        String comment = elements.getDocComment(e);
        if (comment == null || comment.isBlank()) {
            PROBLEMS.add("no comment: " + name(e));
        } else if (e instanceof TypeElement && !comment.contains(EXAMPLE)) {
            PROBLEMS.add("no " + EXAMPLE + " example: " + name(e));
        }
    }

    private static boolean overrides(Element e) {
        return e.getKind() == ElementKind.METHOD && e.getAnnotationMirrors().stream()
                .anyMatch(a -> a.getAnnotationType().toString().equals("java.lang.Override"));
    }

    private static String name(Element e) {
        return e instanceof TypeElement t ? t.getQualifiedName().toString()
                : ((TypeElement) e.getEnclosingElement()).getQualifiedName() + "." + e;
    }

    @Override
    public void init(Locale locale, Reporter reporter) {
    }

    @Override
    public String getName() {
        return "JavadocExamples";
    }

    @Override
    public Set<? extends Option> getSupportedOptions() {
        return Set.of();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latest();
    }
}

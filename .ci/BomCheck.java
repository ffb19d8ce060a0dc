import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks that bom/pom.xml, which has no parent and so states its version itself, follows the reactor: its version
 * is the root pom's, it manages every artifact the reactor's modules build (the bench's profile module aside, which
 * is not published) and nothing else, each at {@code ${project.version}}, and the examples project imports it at
 * that version.
 *
 * <p>Run as {@code java .ci/BomCheck.java} from the repository's root; exits 1 naming each difference.
 */
public class BomCheck {
    public static void main(String[] args) throws Exception {
        Element root = read(Path.of("pom.xml"));
        String version = text(root, "version");
        List<String> problems = new ArrayList<>();

        Set<String> built = new TreeSet<>();
        Element modules = child(root, "modules");
        for (Element module : children(modules, "module")) {
            Element pom = read(Path.of(module.getTextContent().trim(), "pom.xml"));
            if (!"pom".equals(text(pom, "packaging"))) {
                built.add(text(pom, "artifactId"));
            }
        }

        Element bom = read(Path.of("bom", "pom.xml"));
        if (!version.equals(text(bom, "version"))) {
            problems.add("bom/pom.xml: version " + text(bom, "version") + ", the reactor's is " + version);
        }
        Set<String> managed = new TreeSet<>();
        for (Element dep : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            managed.add(text(dep, "artifactId"));
            if (!"${project.version}".equals(text(dep, "version"))) {
                problems.add("bom/pom.xml: " + text(dep, "artifactId") + " at " + text(dep, "version")
                        + " rather than ${project.version}");
            }
        }
        if (!managed.equals(built)) {
            problems.add("bom/pom.xml manages " + managed + ", the reactor builds " + built);
        }

        String imported = text(child(read(Path.of("examples", "pom.xml")), "properties"), "jgrad.version");
        if (!version.equals(imported)) {
            problems.add("examples/pom.xml: jgrad.version " + imported + ", the reactor's is " + version);
        }

        problems.forEach(System.out::println);
        System.out.println("bom: " + managed.size() + " artifacts, " + problems.size()
                + " differences from the reactor at " + version);
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static Element read(Path pom) throws Exception {
        try (var in = Files.newInputStream(pom)) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
        }
    }

    /** The direct children of {@code parent} named {@code name}. */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        if (found.isEmpty()) {
            throw new IllegalStateException(parent.getTagName() + " has no <" + name + ">");
        }
        return found.get(0);
    }

    /** The text of the direct child {@code name}, or {@code null} when there is none. */
    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }
}

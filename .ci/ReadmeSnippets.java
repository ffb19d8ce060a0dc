import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks that every Java snippet of the README is taken from a file of the examples project, which CI compiles and
 * runs: each snippet's lines (white space folded) must appear, in order, in one file under the examples folder.
 *
 * <p>Run as {@code java .ci/ReadmeSnippets.java README.md examples}; exits 1 naming each snippet found nowhere.
 */
public class ReadmeSnippets {
    public static void main(String[] args) throws IOException {
        List<List<String>> snippets = snippets(Files.readAllLines(Path.of(args[0])));
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(args[1]))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                sources.add(Files.readAllLines(f).stream().map(ReadmeSnippets::fold).filter(l -> !l.isEmpty()).toList());
            }
        }
        int missing = 0;
        for (List<String> snippet : snippets) {
            if (sources.stream().noneMatch(source -> inOrder(snippet, source))) {
                missing++;
                System.out.println("README snippet not found in " + args[1] + ": starts with '" + snippet.get(0) + "'");
            }
        }
        System.out.println(snippets.size() + " README Java snippets, " + (snippets.size() - missing)
                + " found in " + args[1]);
        System.exit(missing == 0 ? 0 : 1);
    }

    private static List<List<String>> snippets(List<String> readme) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = null;
        for (String line : readme) {
            String t = line.trim();
            if (current == null && t.equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && t.equals("```")) {
                if (!current.isEmpty()) {
                    out.add(current);
                }
                current = null;
            } else if (current != null && !fold(line).isEmpty()) {
                current.add(fold(line));
            }
        }
        return out;
    }

    private static boolean inOrder(List<String> snippet, List<String> source) {
        int i = 0;
        for (String line : source) {
            if (i < snippet.size() && line.equals(snippet.get(i))) {
                i++;
            }
        }
        return i == snippet.size();
    }

    private static String fold(String line) {
        return line.trim().replaceAll("\\s+", " ");
    }
}

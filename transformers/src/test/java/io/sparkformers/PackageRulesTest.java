package io.sparkformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the data — source → codec → preprocess → batch → runtime → head → ml, with model and task — and
 * this pins which may import which (read from the sources, both Spark lines' folders included): a new import across
 * packages is a decision to make here, not an accident. The pure packages do not touch Spark at all.
 */
class PackageRulesTest {
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "compat", Set.of(),
            "model", Set.of(),
            "runtime", Set.of("model"),
            "codec", Set.of("runtime"),
            "source", Set.of("codec", "model", "runtime"),
            "preprocess", Set.of("codec", "model", "runtime"),
            "head", Set.of("codec", "model", "preprocess"),
            "batch", Set.of("codec", "model", "preprocess", "runtime", "source"),
            "ml", Set.of("batch", "codec", "compat", "head", "model", "preprocess", "runtime", "source"),
            "task", Set.of("ml"));
    private static final Set<String> WITHOUT_SPARK = Set.of("codec", "preprocess", "head", "model", "compat");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?io\\.sparkformers\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Pattern SPARK =
            Pattern.compile("^import (?:static )?org\\.apache\\.spark\\.", Pattern.MULTILINE);

    /** Every main source file of this module, by package. */
    private static Map<String, List<Path>> sources() throws IOException {
        Map<String, List<Path>> out = new TreeMap<>();
        try (Stream<Path> roots = Files.list(Path.of("src/main"))) {
            for (Path root : roots.toList()) {
                Path base = root.resolve("io/sparkformers");
                if (!Files.isDirectory(base)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(base)) {
                    for (Path f :
                            files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        String pkg = base.relativize(f).getName(0).toString();
                        out.computeIfAbsent(pkg, k -> new java.util.ArrayList<>())
                                .add(f);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyPackageImportsOnlyThePackagesBeforeIt() throws IOException {
        Map<String, List<Path>> sources = sources();
        assertEquals(ALLOWED.keySet(), sources.keySet(), "every package has its rule, and every rule a package");
        Map<String, Set<String>> wrong = new TreeMap<>();
        for (Map.Entry<String, List<Path>> e : sources.entrySet()) {
            for (Path f : e.getValue()) {
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                    String to = m.group(1);
                    if (!to.equals(e.getKey()) && !ALLOWED.get(e.getKey()).contains(to)) {
                        wrong.computeIfAbsent(f.toString(), k -> new TreeSet<>())
                                .add(to);
                    }
                }
            }
        }
        assertEquals(Map.of(), wrong, "imports the package rules do not allow");
    }

    @Test
    void thePurePackagesDoNotTouchSpark() throws IOException {
        for (Map.Entry<String, List<Path>> e : sources().entrySet()) {
            if (WITHOUT_SPARK.contains(e.getKey())) {
                for (Path f : e.getValue()) {
                    assertTrue(!SPARK.matcher(read(f)).find(), f + " imports Spark");
                }
            }
        }
    }

    @Test
    void everyPackageSaysWhereItStandsInTheFlow() throws IOException {
        for (Map.Entry<String, List<Path>> e : sources().entrySet()) {
            Path info = Path.of("src/main/java/io/sparkformers", e.getKey(), "package-info.java");
            assertTrue(Files.isRegularFile(info), "no " + info);
            assertTrue(read(info).startsWith("/**"), info + " has no doc");
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

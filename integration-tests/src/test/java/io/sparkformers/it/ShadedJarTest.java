package io.sparkformers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The -all jar is safe on any cluster: no un-relocated package of it is also a package of Spark's distribution
 * (Spark, Hadoop, Scala and their dependencies), so which copy wins can never depend on class-path order.
 */
class ShadedJarTest {
    static Set<String> packages(Path jar) throws Exception {
        Set<String> out = new HashSet<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/") && n.contains("/")) {
                    out.add(n.substring(0, n.lastIndexOf('/')));
                }
            }
        }
        return out;
    }

    @Test
    void noPackageOfTheJarIsAlsoSparks() throws Exception {
        List<Path> spark = SparkClasspath.spark();
        Set<String> sparkPackages = new HashSet<>();
        for (Path p : spark) {
            if (p.toString().endsWith(".jar")) {
                sparkPackages.addAll(packages(p));
            }
        }
        assertTrue(
                sparkPackages.contains("org/apache/spark/sql")
                        && sparkPackages.contains("com/fasterxml/jackson/core")
                        && sparkPackages.contains("org/slf4j"),
                "Spark's class path was found: " + spark.size() + " entries");
        Set<String> jar = packages(SparkClasspath.shadedJar());
        Set<String> clashes = new TreeSet<>();
        for (String p : jar) {
            if (!p.startsWith("io/sparkformers/") && sparkPackages.contains(p)) {
                clashes.add(p);
            }
        }
        assertEquals(Set.of(), clashes, "packages of the -all jar that Spark's distribution also has: relocate them");
        assertTrue(jar.contains("io/sparkformers/shaded/jackson/databind"), "Jackson is relocated, not dropped");
        assertTrue(
                jar.contains("ai/onnxruntime") && jar.contains("ai/djl/huggingface/tokenizers/jni"),
                "the JNI libraries stay where their native symbols expect them");
    }
}

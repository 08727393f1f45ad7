package io.sparkformers.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded {@code sparkformers-jobs-…-all.jar}, and what a cluster brings of its own: this JVM's class path less
 * sparkformers and less what only the jar bundles — Spark, Hadoop, Scala and everything they depend on, as a Spark
 * distribution's {@code jars/} holds them.
 */
final class SparkClasspath {
    private SparkClasspath() {}

    static Path shadedJar() {
        Path jar = Path.of(System.getProperty("sparkformers.jobsJar", "")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no shaded jar at " + jar + " (mvn package -pl jobs builds it)");
        }
        return jar;
    }

    /** The class files of a jar. */
    static Set<String> classes(Path path) {
        Set<String> out = new HashSet<>();
        try (JarFile jar = new JarFile(path.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether the shaded jar holds a class of {@code jar} under its own name (bundled, not relocated). */
    static boolean bundles(Set<String> shaded, Path jar) {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                if (shaded.contains(e.nextElement().getName())) {
                    return true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    /** "groupId:artifactId" of a jar in the local Maven repository, from its path; null for anything else. */
    static String artifact(Path jar) {
        String s = jar.toString().replace(File.separatorChar, '/');
        int repo = s.indexOf("/repository/");
        if (repo < 0 || !s.endsWith(".jar")) {
            return null;
        }
        String[] parts = s.substring(repo + "/repository/".length()).split("/");
        if (parts.length < 4) {
            return null;
        }
        return String.join(".", Arrays.copyOfRange(parts, 0, parts.length - 3)) + ":" + parts[parts.length - 3];
    }

    /** The direct dependencies Spark's own jars declare (their embedded POMs). */
    static Set<String> declaredBySpark(List<Path> jars) {
        Pattern dep = Pattern.compile("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>");
        Set<String> out = new HashSet<>();
        for (Path p : jars) {
            String a = artifact(p);
            if (a == null || !a.startsWith("org.apache.spark:")) {
                continue;
            }
            try (JarFile jar = new JarFile(p.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().startsWith("META-INF/maven/")
                            && entry.getName().endsWith("/pom.xml")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            Matcher m = dep.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                            while (m.find()) {
                                out.add(m.group(1).trim() + ":"
                                        + m.group(2)
                                                .trim()
                                                .replace(
                                                        "${scala.binary.version}",
                                                        System.getProperty("sparkformers.scalaBinary", "2.13")));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** This JVM's class path entries. */
    static List<Path> entries() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(Path.of(e));
            }
        }
        return out;
    }

    /**
     * The class path entries a cluster provides: not sparkformers, and not a library only the shaded jar brings (one
     * it holds classes of, unless Spark's own POMs declare it: then it is Spark's, and the jar must not hold it).
     */
    static List<Path> spark() {
        List<Path> all = entries();
        Set<String> shaded = classes(shadedJar());
        Set<String> declared = declaredBySpark(all);
        List<Path> out = new ArrayList<>();
        for (Path p : all) {
            String a = artifact(p);
            boolean ours = a == null
                    ? p.toString().contains("sparkformers") || Files.isDirectory(p)
                    : a.startsWith("io.sparkformers:");
            if (!ours && (!bundles(shaded, p) || declared.contains(a))) {
                out.add(p);
            }
        }
        return out;
    }

    static String join(List<Path> paths) {
        return String.join(
                File.pathSeparator, paths.stream().map(Path::toString).toList());
    }
}

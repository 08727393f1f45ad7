package io.sparkformers.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Spark line a jar was built for, and the check that the Spark and Scala running now are that line. Each build
 * ({@code mvn}, {@code mvn -Pspark-3.5}) compiles the same sources for one line; a jar on another Spark fails deep
 * inside Spark with a {@code NoClassDefFoundError} or a {@code ClassCastException} on Scala collections. So every
 * entry point — a stage's constructor, the SQL extension, {@code HfFunctions.register}, the command — calls
 * {@link #require()} first, and an unsupported pairing is refused in one line naming what runs, what this jar is
 * for, and the jar to use instead.
 *
 * <p>This class uses only what every Spark and Scala has (reflection on Spark's version, {@code
 * scala.util.Properties}), so it runs, and refuses, on any of them.
 */
public final class SparkLine {
    /** The lines sparkformers is built for: Spark major.minor (or major alone) and the Scala each runs on. */
    private static final String[][] LINES = {{"3.5", "2.12", "spark3.5_2.12"}, {"4", "2.13", "spark4_2.13"}};

    /** This jar's line, from the properties the build wrote. */
    public static final SparkLine BUILT = load();

    private static volatile String checked;

    private final String supported;
    private final String scalaBinary;
    private final String version;

    SparkLine(String supported, String scala, String version) {
        this.supported = supported;
        this.scalaBinary = scala;
        this.version = version;
    }

    private static SparkLine load() {
        Properties p = new Properties();
        try (InputStream in = SparkLine.class.getResourceAsStream("spark-line.properties")) {
            if (in == null) {
                throw new IllegalStateException("sparkformers: spark-line.properties is missing from the jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SparkLine(p.getProperty("supported"), p.getProperty("scala"), p.getProperty("version"));
    }

    /** The artifact suffix of this line, e.g. {@code spark4_2.13}. */
    public String name() {
        return artifact(supported);
    }

    /** What this line runs on, in words: "Spark 3.5 on Scala 2.12", "Spark 4.x on Scala 2.13". */
    public String describe() {
        return "Spark " + (supported.contains(".") ? supported : supported + ".x") + " on Scala " + scalaBinary;
    }

    /**
     * Why this line cannot run on Spark {@code spark} with Scala {@code scalaVersion}, in one line; null when it
     * can. Versions are as Spark and Scala print them ({@code 3.5.9}, {@code 4.1.0-preview2}, {@code 2.12.18}).
     */
    public String refusal(String spark, String scalaVersion) {
        String running = "Spark " + spark + " (Scala " + scalaVersion + ")";
        String line = lineOf(spark);
        String scalaBinary = binary(scalaVersion);
        String supportedScala = line == null ? null : scalaOf(line);
        if (line == null || !supportedScala.equals(scalaBinary)) {
            return "sparkformers " + version + " does not support " + running + ": it runs on " + everyLine();
        }
        if (!line.equals(supported)) {
            return "this sparkformers jar (" + name() + ") is for " + describe() + ", but " + running
                    + " runs here: use the " + artifact(line) + " jar (sparkformers-jobs-" + version + "-"
                    + artifact(line) + ".jar, or the wheel, which picks it)";
        }
        return null;
    }

    /**
     * Refuses, once per JVM, a Spark or Scala this jar was not built for: an {@link UnsupportedSparkException} whose
     * message is {@link #refusal}'s line.
     */
    public static void require() {
        if (checked != null) {
            return;
        }
        BUILT.require(runningSpark(), runningScala());
        checked = "ok";
    }

    /** Refuses Spark {@code spark} with Scala {@code scalaVersion} when this line cannot run there. */
    void require(String spark, String scalaVersion) {
        String why = refusal(spark, scalaVersion);
        if (why != null) {
            throw new UnsupportedSparkException(why);
        }
    }

    /** The running Spark's version (Spark's {@code org.apache.spark.SPARK_VERSION}). */
    public static String runningSpark() {
        try {
            // The package object: a Java keyword as a name, so reached by reflection; the same on every Spark.
            Class<?> pkg = Class.forName("org.apache.spark.package$");
            Object module = pkg.getField("MODULE$").get(null);
            return (String) pkg.getMethod("SPARK_VERSION").invoke(module);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedSparkException(
                    "sparkformers: no Spark on the class path (" + e + "): it runs on " + everyLine());
        }
    }

    /** The running Scala's version, e.g. {@code 2.13.16}. */
    public static String runningScala() {
        return scala.util.Properties$.MODULE$.versionNumberString();
    }

    /** The supported line of a Spark version ({@code "3.5"}, {@code "4"}), or null. */
    static String lineOf(String spark) {
        String[] parts = spark.split("[.-]");
        if (parts.length < 2) {
            return null;
        }
        String majorMinor = parts[0] + "." + parts[1];
        for (String[] l : LINES) {
            if (l[0].equals(majorMinor) || l[0].equals(parts[0])) {
                return l[0];
            }
        }
        return null;
    }

    /** The Scala binary version of a full one: {@code 2.12.18} → {@code 2.12}. */
    static String binary(String scalaVersion) {
        String[] parts = scalaVersion.split("\\.");
        return parts.length < 2 ? scalaVersion : parts[0] + "." + parts[1];
    }

    private static String scalaOf(String line) {
        for (String[] l : LINES) {
            if (l[0].equals(line)) {
                return l[1];
            }
        }
        throw new IllegalArgumentException("no Spark line " + line);
    }

    private static String artifact(String line) {
        for (String[] l : LINES) {
            if (l[0].equals(line)) {
                return l[2];
            }
        }
        throw new IllegalArgumentException("no Spark line " + line);
    }

    private static String everyLine() {
        StringBuilder sb = new StringBuilder();
        for (String[] l : LINES) {
            sb.append(sb.length() == 0 ? "" : " and ")
                    .append("Spark ")
                    .append(l[0].contains(".") ? l[0] : l[0] + ".0 to the newest " + l[0] + ".x")
                    .append(" on Scala ")
                    .append(l[1])
                    .append(" (")
                    .append(l[2])
                    .append(")");
        }
        return sb.toString();
    }
}

package io.sparkformers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Python package's pytest suite, against real PySpark releases and the Spark each bundles: run by the build, so
 * the README's test command runs the Python tests too. The releases are {@code sparkformers.pysparkVersions} (the
 * parent POM's {@code pyspark.versions}: those of the build's Spark line the same jar must run on). Each gets its own
 * virtual environment ({@code python/.venv-pyspark-X}), pinned by {@code python/requirements-test.txt} plus that
 * PySpark, made on first use and remade when the pins change.
 */
class PythonPackageTest {
    private static final Path PYTHON =
            Path.of(System.getProperty("sparkformers.python", "../python")).normalize();

    static List<String> versions() {
        return Arrays.stream(
                        System.getProperty("sparkformers.pysparkVersions", "").split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    private static String run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PYTHON.toFile()).redirectErrorStream(true);
        // PySpark runs the Spark of its own package: this module's fake SPARK_HOME (for the spark-submit test) is not
        // it.
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("SPARK_SCALA_VERSION");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    /** The venv's python for {@code pyspark}, made (or remade) from the pinned requirements. */
    private static Path venv(String pyspark) throws Exception {
        Path venv = PYTHON.resolve(".venv-pyspark-" + pyspark);
        Path python = venv.resolve("bin/python");
        String pins = Files.readString(PYTHON.resolve("requirements-test.txt")) + "pyspark==" + pyspark + "\n";
        Path stamp = venv.resolve("requirements-test.txt");
        if (Files.isExecutable(python)
                && Files.exists(stamp)
                && Files.readString(stamp).equals(pins)) {
            return python;
        }
        boolean hasPython = new ProcessBuilder("python3", "-c", "import venv, ensurepip")
                        .redirectErrorStream(true)
                        .start()
                        .waitFor()
                == 0;
        if (!hasPython) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            if (ci) {
                throw new IllegalStateException("CI=true but python3 with venv/ensurepip is missing");
            }
            assumeTrue(false, "python3 with venv/ensurepip is missing: the Python tests are skipped");
        }
        run(List.of("python3", "-m", "venv", "--clear", venv.toString()), Map.of());
        Path requirements = Files.createTempFile("requirements-", ".txt");
        Files.writeString(requirements, pins);
        run(List.of(python.toString(), "-m", "pip", "install", "-q", "-r", requirements.toString()), Map.of());
        Files.delete(requirements);
        Files.writeString(stamp, pins);
        return python;
    }

    @ParameterizedTest(name = "PySpark {0}")
    @MethodSource("versions")
    void pytestSuitePasses(String pyspark) throws Exception {
        Path jar = Path.of(System.getProperty("sparkformers.jobsJar"));
        assumeTrue(Files.isRegularFile(jar), "no shaded jar at " + jar);
        Path python = venv(pyspark);
        String out = run(
                List.of(python.toString(), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"),
                Map.of(
                        "SPARKFORMERS_JAR", jar.toAbsolutePath().toString(),
                        "SPARKFORMERS_FIXTURES",
                                Path.of(System.getProperty("sparkformers.fixtures"))
                                        .toAbsolutePath()
                                        .toString(),
                        "PYTHONPATH", PYTHON.toAbsolutePath().toString(),
                        "SPARK_LOCAL_IP", "127.0.0.1"));
        System.out.println("PySpark " + pyspark + ": "
                + out.lines()
                        .filter(l -> l.contains("passed") || l.contains("skipped"))
                        .toList());
    }
}

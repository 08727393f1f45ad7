package io.sparkformers.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** External programs some tests drive (installed by .ci/run): found, or the test skips — except under CI=true. */
public final class Tools {
    private Tools() {}

    /** The first executable of {@code candidates}; {@code name} is the Debian package that provides it. */
    public static String executable(String name, String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return unavailable(name, "is not installed");
    }

    /** Fails under CI=true (where .ci/run installs {@code name}), else skips the test; returns nothing. */
    public static String unavailable(String name, String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + name + " " + why + " (.ci/run installs it)");
        }
        Assumptions.assumeTrue(false, name + " " + why + " (apt-get install " + name + ")");
        return null;
    }
}

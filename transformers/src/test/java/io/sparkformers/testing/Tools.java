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
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true but " + name + " is not installed (.ci/run installs it)");
    }
    Assumptions.assumeTrue(false, name + " is not installed (apt-get install " + name + ")");
    return null;
  }
}

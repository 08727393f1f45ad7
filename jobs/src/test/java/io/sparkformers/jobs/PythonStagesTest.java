package io.sparkformers.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.task.PythonStages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Python package's stage classes are generated from the Java stages: the checked-in module is the generator's. */
class PythonStagesTest {
    /** {@code -Dsparkformers.updatePython=true} writes the module instead of checking it. */
    @Test
    void pythonStagesAreTheJavaStages() throws Exception {
        Path module = Main.home().resolve("python/sparkformers/ml.py");
        String want = PythonStages.module();
        if (Boolean.getBoolean("sparkformers.updatePython")) {
            Files.writeString(module, want);
        }
        assertEquals(want, Files.readString(module), "regenerate python/sparkformers/ml.py from the Java stages");
    }
}

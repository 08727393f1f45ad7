package io.sparkformers.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.ml.ModelStage;
import java.lang.reflect.Modifier;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;

/**
 * A Spark Connect server creates a client's stage by looking its class up among the {@code Transformer}s that {@link
 * ServiceLoader} finds, then calls its {@code (String uid)} constructor, or its static {@code load(String)} to read
 * one back. Every stage of the registry must be found and have both, or the Python classes fail over Connect.
 */
class ConnectRegistrationTest {

    @Test
    void everyStageOfTheRegistryIsATransformerServiceAndNothingElse() {
        Set<String> registered = ServiceLoader.load(Transformer.class).stream()
                .map(p -> p.type().getName())
                .filter(n -> n.startsWith("io.sparkformers."))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> stages = PythonStages.stages().stream()
                .map(s -> s.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(stages, registered);
    }

    @Test
    void everyStageHasWhatTheConnectServerCalls() throws Exception {
        for (ModelStage<?> stage : PythonStages.stages()) {
            Class<?> type = stage.getClass();
            Object created = type.getConstructor(String.class).newInstance("connect-uid");
            assertEquals("connect-uid", ((ModelStage<?>) created).uid(), type.getName());
            int load = type.getMethod("load", String.class).getModifiers();
            assertTrue(Modifier.isStatic(load) && Modifier.isPublic(load), type.getName() + ".load(String)");
            assertEquals(type, type.getMethod("load", String.class).getReturnType(), type.getName());
        }
    }
}

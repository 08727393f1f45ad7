package io.sparkformers.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.StageParams;
import io.sparkformers.sql.HfFunctions;
import io.sparkformers.task.Task;
import io.sparkformers.task.Tasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;

/** The command, the SQL functions and the README all read the one task registry. */
class TaskRegistryTest {

    private static String withBlock(String readme, String marker, String content) {
        String begin = "<!-- " + marker + ": generated from io.sparkformers.task.Tasks -->\n";
        int a = readme.indexOf(begin) + begin.length();
        return readme.substring(0, a) + content + readme.substring(readme.indexOf("<!-- /" + marker + " -->"));
    }

    private static String block(String readme, String marker) {
        String begin = "<!-- " + marker + ": generated from io.sparkformers.task.Tasks -->\n";
        String end = "<!-- /" + marker + " -->";
        int a = readme.indexOf(begin);
        int b = readme.indexOf(end);
        assertTrue(a >= 0 && b > a, "README has no '" + marker + "' block");
        return readme.substring(a + begin.length(), b);
    }

    /** {@code -Dsparkformers.updateReadme=true} writes the tables into the README instead of checking them. */
    @Test
    void readmeTablesAreTheRegistrys() throws Exception {
        Path path = Main.home().resolve("README.md");
        String readme = Files.readString(path);
        if (Boolean.getBoolean("sparkformers.updateReadme")) {
            readme = withBlock(
                    withBlock(readme, "tasks", Tasks.markdownTable()), "task-options", Tasks.markdownOptions());
            Files.writeString(path, readme);
        }
        assertEquals(Tasks.markdownTable(), block(readme, "tasks"), "regenerate README's task table from Tasks");
        assertEquals(Tasks.markdownOptions(), block(readme, "task-options"), "regenerate README's options table");
    }

    @Test
    void helpAndSqlListEveryTask() {
        for (Task t : Tasks.ALL) {
            assertTrue(JobOptions.USAGE.contains("  " + t.name() + " "), t.name());
            assertTrue(JobOptions.USAGE.contains(t.summary()), t.name());
            assertEquals(t.name(), JobOptions.parse(new String[] {t.name()}).task);
        }
        assertEquals(Tasks.ALL.stream().map(Task::scalarFunction).toList(), HfFunctions.scalarNames());
        assertEquals(Tasks.ALL.stream().map(Task::tableFunction).toList(), HfFunctions.tableNames());
        assertEquals(Tasks.ALL.size(), new HashSet<>(HfFunctions.scalarNames()).size(), "scalar names are distinct");
        assertEquals(Tasks.ALL.size(), new HashSet<>(HfFunctions.tableNames()).size(), "table names are distinct");
    }

    @Test
    void unknownTasksAreRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> JobOptions.parse(new String[] {"image-classifcation"}));
        for (String t : Tasks.names()) {
            assertTrue(e.getMessage().contains(t), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Tasks.named("summarization"));
    }

    /** Every Param a user may set has a flag: its default, given back as text, is taken by the stage. */
    @Test
    void everyOptionOfEveryTaskIsAFlag() {
        for (Task t : Tasks.ALL) {
            ModelStage<?> reference = t.stage().get();
            List<String> args = new ArrayList<>(List.of(t.name()));
            List<String> options = t.options();
            assertFalse(options.isEmpty(), t.name());
            for (String option : options) {
                Param<?> p = reference.getParam(option);
                if (reference.hasDefault(p)) {
                    args.add("--" + StageParams.kebab(option) + "="
                            + text(reference.getDefault(p).get()));
                }
            }
            JobOptions o = JobOptions.parse(args.toArray(new String[0]));
            ModelStage<?> stage = t.stage().get();
            InferenceJob.configure(stage, o);
            for (String option : options) {
                Param<?> p = stage.getParam(option);
                if (reference.hasDefault(reference.getParam(option))
                        && !option.equals("handleInvalid")
                        && !option.equals("errorCol")) {
                    assertTrue(stage.isSet(p), t.name() + ": --" + StageParams.kebab(option));
                    assertEquals(
                            text(reference
                                    .getDefault(reference.getParam(option))
                                    .get()),
                            text(stage.getOrDefault(p)),
                            t.name() + " " + option);
                }
            }
        }
    }

    private static String text(Object v) {
        if (v instanceof String[] a) {
            return String.join(",", a);
        }
        if (v instanceof int[] a) {
            return String.join(",", Arrays.stream(a).mapToObj(Integer::toString).toList());
        }
        return String.valueOf(v);
    }

    @Test
    void tableTasksReadTheColumnsTheirFlagsName() {
        Task qa = Tasks.named("question-answering");
        assertArrayEquals(
                new String[] {"question", "context"},
                InferenceJob.tableColumns(qa, JobOptions.parse(new String[] {"question-answering"})));
        assertArrayEquals(new String[] {"q", "c"}, InferenceJob.tableColumns(qa, JobOptions.parse(new String[] {
            "question-answering", "--question-col", "q", "--context-col", "c"
        })));
        Task pairs = Tasks.named("text-classification");
        assertArrayEquals(
                new String[] {"text"},
                InferenceJob.tableColumns(pairs, JobOptions.parse(new String[] {"text-classification"})));
        assertArrayEquals(
                new String[] {"premise", "hypothesis"}, InferenceJob.tableColumns(pairs, JobOptions.parse(new String[] {
                    "text-classification", "--text-col", "premise", "--pair-col", "hypothesis"
                })));
        assertArrayEquals(
                new String[] {"prompt", "options"},
                InferenceJob.tableColumns(
                        Tasks.named("multiple-choice"),
                        JobOptions.parse(new String[] {"multiple-choice", "--choices-col", "options"})));
        Task onnx = Tasks.named("onnx");
        assertArrayEquals(
                new String[] {"a", "b"},
                InferenceJob.tableColumns(onnx, JobOptions.parse(new String[] {"onnx", "--input-cols", "a, b"})));
        assertThrows(
                IllegalArgumentException.class,
                () -> InferenceJob.tableColumns(onnx, JobOptions.parse(new String[] {"onnx"})));
        assertThrows(
                IllegalArgumentException.class,
                () -> InferenceJob.tableColumns(
                        onnx, JobOptions.parse(new String[] {"onnx", "--input-cols", "a,b,c,d,e,f,g,h,i"})));
        // The column flags are the command's own, never taken for a stage Param.
        ModelStage<?> s = qa.stage().get();
        InferenceJob.configure(s, JobOptions.parse(new String[] {"question-answering", "--question-col", "q"}));
        assertFalse(s.isSet(s.getParam("questionCol")));
    }
}

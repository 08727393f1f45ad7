package io.sparkformers.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.sql.HfFunctions;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example on the fixture models, and the notebooks only name API that exists. */
class ExamplesSmokeTest {
    static SparkSession spark;
    static Path root;

    @BeforeAll
    static void start() {
        root = Fixtures.root();
        spark = SparkSession.builder()
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static void check(Example example, String model, String input) {
        List<Row> rows =
                example.run(spark, root.resolve(model).toString(), input).collectAsList();
        assertFalse(rows.isEmpty(), model);
        // Every input is a good one: no row may carry an error, and every output column has a value.
        for (Row r : rows) {
            for (int i = 0; i < r.length(); i++) {
                String column = r.schema().fieldNames()[i];
                if (column.equals("error")) {
                    assertTrue(r.isNullAt(i), model + ": error " + r.get(i));
                } else {
                    assertFalse(r.isNullAt(i), model + ": no " + column + " in " + r);
                }
            }
        }
    }

    @Test
    void everyExampleRuns(@TempDir Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.copy(Fixtures.image("JPEG", "RGB").file(), images.resolve("photo.jpg"));
        Path audio = Files.createDirectories(tmp.resolve("audio"));
        Files.copy(Fixtures.inputs("audio").get(0).file(), audio.resolve("speech.wav"));
        Path texts = tmp.resolve("texts.txt");
        Files.writeString(texts, "Hello world!\nThe capital of France is Paris.\n");
        Path masked = tmp.resolve("masked.txt");
        Files.writeString(masked, "The capital of France is <mask>.\n<mask> is a city.\n");
        Path qa = tmp.resolve("qa.jsonl");
        Files.writeString(
                qa,
                "{\"question\": \"What does the fox jump over?\", \"context\": \"The quick brown fox jumps over the lazy dog.\"}\n");
        check(ClassifyImages::run, "convnext-image-classification", images.toString());
        check(ClassifyImagesInSql::run, "convnext-image-classification", images.toString());
        check(EmbedImages::run, "dinov2-feature-extraction", images.toString());
        check(SegmentImages::run, "mask2former-universal-segmentation", images.toString());
        check(EmbedTexts::run, "data2vec-text-feature-extraction", texts.toString());
        check(ClassifyTexts::run, "data2vec-text-sequence-classification", texts.toString());
        check(FindEntities::run, "data2vec-text-token-classification", texts.toString());
        check(FillMasks::run, "data2vec-text-masked-lm", masked.toString());
        check(AnswerQuestions::run, "data2vec-text-question-answering", qa.toString());
        check(TranscribeAudio::run, "data2vec-audio-ctc", audio.toString());
        check(ClassifyAudio::run, "data2vec-audio-sequence-classification", audio.toString());
        check(LabelAudioFrames::run, "data2vec-audio-frame-classification", audio.toString());
        check(EmbedSpeakers::run, "data2vec-audio-xvector", audio.toString());
    }

    @Test
    void notebooksUseRealApi() throws Exception {
        Path dir = Path.of("notebooks");
        List<Path> notebooks;
        try (var s = Files.list(dir)) {
            // The Scala ones: the Python notebooks are executed by the Python suite (python/tests/test_notebooks.py).
            notebooks = s.filter(
                            p -> p.toString().endsWith(".scala") || p.toString().endsWith(".zpln"))
                    .toList();
        }
        assertEquals(2, notebooks.size(), "a Databricks and a Zeppelin notebook");
        Pattern stage = Pattern.compile("new (\\w+)\\(\\)((?:\\s*\\.\\w+\\([^()]*\\))*)");
        Pattern setter = Pattern.compile("\\.(\\w+)\\(");
        Pattern sqlFunction = Pattern.compile("\\b(hf_\\w+)\\(");
        for (Path nb : notebooks) {
            String text = Files.readString(nb);
            Matcher m = stage.matcher(text);
            int stages = 0;
            while (m.find()) {
                Class<?> c;
                try {
                    c = Class.forName("io.sparkformers.ml." + m.group(1));
                    stages++;
                } catch (ClassNotFoundException notOurs) {
                    c = Class.forName("org.apache.spark.ml." + m.group(1));
                }
                Matcher s = setter.matcher(m.group(2));
                while (s.find()) {
                    String method = s.group(1);
                    assertTrue(
                            Arrays.stream(c.getMethods())
                                    .anyMatch(x -> x.getName().equals(method)),
                            nb + ": " + c.getSimpleName() + " has no " + method);
                }
            }
            assertTrue(stages >= 2, nb + " builds a Pipeline of two stages");
            Matcher f = sqlFunction.matcher(text);
            assertTrue(f.find(), nb + " has a SQL cell with the functions");
            do {
                String name = f.group(1);
                assertTrue(HfFunctions.names().contains(name), nb + ": no SQL function " + name);
            } while (f.find());
        }
    }
}

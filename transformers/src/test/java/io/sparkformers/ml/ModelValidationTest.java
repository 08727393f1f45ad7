package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems with the model or the columns are caught on the driver, before any task, with the path and the cause. */
class ModelValidationTest {
    static Dataset<Row> paths() {
        StructType s = new StructType().add("path", DataTypes.StringType).add("n", DataTypes.IntegerType);
        return Spark.session().createDataFrame(List.of(RowFactory.create("x.jpg", 1)), s);
    }

    static void assertFails(Runnable r, String... parts) {
        Exception e = assertThrows(Exception.class, r::run);
        for (String p : parts) {
            assertTrue(
                    String.valueOf(e.getMessage()).contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    @Test
    void missingModelDirectory(@TempDir Path tmp) {
        String missing = tmp.resolve("nope").toString();
        assertFails(
                () -> new ImageClassifier()
                        .setModelPath(missing)
                        .setInputCol("path")
                        .transform(paths()),
                missing,
                "does not exist");
        assertFails(() -> new ImageClassifier().setInputCol("path").transform(paths()), "modelPath is not set");
        Exception local = assertThrows(
                Exception.class,
                () -> new ImageClassifier()
                        .setModelPath(missing)
                        .setInputCol("path")
                        .transform(paths()));
        assertFalse(local.getMessage().contains("Hub"), "a path is not taken for a Hub id: " + local.getMessage());
        // What a user copies from the Hub: told to export it, with the command that does.
        assertFails(
                () -> new ImageClassifier()
                        .setModelPath("facebook/convnext-tiny-224")
                        .setInputCol("path")
                        .transform(paths()),
                "looks like a Hugging Face Hub id",
                "optimum-cli export onnx --model facebook/convnext-tiny-224 DIR");
    }

    @Test
    void missingConfigAndCorruptGraph(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Files.write(dir.resolve("model.onnx"), "not a protobuf at all".getBytes(StandardCharsets.UTF_8));
        assertFails(
                () -> new ImageClassifier()
                        .setModelPath(dir.toString())
                        .setInputCol("path")
                        .transform(paths()),
                "has no config.json");
        Files.copy(Fixtures.root().resolve("convnext-image-classification/config.json"), dir.resolve("config.json"));
        assertFails(
                () -> new ImageClassifier()
                        .setModelPath(dir.toString())
                        .setInputCol("path")
                        .transform(paths()),
                "cannot load ONNX model",
                dir.toString());
        Files.writeString(dir.resolve("config.json"), "{ not json");
        assertFails(
                () -> new ImageClassifier()
                        .setModelPath(dir.toString())
                        .setInputCol("path")
                        .transform(paths()),
                "cannot parse",
                "config.json");
    }

    @Test
    void graphThatDoesNotFitTheTask() {
        String image = Fixtures.root().resolve("convnext-image-classification").toString();
        StructType texts = new StructType().add("text", DataTypes.StringType);
        assertFails(
                () -> new TextEmbedder()
                        .setModelPath(image)
                        .transform(Spark.session().createDataFrame(List.of(), texts)),
                "no tokenizer.json");
        String text =
                Fixtures.root().resolve("data2vec-text-feature-extraction").toString();
        assertFails(
                () -> new ImageClassifier()
                        .setModelPath(text)
                        .setInputCol("path")
                        .transform(paths()),
                "takes inputs",
                "pixel_values");
        String seq =
                Fixtures.root().resolve("data2vec-text-sequence-classification").toString();
        assertFails(
                () -> new TextEmbedder()
                        .setModelPath(seq)
                        .setPooling("pooler")
                        .transform(Spark.session().createDataFrame(List.of(), texts)),
                "no 'pooler_output'");
    }

    @Test
    void processorSizeMustFitAFixedSizeGraph(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.freshCopy(Fixtures.root().resolve("convnext-image-classification"), tmp);
        // The graph's fixed size is that of the reference input tensor; the processor is made to produce half of it.
        JsonNode shape = Fixtures.json(Fixtures.cases(Fixtures.root().resolve("convnext-image-classification"))
                        .get(0)
                        .resolve("expected.json"))
                .path("tensors")
                .path("pixel_values")
                .path("shape");
        int h = shape.get(2).asInt();
        int w = shape.get(3).asInt();
        ObjectNode cfg = (ObjectNode) Fixtures.json(dir.resolve("preprocessor_config.json"));
        int half = cfg.path("size").path("shortest_edge").asInt() / 2;
        ((ObjectNode) cfg.path("size")).put("shortest_edge", half);
        Files.writeString(dir.resolve("preprocessor_config.json"), cfg.toString());
        assertFails(
                () -> new ImageClassifier()
                        .setModelPath(dir.toString())
                        .setInputCol("path")
                        .transform(paths()),
                "takes " + h + "x" + w,
                "produces " + half + "x" + half);
    }

    @Test
    void columnsAreCheckedByName() {
        String image = Fixtures.root().resolve("convnext-image-classification").toString();
        assertFails(
                () -> new ImageClassifier().setModelPath(image).transformSchema(paths().schema()),
                "input column 'image' does not exist");
        assertFails(
                () -> new ImageClassifier().setModelPath(image).setInputCol("n").transformSchema(paths().schema()),
                "input column 'n' has type int");
        assertFails(
                () -> new ImageClassifier()
                        .setModelPath(image)
                        .setInputCol("path")
                        .setPredictionCol("n")
                        .transformSchema(paths().schema()),
                "output column 'n' already exists");
        assertFails(() -> new ImageClassifier().setBatchSize(0), "batchSize");
        assertFails(() -> new ImageClassifier().setDevice("tpu"), "device");
        assertFails(() -> new ImageClassifier().setHandleInvalid("ignore"), "handleInvalid");
    }
}

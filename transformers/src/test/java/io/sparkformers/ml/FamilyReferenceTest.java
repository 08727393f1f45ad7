package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.AudioDecoder;
import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.model.ModelException;
import io.sparkformers.preprocess.AudioFeatures;
import io.sparkformers.preprocess.ImageProcessor;
import io.sparkformers.preprocess.WhisperFeatures;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Two families the fixtures lack, each against transformers 4.37.2 itself ({@code src/test/python/family_references.py}
 * made the tiny exports and ran the real processor, model and pipeline on the fixture inputs): ViT image
 * classification (a new family through configuration alone) and Whisper audio classification (a new front end:
 * log-mel features).
 */
class FamilyReferenceTest {
    static Path family(String name) throws Exception {
        return Path.of(
                FamilyReferenceTest.class.getResource("/families/" + name).toURI());
    }

    /** The reference's cases whose fixture input is the one the reference was made from. */
    static List<JsonNode> cases(JsonNode reference) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : reference.path("cases")) {
            Fixtures.madeFrom(
                    Fixtures.root().resolve(c.path("file").asText()),
                    c.path("sha256").asText(),
                    "rerun family_references.py for this set");
            out.add(c);
        }
        assertTrue(out.size() > 0, "no cases in the reference");
        return out;
    }

    static float[] f32(JsonNode base64) {
        FloatBuffer fb = ByteBuffer.wrap(Base64.getDecoder().decode(base64.asText()))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    /** A stage's rows for these fixture files, in order, with no error. */
    static List<Row> run(ModelStage<?> stage, List<JsonNode> cases) {
        return run(stage, cases, Fixtures.root());
    }

    /** A stage's rows for these files (relative to {@code base}), in order, with no error. */
    static List<Row> run(ModelStage<?> stage, List<JsonNode> cases, Path base) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            rows.add(RowFactory.create(
                    i, base.resolve(cases.get(i).path("file").asText()).toString()));
        }
        StructType schema = new StructType().add("i", DataTypes.IntegerType).add("path", DataTypes.StringType);
        List<Row> out = ((InputColParams<?>) stage)
                .setInputCol("path")
                .setErrorCol("error")
                .setHandleInvalid("keep")
                .setDevice("cpu")
                .setBatchSize(2)
                .transform(Spark.session().createDataFrame(rows, schema))
                .orderBy("i")
                .collectAsList();
        assertEquals(cases.size(), out.size(), "one row per input");
        for (Row r : out) {
            assertNull(r.getAs("error"), r.<String>getAs("path"));
        }
        return out;
    }

    /** Logits within 1e-4 of the model's (relative to their scale), and the pipeline's top-k labels and scores. */
    static void assertClassified(Row row, JsonNode c) {
        double[] got = ((Vector) row.getAs("rawPrediction")).toArray();
        JsonNode want = c.path("logits");
        assertEquals(want.size(), got.length, "logits");
        for (int k = 0; k < got.length; k++) {
            double w = want.get(k).asDouble();
            assertEquals(
                    w, got[k], 1e-4 * Math.max(1, Math.abs(w)), c.path("file").asText() + " logit " + k);
        }
        List<Row> top = row.getList(row.fieldIndex("topK"));
        JsonNode wantTop = c.path("top_k");
        for (int k = 0; k < Math.min(top.size(), wantTop.size()); k++) {
            assertEquals(wantTop.get(k).path("label").asText(), top.get(k).getAs("label"), c.path("file") + " #" + k);
            assertEquals(
                    wantTop.get(k).path("score").asDouble(),
                    ((Number) top.get(k).getAs("score")).doubleValue(),
                    1e-5,
                    c.path("file") + " score #" + k);
        }
    }

    @Test
    void vitImageClassificationAsTransformers() throws Exception {
        Path model = family("vit-image-classification");
        JsonNode reference = Fixtures.json(model.resolve("reference.json"));
        List<JsonNode> cases = cases(reference);
        ImageProcessor processor =
                ImageProcessor.fromConfig(Fixtures.json(model.resolve("preprocessor_config.json")), "vit");
        for (JsonNode c : cases) {
            RgbImage decoded = ImageDecoder.decode(
                    Files.readAllBytes(Fixtures.root().resolve(c.path("file").asText())),
                    ImageDecoder.DEFAULT_MAX_PIXELS);
            RgbImage resized = processor.resizeAndCrop(decoded);
            float[] want = f32(c.path("pixel_values_f32"));
            FloatBuffer fb = ByteBuffer.allocateDirect(want.length * 4)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            assertEquals(want.length, 3 * resized.width() * resized.height(), "pixel_values size");
            processor.writeChw(resized, fb, 0);
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], fb.get(k), 1e-5, c.path("file").asText() + " pixel_values[" + k + "]");
            }
        }
        List<Row> out = run(
                new ImageClassifier()
                        .setModelPath(model.toString())
                        .setTopK(reference.path("cases").get(0).path("top_k").size()),
                cases);
        for (int i = 0; i < cases.size(); i++) {
            assertClassified(out.get(i), cases.get(i));
        }
    }

    @Test
    void whisperLogMelFeaturesAsTransformers() throws Exception {
        Path model = family("whisper-audio-classification");
        JsonNode reference = Fixtures.json(model.resolve("reference.json"));
        AudioFeatures features =
                AudioFeatures.fromConfig(Fixtures.json(model.resolve("preprocessor_config.json")), "whisper");
        assertTrue(features instanceof WhisperFeatures, features.getClass().getName());
        for (JsonNode c : cases(reference)) {
            float[] got = features.features(AudioDecoder.decode(
                    Files.readAllBytes(Fixtures.root().resolve(c.path("file").asText())), 3600));
            int mels = c.path("feature_shape").get(0).asInt();
            int frames = c.path("feature_shape").get(1).asInt();
            int audioFrames = c.path("audio_frames").asInt();
            assertEquals(mels * frames, got.length, "input_features size");
            float[] want = f32(c.path("features_f32"));
            double max = 0;
            for (int m = 0; m < mels; m++) {
                for (int t = 0; t < audioFrames; t++) {
                    max = Math.max(max, Math.abs(want[m * audioFrames + t] - got[m * frames + t]));
                }
                for (int t = audioFrames + 2; t < frames; t++) {
                    assertEquals(c.path("padding_value").floatValue(), got[m * frames + t], 1e-5, "padding frame " + t);
                }
            }
            assertTrue(max <= 1e-4, c.path("file").asText() + ": log-mel max |diff| " + max);
        }
    }

    @Test
    void whisperAudioClassificationAsTransformers() throws Exception {
        Path model = family("whisper-audio-classification");
        JsonNode reference = Fixtures.json(model.resolve("reference.json"));
        List<JsonNode> cases = cases(reference);
        List<Row> out = run(
                new AudioClassifier()
                        .setModelPath(model.toString())
                        .setTopK(cases.get(0).path("top_k").size()),
                cases);
        for (int i = 0; i < cases.size(); i++) {
            assertClassified(out.get(i), cases.get(i));
        }
    }

    /** Heads that map frames back to samples refuse a log-mel front end; unknown front ends are refused by name. */
    @Test
    void frontEndsTheHeadsCannotUseAreRefused() throws Exception {
        Path model = family("whisper-audio-classification");
        StructType schema = new StructType().add("path", DataTypes.StringType);
        Exception e = assertThrows(
                ModelException.class,
                () -> new SpeechRecognizer()
                        .setModelPath(model.toString())
                        .setInputCol("path")
                        .transform(Spark.session().createDataFrame(List.of(), schema)));
        assertTrue(e.getMessage().contains("log-mel"), e.getMessage());
        ModelException unknown = assertThrows(
                ModelException.class,
                () -> AudioFeatures.fromConfig(
                        Fixtures.JSON.readTree("{\"feature_extractor_type\": \"ASTFeatureExtractor\"}"), "x"));
        assertTrue(unknown.getMessage().contains("WhisperFeatureExtractor"), unknown.getMessage());
        ModelException image = assertThrows(
                ModelException.class,
                () -> ImageProcessor.fromConfig(
                        Fixtures.JSON.readTree("{\"image_processor_type\": \"YolosImageProcessor\"}"), "x"));
        assertTrue(image.getMessage().contains("ViTImageProcessor"), image.getMessage());
    }
}

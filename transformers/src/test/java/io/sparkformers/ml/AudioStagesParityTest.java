package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every Data2Vec-Audio head from the WAV files through its public stage, against Hugging Face. */
class AudioStagesParityTest {
    static final StructType PATHS =
            new StructType().add("id", DataTypes.IntegerType).add("path", DataTypes.StringType);

    static Dataset<Row> frame(Path c) {
        JsonNode files = Fixtures.json(c.resolve("inputs.json")).path("audio");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            rows.add(RowFactory.create(
                    i, Fixtures.root().resolve(files.get(i).asText()).toString()));
        }
        // One partition: a case's clips share a batch, padded together as the fixtures' batched reference was.
        return Spark.session().createDataFrame(rows, PATHS).coalesce(1);
    }

    static List<DynamicTest> each(String kind, BiConsumer<Path, Path> check) {
        List<Path> models = Fixtures.models(kind);
        assertFalse(models.isEmpty(), "no " + kind + " model");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : models) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(
                        model.getFileName() + "/" + c.getFileName(), () -> check.accept(model, c)));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> speechRecognition() {
        return each("ctc", (model, c) -> {
            JsonNode post = Fixtures.json(c.resolve("expected.json")).path("postprocess");
            Npy logits = Npy.read(c.resolve("logits.npy"));
            Npy mask = Npy.read(c.resolve("attention_mask.npy"));
            // Padded batch items: transformers' batch_decode reads their padding frames too; the stage decodes each
            // clip's
            // own frames, as batch_decode of HF's ids cut to the clip's feature length (pipeline-references, made with
            // transformers' own tokenizer and _get_feat_extract_output_lengths).
            JsonNode padded;
            try {
                padded = paddedItems(model);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            List<Runnable> paddedChecks = new ArrayList<>();
            for (boolean skip : new boolean[] {false, true}) {
                List<Row> out = new SpeechRecognizer()
                        .setModelPath(model.toString())
                        .setInputCol("path")
                        .setSkipSpecialTokens(skip)
                        .setErrorCol("error")
                        .setDevice("cpu")
                        .transform(frame(c))
                        .orderBy("id")
                        .collectAsList();
                JsonNode want = post.path(skip ? "transcription_skip_special_tokens" : "transcription");
                assertEquals(logits.shape()[0], out.size(), "one row per input");
                for (int i = 0; i < out.size(); i++) {
                    assertNull(out.get(i).getAs("error"));
                    String where = c.getFileName() + "[" + i + "] skip=" + skip;
                    String got = out.get(i).getAs("transcription");
                    if (!isPadded(mask, i)) {
                        assertEquals(want.get(i).asText(), got, where); // transformers' own string
                        continue;
                    }
                    int item = i;
                    paddedChecks.add(() -> {
                        JsonNode ref = null;
                        for (JsonNode p : padded) {
                            if (p.path("case").asText().equals(c.getFileName().toString())
                                    && p.path("item").asInt() == item) {
                                ref = p;
                            }
                        }
                        if (ref == null) {
                            Fixtures.missing("no pipeline reference for padded item " + where);
                        }
                        assertEquals(
                                ref.path(skip ? "transcription_skip_special_tokens" : "transcription")
                                        .asText(),
                                got,
                                where);
                    });
                }
            }
            paddedChecks.forEach(Runnable::run);
        });
    }

    /**
     * Frames of item {@code i}'s own samples (attention mask 1): transformers' {@code _get_feat_extract_output_lengths}
     * over config.json's conv layers, {@code L = (L - kernel) / stride + 1} each.
     */
    static int ownFrames(Path model, Npy mask, int i) {
        int width = (int) mask.shape()[1];
        int n = 0;
        for (int k = 0; k < width; k++) {
            n += mask.longs()[i * width + k] != 0 ? 1 : 0;
        }
        JsonNode cfg = Fixtures.json(model.resolve("config.json"));
        for (int l = 0; l < cfg.path("conv_kernel").size(); l++) {
            n = (n - cfg.path("conv_kernel").get(l).asInt())
                            / cfg.path("conv_stride").get(l).asInt()
                    + 1;
        }
        return n;
    }

    /** Whether item {@code i} of a batch has padding (an attention mask with zeros). */
    static boolean isPadded(Npy mask, int i) {
        int width = (int) mask.shape()[1];
        for (int k = 0; k < width; k++) {
            if (mask.longs()[i * width + k] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The padded-item references of this export, or an empty array when they were made from another model. */
    static JsonNode paddedItems(Path model) throws Exception {
        for (JsonNode m : PipelineReferenceTest.references("speech-recognition").path("models")) {
            if (m.path("model").asText().equals(model.getFileName().toString())
                    && m.path("onnx_sha256").asText().equals(Fixtures.sha256(model.resolve("model.onnx")))) {
                return m.path("padded_batch_items");
            }
        }
        return Fixtures.JSON.createArrayNode();
    }

    @TestFactory
    List<DynamicTest> audioClassification() {
        return each("audio-classification", (model, c) -> {
            JsonNode expected = Fixtures.json(c.resolve("expected.json"));
            Npy logits = Npy.read(c.resolve("logits.npy"));
            List<Row> out = new AudioClassifier()
                    .setModelPath(model.toString())
                    .setInputCol("path")
                    .setErrorCol("error")
                    .setDevice("cpu")
                    .transform(frame(c))
                    .orderBy("id")
                    .collectAsList();
            assertEquals(logits.shape()[0], out.size(), "one row per input");
            for (int i = 0; i < out.size(); i++) {
                Row r = out.get(i);
                assertNull(r.getAs("error"));
                assertClose(
                        logits.row(i),
                        ((Vector) r.getAs("rawPrediction")).toArray(),
                        Fixtures.outputTolerance(expected, "logits"),
                        1e-4,
                        c.getFileName() + " logits");
                JsonNode per = expected.path("postprocess").path("per_input").get(i);
                if (per != null) {
                    JsonNode top5 = per.path("top5");
                    JsonNode gaps = per.path("gaps");
                    List<Row> top = r.getList(r.fieldIndex("topK"));
                    for (int k = 0; k < top5.size(); k++) {
                        boolean decided = (k == 0 || gaps.get(k - 1).asDouble() > 1e-3)
                                && (k >= gaps.size() || gaps.get(k).asDouble() > 1e-3);
                        if (decided) {
                            assertEquals(
                                    top5.get(k).path("label").asText(),
                                    top.get(k).getString(0),
                                    c.getFileName() + " rank " + k);
                        }
                        assertEquals(
                                top5.get(k).path("score").asDouble(),
                                ((Vector) r.getAs("probability"))
                                        .toArray()[top5.get(k).path("index").asInt()],
                                1e-4);
                    }
                }
            }
        });
    }

    @TestFactory
    List<DynamicTest> frameClassification() {
        return each("audio-frame-classification", (model, c) -> {
            JsonNode expected = Fixtures.json(c.resolve("expected.json"));
            Npy mask = Npy.read(c.resolve("attention_mask.npy"));
            List<Row> out = new AudioFrameClassifier()
                    .setModelPath(model.toString())
                    .setInputCol("path")
                    .setErrorCol("error")
                    .setDevice("cpu")
                    .transform(frame(c))
                    .orderBy("id")
                    .collectAsList();
            assertEquals(mask.shape()[0], out.size(), "one row per input");
            for (int i = 0; i < out.size(); i++) {
                assertNull(out.get(i).getAs("error"));
                List<String> got = out.get(i).getList(out.get(i).fieldIndex("frameLabels"));
                JsonNode want =
                        expected.path("postprocess").path("frame_labels").get(i);
                int own = ownFrames(model, mask, i);
                assertEquals(own, got.size(), c.getFileName() + " frames");
                for (int f = 0; f < own; f++) {
                    assertEquals(want.get(f).asText(), got.get(f), c.getFileName() + "[" + i + "] frame " + f);
                }
                List<Row> segments = out.get(i).getList(out.get(i).fieldIndex("segments"));
                int covered = 0;
                for (Row s : segments) {
                    int from = (int) Math.round(s.getDouble(1) * 50);
                    int to = (int) Math.round(s.getDouble(2) * 50);
                    for (int f = from; f < to; f++) {
                        assertEquals(got.get(f), s.getString(0), "segment covers frames of its label");
                    }
                    covered += to - from;
                }
                assertEquals(own, covered, "segments cover every frame");
            }
        });
    }

    @TestFactory
    List<DynamicTest> speakerEmbeddings() {
        return each("xvector", (model, c) -> {
            JsonNode expected = Fixtures.json(c.resolve("expected.json"));
            Npy emb = Npy.read(c.resolve("embeddings.npy"));
            List<Row> out = new SpeakerEmbedder()
                    .setModelPath(model.toString())
                    .setInputCol("path")
                    .setErrorCol("error")
                    .setDevice("cpu")
                    .transform(frame(c))
                    .orderBy("id")
                    .collectAsList();
            assertEquals(emb.shape()[0], out.size(), "one row per input");
            for (int i = 0; i < out.size(); i++) {
                assertNull(out.get(i).getAs("error"));
                assertClose(
                        emb.row(i),
                        ((Vector) out.get(i).getAs("embedding")).toArray(),
                        Fixtures.outputTolerance(expected, "embeddings"),
                        1e-4,
                        c.getFileName() + " embeddings");
            }
        });
    }
}

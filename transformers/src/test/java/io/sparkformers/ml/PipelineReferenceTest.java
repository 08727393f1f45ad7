package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkformers.head.CtcDecoder;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Spark;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The stages against transformers' own pipelines where the fixtures record nothing: chunked speech recognition,
 * text classification's {@code function_to_apply} and text pairs, every token aggregation strategy and
 * {@code ignore_labels}, question answering's {@code handle_impossible_answer}. The references
 * ({@code pipeline-references/*.json}) are made by {@code src/test/python/pipeline_references.py}: the real pipelines
 * of transformers 4.37.2 over each fixture export's model.onnx; a fixture set whose model differs is skipped.
 */
class PipelineReferenceTest {
    static JsonNode references(String task) throws Exception {
        try (InputStream in =
                PipelineReferenceTest.class.getResourceAsStream("/pipeline-references/" + task + ".json")) {
            return Fixtures.JSON.readTree(in);
        }
    }

    /** One dynamic test per reference model that the fixture set has, unchanged. */
    static List<DynamicTest> each(String task, ModelCheck check) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode m : references(task).path("models")) {
            Path model = Fixtures.root().resolve(m.path("model").asText());
            tests.add(DynamicTest.dynamicTest(m.path("model").asText(), () -> {
                Fixtures.madeFrom(
                        model.resolve("model.onnx"),
                        m.path("onnx_sha256").asText(),
                        "rerun pipeline_references.py for this set");
                check.run(model, m);
            }));
        }
        assertFalse(tests.isEmpty(), "no " + task + " references");
        return tests;
    }

    interface ModelCheck {
        void run(Path model, JsonNode reference) throws Exception;
    }

    static Dataset<Row> texts(JsonNode texts) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i).asText()));
        }
        return Spark.session()
                .createDataFrame(
                        rows, new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType));
    }

    /**
     * The pipeline's scores from the same ONNX Runtime logits: here the fixtures' probability tolerance (1e-4) holds for
     * every family, where the comparison with PyTorch's scores must allow for ONNX Runtime's own distance from PyTorch.
     */
    @TestFactory
    List<DynamicTest> imageClassificationScoresAsThePipeline() throws Exception {
        return each("image-classification", (model, ref) -> {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < ref.path("images").size(); i++) {
                Path image = Fixtures.root().resolve(ref.path("images").get(i).asText());
                if (!Files.exists(image)) {
                    Fixtures.missing("the fixture set has no " + image + ", which the references were made from");
                }
                rows.add(RowFactory.create(i, image.toString()));
            }
            List<Row> out = new ImageClassifier()
                    .setModelPath(model.toString())
                    .setInputCol("path")
                    .setTopK(ref.path("top_k").asInt())
                    .setDevice("cpu")
                    .setErrorCol("error")
                    .transform(Spark.session().createDataFrame(rows, ImageClassifierParityTest.PATHS))
                    .orderBy("id")
                    .collectAsList();
            assertEquals(rows.size(), out.size());
            for (int i = 0; i < out.size(); i++) {
                assertNull(out.get(i).getAs("error"));
                assertTopK(
                        ref.path("results").get(i),
                        out.get(i).getList(out.get(i).fieldIndex("topK")),
                        1e-4,
                        ref.path("images").get(i).asText());
            }
        });
    }

    @TestFactory
    List<DynamicTest> chunkedSpeechRecognitionStitchesAsThePipeline() throws Exception {
        return each("speech-recognition", (model, ref) -> {
            List<float[]> parts = new ArrayList<>();
            int total = 0;
            for (Fixtures.Input a : Fixtures.inputs("audio")) {
                float[] x = Npy.read(Fixtures.root()
                                .resolve(a.meta().path("waveform_16k_npy").asText()))
                        .floats();
                parts.add(x);
                total += x.length;
            }
            float[] one = new float[total];
            int at = 0;
            for (float[] x : parts) {
                System.arraycopy(x, 0, one, at, x.length);
                at += x.length;
            }
            StructType schema = new StructType()
                    .add("samples", DataTypes.createArrayType(DataTypes.FloatType))
                    .add("sampleRate", DataTypes.IntegerType);
            for (JsonNode run : ref.path("runs")) {
                // numpy.resize: the waveforms repeated cyclically to the clip's length.
                int n = (int) (run.path("seconds").asDouble() * 16000);
                List<Float> clip = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    clip.add(one[i % one.length]);
                }
                SpeechRecognizer asr = new SpeechRecognizer()
                        .setModelPath(model.toString())
                        .setInputCol("samples")
                        .setChunkLengthS(run.path("chunk_length_s").asDouble())
                        .setBatchSize(1)
                        .setDevice("cpu")
                        .setErrorCol("error");
                if (!run.path("stride_length_s").isNull()) {
                    asr.setStrideLengthS(run.path("stride_length_s").asDouble());
                }
                Row r = asr.transform(Spark.session().createDataFrame(List.of(RowFactory.create(clip, 16000)), schema))
                        .first();
                assertNull(r.getAs("error"));
                assertEquals(run.path("text").asText(), r.getAs("transcription"), run.toString());
            }
        });
    }

    /** CTC decoding as the export's Wav2Vec2CTCTokenizer.decode, both skip_special_tokens variants. */
    @TestFactory
    List<DynamicTest> ctcDecodingAsTheTokenizer() throws Exception {
        return each("speech-recognition", (model, ref) -> {
            CtcDecoder ctc = new CtcDecoder(ModelDirectory.open(model.toString(), new Configuration()), model);
            // The same export with clean_up_tokenization_spaces off.
            Path raw = Fixtures.freshCopy(model, Files.createTempDirectory("ctc"));
            ObjectNode tc = (ObjectNode) Fixtures.json(raw.resolve("tokenizer_config.json"));
            Files.writeString(
                    raw.resolve("tokenizer_config.json"),
                    tc.put("clean_up_tokenization_spaces", false).toString());
            CtcDecoder noCleanUp = new CtcDecoder(ModelDirectory.open(raw.toString(), new Configuration()), raw);
            assertFalse(ref.path("decoding").isEmpty());
            for (JsonNode d : ref.path("decoding")) {
                int[] ids = new int[d.path("ids").size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = d.path("ids").get(i).asInt();
                }
                assertEquals(
                        d.path("text").asText(),
                        ctc.decode(ids, false),
                        d.path("ids").toString());
                assertEquals(
                        d.path("text_skip_special_tokens").asText(),
                        ctc.decode(ids, true),
                        d.path("ids").toString());
                assertEquals(
                        d.path("text_no_clean_up").asText(),
                        noCleanUp.decode(ids, false),
                        d.path("ids").toString());
            }
        });
    }

    @TestFactory
    List<DynamicTest> textClassificationFunctionsAndPairs() throws Exception {
        return each("text-classification", (model, ref) -> {
            int labels = ref.path("num_labels").asInt();
            for (JsonNode run : ref.path("runs")) {
                String fn = run.path("function_to_apply").isNull()
                        ? "auto"
                        : run.path("function_to_apply").asText();
                List<Row> out = new TextClassifier()
                        .setModelPath(model.toString())
                        .setInputCol("text")
                        .setTopK(labels)
                        .setFunctionToApply(fn)
                        .setDevice("cpu")
                        .transform(texts(run.path("texts")))
                        .orderBy("id")
                        .collectAsList();
                assertEquals(run.path("texts").size(), out.size());
                for (int i = 0; i < out.size(); i++) {
                    assertTopK(
                            run.path("results").get(i),
                            out.get(i).getList(out.get(i).fieldIndex("topK")),
                            fn + " " + i);
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < ref.path("pairs").size(); i++) {
                rows.add(RowFactory.create(
                        i,
                        ref.path("pairs").get(i).get(0).asText(),
                        ref.path("pairs").get(i).get(1).asText()));
            }
            List<Row> out = new TextClassifier()
                    .setModelPath(model.toString())
                    .setInputCol("text")
                    .setPairCol("pair")
                    .setTopK(labels)
                    .setDevice("cpu")
                    .transform(Spark.session()
                            .createDataFrame(
                                    rows,
                                    new StructType()
                                            .add("id", DataTypes.IntegerType)
                                            .add("text", DataTypes.StringType)
                                            .add("pair", DataTypes.StringType)))
                    .orderBy("id")
                    .collectAsList();
            assertEquals(rows.size(), out.size());
            for (int i = 0; i < out.size(); i++) {
                assertTopK(
                        ref.path("pair_results").get(i),
                        out.get(i).getList(out.get(i).fieldIndex("topK")),
                        "pair " + i);
            }
        });
    }

    /** Labels in the pipeline's order where scores are apart, scores to 1e-5. */
    static void assertTopK(JsonNode want, List<Row> got, String where) {
        assertTopK(want, got, 1e-5, where);
    }

    static void assertTopK(JsonNode want, List<Row> got, double tolerance, String where) {
        assertEquals(want.size(), got.size(), where);
        for (int k = 0; k < want.size(); k++) {
            double score = want.get(k).path("score").asDouble();
            boolean tied = (k > 0 && Math.abs(want.get(k - 1).path("score").asDouble() - score) < 2 * tolerance)
                    || (k + 1 < want.size()
                            && Math.abs(want.get(k + 1).path("score").asDouble() - score) < 2 * tolerance);
            if (!tied) {
                assertEquals(want.get(k).path("label").asText(), got.get(k).getString(0), where + " rank " + k);
            }
            assertEquals(score, got.get(k).getDouble(1), tolerance, where + " rank " + k);
        }
    }

    @TestFactory
    List<DynamicTest> tokenClassificationStrategiesAndIgnoredLabels() throws Exception {
        return each("token-classification", (model, ref) -> {
            for (JsonNode run : ref.path("runs")) {
                String strategy = run.path("aggregation_strategy").asText();
                List<Row> out = new TokenClassifier()
                        .setModelPath(model.toString())
                        .setInputCol("text")
                        .setAggregationStrategy(strategy)
                        .setDevice("cpu")
                        .transform(texts(run.path("texts")))
                        .orderBy("id")
                        .collectAsList();
                assertEntities(run.path("results"), out, strategy);
            }
            JsonNode ignored = ref.path("ignored");
            String[] ignore = new String[ref.path("ignore_labels").size()];
            for (int i = 0; i < ignore.length; i++) {
                ignore[i] = ref.path("ignore_labels").get(i).asText();
            }
            List<Row> out = new TokenClassifier()
                    .setModelPath(model.toString())
                    .setInputCol("text")
                    .setAggregationStrategy("simple")
                    .setIgnoreLabels(ignore)
                    .setDevice("cpu")
                    .transform(texts(ignored.path("texts")))
                    .orderBy("id")
                    .collectAsList();
            assertEntities(ignored.path("results"), out, "ignore_labels " + String.join(",", ignore));
        });
    }

    static void assertEntities(JsonNode want, List<Row> out, String where) {
        assertEquals(want.size(), out.size(), where);
        for (int i = 0; i < out.size(); i++) {
            List<Row> got = out.get(i).getList(out.get(i).fieldIndex("entities"));
            JsonNode w = want.get(i);
            assertEquals(w.size(), got.size(), where + " text " + i + ": " + w + " vs " + got);
            for (int k = 0; k < w.size(); k++) {
                JsonNode e = w.get(k);
                String entity = e.has("entity_group")
                        ? e.path("entity_group").asText()
                        : e.path("entity").asText();
                Row g = got.get(k);
                String at = where + " text " + i + " entity " + k;
                assertEquals(entity, g.getAs("entity"), at);
                assertEquals(e.path("score").asDouble(), g.<Double>getAs("score"), 1e-5, at);
                assertEquals(e.path("word").asText(), g.getAs("word"), at);
                assertEquals(e.path("start").asInt(), (int) g.<Integer>getAs("start"), at);
                assertEquals(e.path("end").asInt(), (int) g.<Integer>getAs("end"), at);
                if (e.has("index")) {
                    assertEquals(e.path("index").asInt(), (int) g.<Integer>getAs("index"), at);
                }
            }
        }
    }

    @TestFactory
    List<DynamicTest> questionAnsweringWithAndWithoutTheImpossibleAnswer() throws Exception {
        return each("question-answering", (model, ref) -> {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < ref.path("pairs").size(); i++) {
                JsonNode p = ref.path("pairs").get(i);
                rows.add(RowFactory.create(
                        i, p.path("question").asText(), p.path("context").asText()));
            }
            Dataset<Row> df = Spark.session()
                    .createDataFrame(
                            rows,
                            new StructType()
                                    .add("id", DataTypes.IntegerType)
                                    .add("question", DataTypes.StringType)
                                    .add("context", DataTypes.StringType));
            for (JsonNode run : ref.path("runs")) {
                boolean impossible = run.path("handle_impossible_answer").asBoolean();
                List<Row> out = new QuestionAnswerer()
                        .setModelPath(model.toString())
                        .setTopK(ref.path("top_k").asInt())
                        .setHandleImpossibleAnswer(impossible)
                        .setDevice("cpu")
                        .transform(df)
                        .orderBy("id")
                        .collectAsList();
                assertEquals(rows.size(), out.size());
                for (int i = 0; i < out.size(); i++) {
                    JsonNode want = run.path("results").get(i);
                    List<Row> got = out.get(i).getList(out.get(i).fieldIndex("answers"));
                    String where = "handle_impossible_answer=" + impossible + " question " + i;
                    assertEquals(want.size(), got.size(), where);
                    for (int k = 0; k < want.size(); k++) {
                        assertEquals(
                                want.get(k).path("answer").asText(),
                                got.get(k).getAs("answer"),
                                where + " answer " + k);
                        assertEquals(
                                want.get(k).path("score").asDouble(), got.get(k).<Double>getAs("score"), 1e-6, where);
                        assertEquals(
                                want.get(k).path("start").asInt(),
                                (int) got.get(k).<Integer>getAs("start"),
                                where);
                        assertEquals(
                                want.get(k).path("end").asInt(),
                                (int) got.get(k).<Integer>getAs("end"),
                                where);
                    }
                }
            }
        });
    }
}

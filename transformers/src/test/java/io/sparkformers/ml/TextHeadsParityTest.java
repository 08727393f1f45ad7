package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Data2Vec-Text head of the fixture set through its public stage: token ids equal to {@code input_ids.npy},
 * logits within tolerance, and labels, entities, answers and fill-mask tokens equal to what the pipelines returned
 * (ranks compared only where the recorded score gaps decide them).
 */
class TextHeadsParityTest {
    static final StructType TEXTS =
            new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
    static final StructType QA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("question", DataTypes.StringType)
            .add("context", DataTypes.StringType);
    static final double GAP = 1e-3;

    static List<String> texts(JsonNode inputs) {
        JsonNode t = inputs.has("texts") ? inputs.path("texts") : inputs.path("text");
        List<String> out = new ArrayList<>();
        if (t.isArray()) {
            t.forEach(n -> out.add(n.asText()));
        } else {
            out.add(t.asText());
        }
        return out;
    }

    static Dataset<Row> frame(List<String> texts) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        return Spark.session().createDataFrame(rows, TEXTS).coalesce(1);
    }

    /** Real (attention 1) token ids of item i. */
    static long[] ids(Npy ids, Npy mask, int i) {
        int seq = (int) ids.shape()[1];
        int n = 0;
        while (n < seq && mask.longs()[i * seq + n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(ids.longs(), i * seq, i * seq + n);
    }

    static TextTokenizer tokenizer(Path model, int maxLength, String truncation) {
        ModelDirectory md = ModelDirectory.open(model.toString(), new Configuration());
        return TextTokenizer.forModel(md, model, maxLength, truncation, 0);
    }

    static List<DynamicTest> each(String kind, BiConsumer<Path, Path> check) {
        List<Path> models = Fixtures.models(kind);
        assertFalse(models.isEmpty(), "no " + kind + " model in " + Fixtures.root());
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
    List<DynamicTest> sequenceClassification() {
        return each("text-classification", (model, c) -> {
            JsonNode expected = Fixtures.json(c.resolve("expected.json"));
            List<String> texts = texts(Fixtures.json(c.resolve("inputs.json")));
            Npy ids = Npy.read(c.resolve("input_ids.npy"));
            Npy mask = Npy.read(c.resolve("attention_mask.npy"));
            Npy logits = Npy.read(c.resolve("logits.npy"));
            TextTokenizer tok = tokenizer(model, 0, "longest_first");
            List<Row> out = new TextClassifier()
                    .setModelPath(model.toString())
                    .setTopK(100)
                    .setErrorCol("error")
                    .setBatchSize(3)
                    .setDevice("cpu")
                    .transform(frame(texts))
                    .orderBy("id")
                    .collectAsList();
            for (int i = 0; i < texts.size(); i++) {
                String where = c.getFileName() + "[" + i + "]";
                assertArrayEquals(ids(ids, mask, i), encode(tok, texts.get(i)).ids(), where + " ids");
                Row r = out.get(i);
                assertNull(r.getAs("error"));
                assertClose(
                        logits.row(i),
                        ((Vector) r.getAs("rawPrediction")).toArray(),
                        Fixtures.outputTolerance(expected, "logits"),
                        1e-4,
                        where + " logits");
                JsonNode sorted =
                        expected.path("postprocess").path("per_text").get(i).path("all_scores_sorted");
                JsonNode gaps =
                        expected.path("postprocess").path("per_text").get(i).path("gaps");
                List<Row> top = r.getList(r.fieldIndex("topK"));
                for (int k = 0; k < sorted.size(); k++) {
                    boolean decided = (k == 0 || gaps.get(k - 1).asDouble() > GAP)
                            && (k >= gaps.size() || gaps.get(k).asDouble() > GAP);
                    if (decided) {
                        assertEquals(
                                sorted.get(k).path("label").asText(), top.get(k).getString(0), where + " rank " + k);
                    }
                    double p = ((Vector) r.getAs("probability"))
                            .toArray()[sorted.get(k).path("index").asInt()];
                    assertEquals(sorted.get(k).path("score").asDouble(), p, 1e-4, where + " score of " + sorted.get(k));
                }
            }
        });
    }

    @TestFactory
    List<DynamicTest> tokenClassification() {
        return each("token-classification", (model, c) -> {
            JsonNode expected = Fixtures.json(c.resolve("expected.json"));
            List<String> texts = texts(Fixtures.json(c.resolve("inputs.json")));
            Npy ids = Npy.read(c.resolve("input_ids.npy"));
            Npy mask = Npy.read(c.resolve("attention_mask.npy"));
            TextTokenizer tok = tokenizer(model, 0, "longest_first");
            List<Row> out = new TokenClassifier()
                    .setModelPath(model.toString())
                    .setErrorCol("error")
                    .setDevice("cpu")
                    .transform(frame(texts))
                    .orderBy("id")
                    .collectAsList();
            for (int i = 0; i < texts.size(); i++) {
                String where = c.getFileName() + "[" + i + "]";
                assertArrayEquals(ids(ids, mask, i), encode(tok, texts.get(i)).ids(), where + " ids");
                assertNull(out.get(i).getAs("error"));
                List<Row> got = out.get(i).getList(out.get(i).fieldIndex("entities"));
                List<JsonNode> want = new ArrayList<>();
                expected.path("postprocess")
                        .path("per_text")
                        .get(i)
                        .path("tokens")
                        .forEach(t -> {
                            if (!t.path("special").asBoolean()
                                    && !t.path("label").asText().equals("O")) {
                                want.add(t);
                            }
                        });
                assertEquals(want.size(), got.size(), where + " entity count");
                for (int k = 0; k < want.size(); k++) {
                    JsonNode w = want.get(k);
                    Row g = got.get(k);
                    assertEquals(w.path("index").asInt(), (int) g.<Integer>getAs("index"), where + " index");
                    assertEquals(w.path("token").asText(), g.getAs("word"), where + " word");
                    assertEquals(w.path("label").asText(), g.getAs("entity"), where + " entity of " + w);
                    assertEquals(w.path("score").asDouble(), g.<Double>getAs("score"), 1e-4, where + " score of " + w);
                }
                JsonNode pipeline =
                        expected.path("postprocess").path("per_text").get(i).path("pipeline_aggregation_none");
                if (pipeline.isArray()) {
                    assertEquals(pipeline.size(), got.size(), where + " pipeline entity count");
                    for (int k = 0; k < pipeline.size(); k++) {
                        assertEquals(
                                pipeline.get(k).path("entity").asText(),
                                got.get(k).getAs("entity"));
                        assertEquals(
                                pipeline.get(k).path("word").asText(),
                                got.get(k).getAs("word"));
                    }
                }
            }
        });
    }

    @TestFactory
    List<DynamicTest> questionAnswering() {
        return each("question-answering", (model, c) -> {
            JsonNode inputs = Fixtures.json(c.resolve("inputs.json"));
            JsonNode expected = Fixtures.json(c.resolve("expected.json"));
            List<String> questions = new ArrayList<>();
            List<String> contexts = new ArrayList<>();
            if (inputs.has("questions")) {
                inputs.path("questions").forEach(q -> questions.add(q.asText()));
                inputs.path("contexts").forEach(q -> contexts.add(q.asText()));
            } else {
                questions.add(inputs.path("question").asText());
                contexts.add(inputs.path("context").asText());
            }
            Npy ids = Npy.read(c.resolve("input_ids.npy"));
            Npy mask = Npy.read(c.resolve("attention_mask.npy"));
            TextTokenizer tok = tokenizer(model, 0, "only_second");
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < questions.size(); i++) {
                rows.add(RowFactory.create(i, questions.get(i), contexts.get(i)));
            }
            // One truncated window, as the fixtures' tokenizer call; spans scored exactly as the pipeline does.
            List<Row> out = new QuestionAnswerer()
                    .setModelPath(model.toString())
                    .setWindows(false)
                    .setMaxSeqLength(tok.maxLength())
                    .setTopK(3)
                    .setAlignToWords(false)
                    .setErrorCol("error")
                    .setDevice("cpu")
                    .transform(Spark.session().createDataFrame(rows, QA).coalesce(1))
                    .orderBy("id")
                    .collectAsList();
            for (int i = 0; i < questions.size(); i++) {
                String where = c.getFileName() + "[" + i + "]";
                TextTokenizer.Encoded enc = encodePair(tok, questions.get(i), contexts.get(i));
                assertArrayEquals(ids(ids, mask, i), enc.ids(), where + " ids");
                assertNull(out.get(i).getAs("error"));
                List<Row> answers = out.get(i).getList(out.get(i).fieldIndex("answers"));
                JsonNode top3 =
                        expected.path("postprocess").path("per_item").get(i).path("top3_spans");
                assertEquals(top3.size(), answers.size(), where + " answers");
                for (int k = 0; k < top3.size(); k++) {
                    JsonNode w = top3.get(k);
                    Row g = answers.get(k);
                    assertEquals(w.path("score").asDouble(), g.<Double>getAs("score"), 1e-4, where + " score " + k);
                    boolean decided = k + 1 >= top3.size()
                            || top3.get(k).path("score").asDouble()
                                            - top3.get(k + 1).path("score").asDouble()
                                    > 1e-5;
                    if (decided
                            && (k == 0
                                    || top3.get(k - 1).path("score").asDouble()
                                                    - w.path("score").asDouble()
                                            > 1e-5)) {
                        int s = w.path("start").asInt();
                        int e = w.path("end").asInt();
                        assertEquals(
                                enc.starts()[s],
                                (int) g.<Integer>getAs("start"),
                                where + " start of " + w.path("answer_text"));
                        assertEquals(enc.ends()[e], (int) g.<Integer>getAs("end"), where + " end");
                        assertEquals(
                                w.path("answer_text").asText(),
                                tok.decode(Arrays.copyOfRange(enc.ids(), s, e + 1), false),
                                where + " answer tokens");
                        assertEquals(w.path("answer_text").asText().strip(), g.getAs("answer"), where + " answer");
                    }
                }
            }
        });
    }

    @TestFactory
    List<DynamicTest> fillMask() {
        return each("fill-mask", (model, c) -> {
            JsonNode expected = Fixtures.json(c.resolve("expected.json"));
            List<String> texts = texts(Fixtures.json(c.resolve("inputs.json")));
            Npy ids = Npy.read(c.resolve("input_ids.npy"));
            Npy mask = Npy.read(c.resolve("attention_mask.npy"));
            TextTokenizer tok = tokenizer(model, 0, "longest_first");
            List<Row> out = new FillMask()
                    .setModelPath(model.toString())
                    .setErrorCol("error")
                    .setDevice("cpu")
                    .transform(frame(texts))
                    .orderBy("id")
                    .collectAsList();
            for (int i = 0; i < texts.size(); i++) {
                String where = c.getFileName() + "[" + i + "]";
                assertArrayEquals(ids(ids, mask, i), encode(tok, texts.get(i)).ids(), where + " ids");
                assertNull(out.get(i).getAs("error"));
                List<Row> masks = out.get(i).getList(out.get(i).fieldIndex("masks"));
                JsonNode per = expected.path("postprocess").path("per_text").get(i);
                assertEquals(per.path("masks").size(), masks.size(), where + " masks");
                for (int m = 0; m < masks.size(); m++) {
                    JsonNode want = per.path("masks").get(m);
                    Row got = masks.get(m);
                    assertEquals(want.path("position").asInt(), (int) got.<Integer>getAs("position"));
                    List<Row> preds = got.getList(got.fieldIndex("predictions"));
                    JsonNode pipeline = per.path("pipeline_top5");
                    JsonNode pipe = !pipeline.isArray() ? null : pipeline.get(0).isArray() ? pipeline.get(m) : pipeline;
                    JsonNode gaps = want.path("gaps");
                    for (int k = 0; k < want.path("top5").size(); k++) {
                        boolean decided = (k == 0 || gaps.get(k - 1).asDouble() > 1e-5)
                                && (k >= gaps.size() || gaps.get(k).asDouble() > 1e-5);
                        if (decided) {
                            JsonNode w = want.path("top5").get(k);
                            Row g = preds.get(k);
                            assertEquals(
                                    w.path("token").asLong(),
                                    (long) g.<Long>getAs("token"),
                                    where + " token at rank " + k);
                            assertEquals(w.path("token_str").asText(), g.getAs("tokenStr"), where + " token_str");
                            assertEquals(w.path("score").asDouble(), g.<Double>getAs("score"), 1e-4, where + " score");
                            if (pipe != null) {
                                assertEquals(
                                        pipe.get(k).path("sequence").asText(),
                                        g.getAs("sequence"),
                                        where + " sequence");
                            }
                        }
                    }
                }
            }
        });
    }

    static TextTokenizer.Encoded encode(TextTokenizer tok, String text) {
        try {
            return tok.encode(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TextTokenizer.Encoded encodePair(TextTokenizer tok, String a, String b) {
        try {
            return tok.encodePair(a, b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.head.SegmentationMap;
import io.sparkformers.head.SegmentationParityTest;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The breadth suite: every export under {@code src/test/resources/breadth/} — tiny random models of many
 * architectures exported by optimum 1.17.1 as users export them ({@code src/test/python/breadth_references.py}) —
 * run through its task's stage with default Params and compared with transformers 4.37.2's answers recorded next to
 * it: the image-classification pipeline's labels and scores (and the logits), the model's pooled features, the
 * semantic map of {@code post_process_semantic_segmentation}, the question-answering pipeline's answer.
 * Which architecture and task an export is comes from its {@code reference.json}.
 */
class BreadthTest {
    static Path root() throws Exception {
        return Path.of(BreadthTest.class.getResource("/breadth").toURI());
    }

    static List<Path> exports() throws Exception {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("reference.json")))
                    .sorted()
                    .toList();
        }
    }

    @TestFactory
    List<DynamicTest> everyExportAsTransformers() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : exports()) {
            JsonNode ref = Fixtures.json(model.resolve("reference.json"));
            String name =
                    ref.path("architecture").asText() + " " + ref.path("task").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<JsonNode> cases = new ArrayList<>();
                ref.path("cases").forEach(cases::add);
                assertFalse(cases.isEmpty(), "no cases");
                switch (ref.path("task").asText()) {
                    case "image-classification" -> classification(model, cases);
                    case "feature-extraction" -> features(model, ref, cases);
                    case "semantic-segmentation", "image-segmentation" -> segmentation(model, cases);
                    case "question-answering" -> answers(model, cases);
                    default -> throw new AssertionError("no check for task " + ref.path("task"));
                }
            }));
        }
        assertFalse(tests.isEmpty(), "no exports under /breadth");
        return tests;
    }

    private static List<Row> images(ModelStage<?> stage, List<JsonNode> cases) throws Exception {
        return FamilyReferenceTest.run(stage, cases, root());
    }

    private static void classification(Path model, List<JsonNode> cases) throws Exception {
        List<Row> out = images(
                new ImageClassifier()
                        .setModelPath(model.toString())
                        .setTopK(cases.get(0).path("top_k").size()),
                cases);
        for (int i = 0; i < cases.size(); i++) {
            FamilyReferenceTest.assertClassified(out.get(i), cases.get(i));
        }
    }

    /**
     * The default pooling: the graph's pooler_output when it exports one, else the mean of last_hidden_state — over
     * tokens, or over height × width of a CNN's map; where the model's own pooler is that average (ResNet, RegNet),
     * the embedding is its pooler_output too.
     */
    private static void features(Path model, JsonNode ref, List<JsonNode> cases) throws Exception {
        List<Row> out = images(new ImageEmbedder().setModelPath(model.toString()), cases);
        boolean graphPools = false;
        for (JsonNode o : ref.path("graph_outputs")) {
            graphPools |= o.asText().equals(EmbeddingHead.POOLER);
        }
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            double[] got = ((Vector) out.get(i).getAs("embedding")).toArray();
            String where = c.path("file").asText();
            assertClose(c.path(graphPools ? "pooler_output" : "mean_pooled"), got, where);
            if (c.path("pooler_is_mean").asBoolean(false)) {
                assertClose(c.path("pooler_output"), got, where + " (the model's pooler)");
            }
        }
    }

    private static void assertClose(JsonNode want, double[] got, String where) {
        assertEquals(want.size(), got.length, where + " size");
        for (int k = 0; k < got.length; k++) {
            double w = want.get(k).asDouble();
            assertEquals(w, got[k], 1e-4 * Math.max(1, Math.abs(w)), where + " [" + k + "]");
        }
    }

    private static void segmentation(Path model, List<JsonNode> cases) throws Exception {
        List<Row> out = images(new ImageSegmenter().setModelPath(model.toString()), cases);
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            SegmentationMap map = VisionStagesParityTest.mapOf(out.get(i).getAs("segmentation"));
            assertEquals(c.path("height").asInt(), map.height(), "height");
            assertEquals(c.path("width").asInt(), map.width(), "width");
            byte[] packed =
                    inflate(Base64.getDecoder().decode(c.path("map_zlib_u8").asText()));
            int[] want = new int[packed.length];
            for (int p = 0; p < want.length; p++) {
                want[p] = packed[p] & 0xFF;
            }
            JsonNode shape = c.path("logits_shape");
            float[] logits = new float[c.path("logits").size()];
            for (int k = 0; k < logits.length; k++) {
                logits[k] = (float) c.path("logits").get(k).asDouble();
            }
            // The stage's logits are ONNX Runtime's, the reference's PyTorch's: a flip is a tie within 1e-4.
            SegmentationParityTest.assertSemanticMapMatches(
                    map,
                    want,
                    logits,
                    0,
                    shape.get(0).asInt(),
                    shape.get(1).asInt(),
                    shape.get(2).asInt(),
                    1e-4,
                    c.path("file").asText());
        }
    }

    private static byte[] inflate(byte[] zlib) throws Exception {
        Inflater inflater = new Inflater();
        inflater.setInput(zlib);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!inflater.finished()) {
            out.write(buf, 0, inflater.inflate(buf));
        }
        inflater.end();
        return out.toByteArray();
    }

    /** The pipeline's defaults: a window of min(model_max_length, 384) tokens, stride min(window / 2, 128). */
    private static void answers(Path model, List<JsonNode> cases) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            rows.add(RowFactory.create(
                    i,
                    cases.get(i).path("question").asText(),
                    cases.get(i).path("context").asText()));
        }
        StructType schema = new StructType()
                .add("i", DataTypes.IntegerType)
                .add("question", DataTypes.StringType)
                .add("context", DataTypes.StringType);
        List<Row> out = new QuestionAnswerer()
                .setModelPath(model.toString())
                .setErrorCol("error")
                .setHandleInvalid("keep")
                .setDevice("cpu")
                .transform(Spark.session().createDataFrame(rows, schema))
                .orderBy("i")
                .collectAsList();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            Row r = out.get(i);
            assertNull(r.getAs("error"), c.path("question").asText());
            Row best = r.<Row>getList(r.fieldIndex("answers")).get(0);
            String where = c.path("question").asText();
            assertEquals(c.path("answer").asText(), best.getAs("answer"), where);
            assertEquals(c.path("score").asDouble(), ((Number) best.getAs("score")).doubleValue(), 1e-5, where);
            assertEquals(c.path("start").asInt(), (int) best.getAs("start"), where);
            assertEquals(c.path("end").asInt(), (int) best.getAs("end"), where);
        }
    }
}

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
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every image-classification export of the fixture set, every case, through the public stage from file paths:
 * logits, softmax scores and the top-5 label order equal what Hugging Face computed.
 */
class ImageClassifierParityTest {
    static final StructType PATHS =
            new StructType().add("id", DataTypes.IntegerType).add("path", DataTypes.StringType);

    @TestFactory
    List<DynamicTest> matchesHuggingFace() {
        Path root = Fixtures.root();
        List<Path> models = Fixtures.models("image-classification");
        assertFalse(models.isEmpty(), "no image-classification model in " + root);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : models) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(
                        model.getFileName() + "/" + c.getFileName(), () -> check(root, model, c)));
            }
        }
        return tests;
    }

    private static void check(Path root, Path model, Path c) {
        JsonNode inputs = Fixtures.json(c.resolve("inputs.json"));
        JsonNode expected = Fixtures.json(c.resolve("expected.json"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < inputs.path("images").size(); i++) {
            rows.add(RowFactory.create(
                    i, root.resolve(inputs.path("images").get(i).asText()).toString()));
        }
        Dataset<Row> df = Spark.session().createDataFrame(rows, PATHS).coalesce(1);
        ImageClassifier clf = new ImageClassifier()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setBatchSize(2)
                .setDevice("cpu")
                .setErrorCol("error");
        List<Row> out = clf.transform(df).orderBy("id").collectAsList();
        Npy logits = Npy.read(c.resolve("logits.npy"));
        double atol = Fixtures.outputTolerance(expected, "logits");
        // A softmax score moves by at most 2·p·δ when every logit moves by δ: ONNX Runtime's own distance from PyTorch
        // on the logits (max |ORT−PT|, up to 5e-4 for LeViT) carries into the scores on top of the 1e-4 budget.
        double ortVsTorch = expected.path("onnxruntime_check")
                .path("max_abs_diff")
                .path("logits")
                .asDouble(0);
        double scoreTol = Math.max(1e-4, 2 * ortVsTorch);
        assertEquals(logits.shape()[0], out.size(), "one row per input");
        for (int i = 0; i < out.size(); i++) {
            Row r = out.get(i);
            String where = model.getFileName() + "/" + c.getFileName() + "[" + i + "]";
            assertNull(r.getAs("error"), where);
            assertClose(logits.row(i), ((Vector) r.getAs("rawPrediction")).toArray(), atol, 1e-4, where + " logits");
            JsonNode top5 =
                    expected.path("postprocess").path("per_image").get(i).path("top5");
            JsonNode gaps =
                    expected.path("postprocess").path("per_image").get(i).path("top5_score_gaps");
            List<Row> topK = r.getList(r.fieldIndex("topK"));
            assertEquals(top5.size(), topK.size(), where + " topK size");
            double[] p = ((Vector) r.getAs("probability")).toArray();
            for (int k = 0; k < top5.size(); k++) {
                JsonNode want = top5.get(k);
                assertEquals(
                        want.path("score").asDouble(),
                        p[want.path("index").asInt()],
                        scoreTol,
                        where + " score of " + want);
                boolean rankIsDecided = (k == 0 || gaps.get(k - 1).asDouble() > 1e-3)
                        && (k >= gaps.size() || gaps.get(k).asDouble() > 1e-3);
                if (rankIsDecided) {
                    assertEquals(want.path("label").asText(), topK.get(k).getString(0), where + " label at rank " + k);
                    assertEquals(
                            want.path("score").asDouble(),
                            topK.get(k).getDouble(1),
                            scoreTol,
                            where + " score at rank " + k);
                }
            }
            assertEquals(
                    top5.get(0).path("index").asInt(),
                    (int) r.getDouble(r.fieldIndex("prediction")),
                    where + " prediction");
            assertEquals(
                    top5.get(0).path("label").asText(), r.getString(r.fieldIndex("predictedLabel")), where + " label");
        }
    }
}

package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * Every text-features export and case: token ids equal the Hugging Face tokenizer's, and the stage's cls, mean and
 * pooler vectors equal the same poolings of the PyTorch {@code last_hidden_state} / {@code pooler_output}.
 */
class TextEmbedderParityTest {
    static final StructType TEXTS =
            new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);

    @TestFactory
    List<DynamicTest> matchesHuggingFace() {
        List<Path> models = Fixtures.models("text-features");
        assertFalse(models.isEmpty(), "no text-features model in " + Fixtures.root());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : models) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> check(model, c)));
            }
        }
        return tests;
    }

    static List<String> texts(JsonNode inputs) {
        JsonNode t = inputs.path("texts");
        List<String> out = new ArrayList<>();
        if (t.isArray()) {
            t.forEach(n -> out.add(n.asText()));
        } else {
            out.add(t.asText());
        }
        return out;
    }

    private static void check(Path model, Path c) throws Exception {
        JsonNode expected = Fixtures.json(c.resolve("expected.json"));
        List<String> texts = texts(Fixtures.json(c.resolve("inputs.json")));
        Npy ids = Npy.read(c.resolve("input_ids.npy"));
        Npy mask = Npy.read(c.resolve("attention_mask.npy"));
        Npy hidden = Npy.read(c.resolve("last_hidden_state.npy"));
        Npy pooler = Npy.read(c.resolve("pooler_output.npy"));
        int seq = (int) ids.shape()[1];
        int width = (int) hidden.shape()[2];

        ModelDirectory md = ModelDirectory.open(model.toString(), new Configuration());
        TextTokenizer tok = TextTokenizer.forModel(md, model, 0);
        for (int i = 0; i < texts.size(); i++) {
            long[] want = Arrays.copyOfRange(ids.longs(), i * seq, (i + 1) * seq);
            int real = 0;
            for (int k = 0; k < seq; k++) {
                real += mask.longs()[i * seq + k] != 0 ? 1 : 0;
            }
            assertArrayEquals(
                    Arrays.copyOf(want, real), tok.encode(texts.get(i)).ids(), c.getFileName() + " ids of text " + i);
        }

        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        Dataset<Row> df = Spark.session().createDataFrame(rows, TEXTS).coalesce(1);
        double atolHidden = Fixtures.outputTolerance(expected, "last_hidden_state");
        double atolPooler = Fixtures.outputTolerance(expected, "pooler_output");
        for (String pooling : List.of("cls", "mean", "pooler")) {
            List<Row> out = new TextEmbedder()
                    .setModelPath(model.toString())
                    .setPooling(pooling)
                    .setOutputCol("v")
                    .setErrorCol("error")
                    .setBatchSize(3)
                    .setDevice("cpu")
                    .transform(df)
                    .orderBy("id")
                    .collectAsList();
            for (int i = 0; i < texts.size(); i++) {
                assertNull(out.get(i).getAs("error"));
                double[] got = ((Vector) out.get(i).getAs("v")).toArray();
                float[] want = new float[width];
                if (pooling.equals("pooler")) {
                    want = pooler.row(i);
                } else {
                    int n = 0;
                    double[] acc = new double[width];
                    for (int t = 0; t < seq; t++) {
                        if (pooling.equals("cls") ? t == 0 : mask.longs()[i * seq + t] != 0) {
                            n++;
                            for (int h = 0; h < width; h++) {
                                acc[h] += hidden.floats()[(i * seq + t) * width + h];
                            }
                        }
                    }
                    for (int h = 0; h < width; h++) {
                        want[h] = (float) (acc[h] / n);
                    }
                }
                assertClose(
                        want,
                        got,
                        pooling.equals("pooler") ? atolPooler : atolHidden,
                        1e-4,
                        c.getFileName() + " " + pooling + " vector of text " + i);
            }
        }
    }
}

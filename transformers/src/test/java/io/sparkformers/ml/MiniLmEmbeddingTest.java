package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** A real pretrained encoder (sentence-transformers all-MiniLM-L6-v2, int8) loaded from the classpath. */
class MiniLmEmbeddingTest {
    static final String MODEL = "classpath:models/all-MiniLM-L6-v2";
    static final StructType TEXTS =
            new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);

    /** batchSize 0: the stage's default. */
    static List<double[]> embed(List<String> texts, int batchSize) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        TextEmbedder stage =
                new TextEmbedder().setModelPath(MODEL).setNormalize(true).setDevice("cpu");
        if (batchSize > 0) {
            stage.setBatchSize(batchSize);
        }
        List<Row> out = stage.transform(
                        Spark.session().createDataFrame(rows, TEXTS).coalesce(1))
                .orderBy("id")
                .collectAsList();
        List<double[]> v = new ArrayList<>();
        out.forEach(r -> v.add(((Vector) r.getAs("embedding")).toArray()));
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        List<double[]> v = embed(
                List.of(
                        "A man is playing a guitar.", "Someone plays an acoustic guitar.",
                        "The stock market fell sharply today.", "Shares dropped steeply on Wall Street this afternoon.",
                        "How do I bake sourdough bread?", "What is the recipe for sourdough loaves?"),
                4);
        assertEquals(384, v.get(0).length);
        for (int p = 0; p < 6; p += 2) {
            double same = dot(v.get(p), v.get(p + 1));
            for (int q = 0; q < 6; q++) {
                if (q / 2 != p / 2) {
                    double other = dot(v.get(p), v.get(q));
                    assertTrue(
                            same > other + 0.2, "pair " + p + " cos " + same + " vs unrelated " + q + " cos " + other);
                }
            }
        }
        assertEquals(1.0, dot(v.get(0), v.get(0)), 1e-6, "normalised");
    }

    @Test
    void dynamicallyQuantizedGraphRunsRowsAloneByDefault() {
        assertTrue(
                ModelDirectory.open(MODEL, new Configuration()).dynamicQuantization(),
                "the int8 MiniLM quantizes activations at run time");
        List<String> texts = List.of("Spark runs transformers.", "word ".repeat(100), "another sentence entirely");
        double[] alone = embed(List.of(texts.get(0)), 0).get(0);
        double[] inBatch = embed(texts, 0).get(0);
        Assertions.assertArrayEquals(alone, inBatch, 0.0, "same result whatever the neighbours");
    }

    @Test
    void floatEmbeddingDoesNotDependOnBatchPadding() {
        // A float graph (the int8 MiniLM is batch-dependent by construction, see above): padding is masked out.
        String model = Fixtures.models("text-features").get(0).toString();
        String shortText = "Spark runs transformers.";
        String longText = "a much longer sentence that forces padding of the short one ".repeat(30);
        StructType schema = TEXTS;
        Row alone = new TextEmbedder()
                .setModelPath(model)
                .setBatchSize(1)
                .setDevice("cpu")
                .transform(Spark.session().createDataFrame(List.of(RowFactory.create(0, shortText)), schema))
                .first();
        List<Row> batched = new TextEmbedder()
                .setModelPath(model)
                .setBatchSize(3)
                .setBucketing(false)
                .setDevice("cpu")
                .transform(Spark.session()
                        .createDataFrame(
                                List.of(
                                        RowFactory.create(0, longText),
                                        RowFactory.create(1, shortText),
                                        RowFactory.create(2, longText.substring(0, 200))),
                                schema)
                        .coalesce(1))
                .orderBy("id")
                .collectAsList();
        double[] a = ((Vector) alone.getAs("embedding")).toArray();
        float[] want = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            want[i] = (float) a[i];
        }
        assertClose(
                want,
                ((Vector) batched.get(1).getAs("embedding")).toArray(),
                1e-5,
                1e-4,
                "short text batched with long ones");
    }

    @Test
    void stageEqualsDirectOnnxRuntimeCall() throws Exception {
        String text = "Direct calls and the Spark stage must agree.";
        double[] staged = embed(List.of(text), 1).get(0);
        URL dir = getClass().getClassLoader().getResource("models/all-MiniLM-L6-v2");
        Path p = Path.of(dir.toURI());
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(
                        p.resolve("all-minilm-l6-v2-q-tokenizer.json"),
                        Map.of("padding", "false", "truncation", "true", "maxLength", "128"));
                OrtSession s = OrtEnvironment.getEnvironment()
                        .createSession(p.resolve("all-minilm-l6-v2-q.onnx").toString())) {
            Encoding e = tok.encode(text);
            long[][] ids = {e.getIds()};
            long[][] mask = {e.getAttentionMask()};
            long[][] types = {e.getTypeIds()};
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OnnxTensor a = OnnxTensor.createTensor(env, ids);
                    OnnxTensor b = OnnxTensor.createTensor(env, mask);
                    OnnxTensor c = OnnxTensor.createTensor(env, types);
                    OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                float[][][] hidden = (float[][][]) r.get(0).getValue();
                float[] mean = new float[hidden[0][0].length];
                for (float[] t : hidden[0]) {
                    for (int h = 0; h < mean.length; h++) {
                        mean[h] += t[h] / hidden[0].length;
                    }
                }
                double norm = 0;
                for (float m : mean) {
                    norm += m * m;
                }
                for (int h = 0; h < mean.length; h++) {
                    mean[h] /= (float) Math.sqrt(norm);
                }
                assertClose(mean, staged, 1e-5, 1e-4, "stage vs direct ORT");
            }
        }
    }
}

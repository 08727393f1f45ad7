package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import io.sparkformers.testing.TinyOnnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MultipleChoice on a hand-made graph whose logit for a choice is its number of real tokens (sum of the attention
 * mask): the scores must equal the token counts of each (prompt, choice) pair, so the longest choice wins.
 */
class MultipleChoiceTest {
    /** {@code text}'s tokenizer and a multiple-choice graph whose logit for a choice is its token count. */
    static void writeModel(Path text, Path dir) throws IOException {
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "config.json", "special_tokens_map.json")) {
            Files.copy(text.resolve(f), dir.resolve(f));
        }
        Files.write(
                dir.resolve("model.onnx"),
                new TinyOnnx()
                        .input("input_ids", TinyOnnx.INT64, "batch", "choices", "tokens")
                        .input("attention_mask", TinyOnnx.INT64, "batch", "choices", "tokens")
                        .initializer("axes", 2)
                        .node("Cast", new String[] {"attention_mask"}, new String[] {"mask_f"}, "to", TinyOnnx.FLOAT)
                        .node("ReduceSum", new String[] {"mask_f", "axes"}, new String[] {"logits"}, "keepdims", 0)
                        .output("logits", TinyOnnx.FLOAT, "batch", "choices")
                        .model());
    }

    @Test
    void scoresEveryChoiceAsAPair(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mc"));
        writeModel(Fixtures.models("text-classification").get(0), dir);
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("prompt", DataTypes.StringType)
                .add("choices", DataTypes.createArrayType(DataTypes.StringType));
        List<Row> rows = List.of(
                RowFactory.create(0, "Pick one:", List.of("a", "a much longer answer", "medium one")),
                RowFactory.create(1, "Two options", List.of("yes, certainly so", "no")),
                RowFactory.create(2, "Empty", List.of()));
        List<Row> out = new MultipleChoice()
                .setModelPath(dir.toString())
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(Spark.session().createDataFrame(rows, schema))
                .orderBy("id")
                .collectAsList();
        TextTokenizer tok = TextTokenizer.forModel(ModelDirectory.open(dir.toString(), new Configuration()), dir, 0);
        for (int i = 0; i < 2; i++) {
            Row r = out.get(i);
            assertNull(r.getAs("error"));
            @SuppressWarnings("unchecked")
            List<String> choices = (List<String>) rows.get(i).get(2);
            double[] want = new double[choices.size()];
            for (int k = 0; k < want.length; k++) {
                want[k] =
                        tok.encodePair(rows.get(i).getString(1), choices.get(k)).length();
            }
            assertArrayEquals(want, ((Vector) r.getAs("rawPrediction")).toArray(), 0.0, "row " + i);
            int best = 0;
            for (int k = 1; k < want.length; k++) {
                best = want[k] > want[best] ? k : best;
            }
            assertEquals(best, (int) r.getDouble(r.fieldIndex("prediction")));
            assertEquals(choices.get(best), r.getAs("predictedLabel"), "the chosen choice is the label");
            List<Row> top = r.getList(r.fieldIndex("topK"));
            assertEquals(choices.size(), top.size(), "every choice, best first (fewer than topK)");
            assertEquals(choices.get(best), top.get(0).getString(0));
            assertEquals(
                    1.0,
                    Arrays.stream(((Vector) r.getAs("probability")).toArray()).sum(),
                    1e-9);
        }
        assertTrue(out.get(2).<String>getAs("error").contains("no choices"));
        // A row's choices are batch rows of their own: a batch of one row still scores all of its choices together.
        Row alone = new MultipleChoice()
                .setModelPath(dir.toString())
                .setDevice("cpu")
                .setBatchSize(1)
                .setRawPredictionCol("")
                .setTopKCol("")
                .transform(Spark.session().createDataFrame(rows.subList(0, 1), schema))
                .first();
        assertEquals(
                List.of("id", "prompt", "choices", "probability", "prediction", "predictedLabel"),
                Arrays.asList(alone.schema().fieldNames()),
                "an empty column name drops the column");
        assertEquals(out.get(0).getDouble(out.get(0).fieldIndex("prediction")), alone.getDouble(4));
    }
}

package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Question answering on a model shorter than the pipeline's 384-token window (a breadth-suite export whose
 * tokenizer says so): the window is the model's, the stride the pipeline's {@code min(window / 2, 128)} unless set,
 * and a stride that leaves no room is refused in one line naming both.
 */
class QuestionWindowLimitTest {
    static Path shortModel() throws Exception {
        for (Path p : BreadthTest.exports()) {
            JsonNode ref = Fixtures.json(p.resolve("reference.json"));
            if (ref.path("task").asText().equals("question-answering")) {
                return p;
            }
        }
        throw new AssertionError("no question-answering export in the breadth suite");
    }

    static Dataset<Row> longContext() throws Exception {
        JsonNode last = null;
        for (JsonNode c : Fixtures.json(shortModel().resolve("reference.json")).path("cases")) {
            last = c;
        }
        StructType schema =
                new StructType().add("question", DataTypes.StringType).add("context", DataTypes.StringType);
        return Spark.session()
                .createDataFrame(
                        List.of(RowFactory.create(
                                last.path("question").asText(),
                                last.path("context").asText())),
                        schema);
    }

    @Test
    void thePipelinesStrideRuleFollowsTheModelsWindow() {
        assertEquals(128, QuestionAnswerer.windowStride(QuestionAnswerer.PIPELINE_STRIDE, 384));
        assertEquals(64, QuestionAnswerer.windowStride(QuestionAnswerer.PIPELINE_STRIDE, 128));
        assertEquals(50, QuestionAnswerer.windowStride(QuestionAnswerer.PIPELINE_STRIDE, 101));
        assertEquals(100, QuestionAnswerer.windowStride(100, 128), "a stride the user set is kept");
    }

    @Test
    void aStrideTheModelsWindowCannotHoldIsRefusedInOneLine() throws Exception {
        Path model = shortModel();
        QuestionAnswerer qa = new QuestionAnswerer()
                .setModelPath(model.toString())
                .setDevice("cpu")
                .setDocStride(200);
        Exception e =
                assertThrows(Exception.class, () -> qa.transform(longContext()).collectAsList());
        String message = String.valueOf(e.getMessage()) + " " + e.getCause();
        assertTrue(
                message.contains("docStride 200 must be below the window of"),
                "the refusal names the stride and the window: " + message);
        // maxSeqLength alone, as the pipeline takes it: the stride follows it.
        List<Row> rows = new QuestionAnswerer()
                .setModelPath(model.toString())
                .setDevice("cpu")
                .setMaxSeqLength(64)
                .setErrorCol("error")
                .setHandleInvalid("keep")
                .transform(longContext())
                .collectAsList();
        assertNull(rows.get(0).getAs("error"));
        assertEquals(1, rows.get(0).getList(rows.get(0).fieldIndex("answers")).size());
    }

    /**
     * A question that leaves the context no more tokens per window than the stride: Rust's tokenizers would panic and
     * abort the JVM (an executor, with its other tasks); the row is refused instead, and the rows after it run.
     */
    @Test
    void aQuestionThatLeavesNoRoomForTheContextIsAnInvalidRow() throws Exception {
        Row row = longContext().first();
        String context = row.getString(1);
        // The longest start of the context that, as the question, leaves the context between 1 and a few tokens of
        // the window: fewer than the stride, where the tokenizer's assertion fires.
        Path model = shortModel();
        ModelDirectory dir = ModelDirectory.open(model.toString(), new Configuration());
        int window = TextTokenizer.modelMaxLength(dir, model.resolve(dir.tokenizerFileName()));
        TextTokenizer whole = TextTokenizer.forModel(dir, model, 1_000_000);
        String[] words = context.split(" ");
        String question = words[0];
        for (int n = 2; n <= words.length; n++) {
            String q = String.join(" ", Arrays.copyOf(words, n));
            if (whole.encodePair(q, words[0]).length() >= window) {
                break;
            }
            question = q;
        }
        StructType schema =
                new StructType().add("question", DataTypes.StringType).add("context", DataTypes.StringType);
        List<Row> rows = new QuestionAnswerer()
                .setModelPath(model.toString())
                .setDevice("cpu")
                .setErrorCol("error")
                .setHandleInvalid("keep")
                .transform(Spark.session()
                        .createDataFrame(
                                List.of(
                                        RowFactory.create(question, context),
                                        RowFactory.create(row.getString(0), context)),
                                schema)
                        .coalesce(1))
                .collectAsList();
        String error = rows.get(0).getAs("error");
        assertTrue(
                error != null && error.contains("the question leaves no room for the context in a window of"),
                String.valueOf(error));
        assertNull(rows.get(1).getAs("error"), "the next row runs");
    }
}

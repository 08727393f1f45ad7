package io.sparkformers.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The scalar SQL functions against Hugging Face's reference outputs directly — one task per modality, every case
 * of the fixtures: {@code hf_classify_image}'s top-5, {@code hf_classify_text}'s scores, {@code hf_transcribe}'s
 * transcripts (single-clip cases).
 */
class SqlFixtureParityTest {
    static final SparkSession spark = SqlSession.get();

    /**
     * Whether rank {@code k}'s label is decided: the reference's score gaps to its neighbours ({@code gaps[k-1]} above,
     * {@code gaps[k]} below) are well above the scores' tolerance, as the fixtures README asks.
     */
    static boolean decided(JsonNode gaps, int k) {
        return (k == 0 || gaps.get(k - 1).asDouble() > 1e-3)
                && (k >= gaps.size() || gaps.get(k).asDouble() > 1e-3);
    }

    @Test
    void classifyImageGivesThePipelinesTopFive() {
        for (Path model : Fixtures.models("image-classification")) {
            for (Path c : Fixtures.cases(model)) {
                JsonNode inputs = Fixtures.json(c.resolve("inputs.json")).path("images");
                JsonNode perImage = Fixtures.json(c.resolve("expected.json"))
                        .path("postprocess")
                        .path("per_image");
                JsonNode expected = Fixtures.json(c.resolve("expected.json"));
                double tol = Math.max(
                        1e-4,
                        2
                                * expected.path("onnxruntime_check")
                                        .path("max_abs_diff")
                                        .path("logits")
                                        .asDouble(0));
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    rows.add(RowFactory.create(
                            i, Fixtures.root().resolve(inputs.get(i).asText()).toString()));
                }
                spark.createDataFrame(
                                rows,
                                new StructType()
                                        .add("id", DataTypes.IntegerType)
                                        .add("path", DataTypes.StringType))
                        .createOrReplaceTempView("images");
                List<Row> out = spark.sql(
                                "SELECT id, hf_classify_image('" + model + "', path, map('top_k', '5', 'device', 'cpu',"
                                        + " 'handle_invalid', 'keep')) AS r FROM images ORDER BY id")
                        .collectAsList();
                assertEquals(inputs.size(), out.size());
                for (int i = 0; i < out.size(); i++) {
                    Row r = out.get(i).getStruct(1);
                    String where = model.getFileName() + "/" + c.getFileName() + "[" + i + "]";
                    assertNull(r.getAs("error"), where);
                    JsonNode top5 = perImage.get(i).path("top5");
                    JsonNode gaps = perImage.get(i).path("top5_score_gaps");
                    List<Row> topK = r.getList(r.fieldIndex("topK"));
                    assertEquals(top5.size(), topK.size(), where);
                    for (int k = 0; k < top5.size(); k++) {
                        if (decided(gaps, k)) {
                            assertEquals(
                                    top5.get(k).path("label").asText(),
                                    topK.get(k).getString(0),
                                    where + " rank " + k);
                            assertEquals(
                                    top5.get(k).path("score").asDouble(),
                                    topK.get(k).getDouble(1),
                                    tol,
                                    where + " rank " + k);
                        }
                    }
                }
            }
        }
    }

    @Test
    void classifyTextGivesThePipelinesScores() {
        for (Path model : Fixtures.models("text-classification")) {
            for (Path c : Fixtures.cases(model)) {
                JsonNode texts = Fixtures.json(c.resolve("inputs.json")).path("texts");
                JsonNode perText = Fixtures.json(c.resolve("expected.json"))
                        .path("postprocess")
                        .path("per_text");
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) {
                    rows.add(RowFactory.create(i, texts.get(i).asText()));
                }
                spark.createDataFrame(
                                rows,
                                new StructType()
                                        .add("id", DataTypes.IntegerType)
                                        .add("text", DataTypes.StringType))
                        .createOrReplaceTempView("texts");
                int labels = perText.get(0).path("all_scores_sorted").size();
                List<Row> out = spark.sql("SELECT id, hf_classify_text('" + model + "', text, map('top_k', '" + labels
                                + "', 'device', 'cpu')) AS r FROM texts ORDER BY id")
                        .collectAsList();
                assertEquals(texts.size(), out.size());
                for (int i = 0; i < out.size(); i++) {
                    JsonNode want = perText.get(i).path("all_scores_sorted");
                    List<Row> topK = out.get(i)
                            .getStruct(1)
                            .getList(out.get(i).getStruct(1).fieldIndex("topK"));
                    String where = model.getFileName() + "/" + c.getFileName() + "[" + i + "]";
                    assertEquals(want.size(), topK.size(), where);
                    for (int k = 0; k < want.size(); k++) {
                        double score = want.get(k).path("score").asDouble();
                        assertEquals(score, topK.get(k).getDouble(1), 1e-4, where + " rank " + k);
                        if (decided(perText.get(i).path("gaps"), k)) {
                            assertEquals(
                                    want.get(k).path("label").asText(),
                                    topK.get(k).getString(0),
                                    where + " rank " + k);
                        }
                    }
                }
            }
        }
    }

    @Test
    void transcribeGivesTheTranscripts() {
        for (Path model : Fixtures.models("ctc")) {
            for (Path c : Fixtures.cases(model)) {
                JsonNode audio = Fixtures.json(c.resolve("inputs.json")).path("audio");
                if (audio.size() != 1) {
                    continue; // padded batches: SQL batches rows its own way; the stage test covers them
                }
                JsonNode want = Fixtures.json(c.resolve("expected.json"))
                        .path("postprocess")
                        .path("transcription");
                String path = Fixtures.root().resolve(audio.get(0).asText()).toString();
                Row r = spark.sql("SELECT hf_transcribe('" + model + "', '" + path + "', map('device', 'cpu')) AS r")
                        .first()
                        .getStruct(0);
                assertEquals(
                        want.get(0).asText(),
                        r.getAs("transcription"),
                        c.getFileName().toString());
            }
        }
    }
}

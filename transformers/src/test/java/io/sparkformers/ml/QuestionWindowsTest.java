package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Long contexts are read in overlapping windows: nothing past the first window is lost. */
class QuestionWindowsTest {
    @Test
    void answersComeFromEveryWindow() {
        Path model = Fixtures.models("question-answering").get(0);
        JsonNode inputs = Fixtures.json(model.resolve("cases/long_context_truncated/inputs.json"));
        String question = inputs.path("question").asText();
        String context = inputs.path("context").asText();
        var df = Spark.session()
                .createDataFrame(List.of(RowFactory.create(0, question, context)), TextHeadsParityTest.QA);
        QuestionAnswerer qa = new QuestionAnswerer()
                .setModelPath(model.toString())
                .setMaxSeqLength(64)
                .setDocStride(16)
                .setTopK(50)
                .setMaxAnswerLength(5)
                .setDevice("cpu")
                .setTruncatedCol("truncated");
        Row windowed = qa.transform(df).first();
        Row single = ((QuestionAnswerer) qa.copy(new ParamMap()))
                .setWindows(false)
                .transform(df)
                .first();
        List<Row> many = windowed.getList(windowed.fieldIndex("answers"));
        List<Row> one = single.getList(single.fieldIndex("answers"));
        assertEquals(false, windowed.getAs("truncated"), "windows read the whole context");
        assertEquals(true, single.getAs("truncated"), "one window cuts the context and says so");
        int firstWindowEnd =
                one.stream().mapToInt(r -> r.<Integer>getAs("end")).max().orElse(0);
        assertTrue(
                many.stream().anyMatch(r -> r.<Integer>getAs("start") > firstWindowEnd + 100),
                "answers from later windows (first window ends near char " + firstWindowEnd + ")");
        for (Row r : many) {
            assertEquals(context.substring(r.<Integer>getAs("start"), r.<Integer>getAs("end")), r.getAs("answer"));
        }
        for (int k = 1; k < many.size(); k++) {
            assertTrue(many.get(k - 1).<Double>getAs("score") >= many.get(k).<Double>getAs("score"), "sorted by score");
        }
    }
}

package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.batch.AudioActivations;
import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import io.sparkformers.testing.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs whose activations grow without bound are measured before they run: a clip too long for a head that needs
 * it whole is an invalid row naming its size and the Param to change, and batches hold only as many rows as fit
 * {@code maxInferenceMemory}.
 */
class InferenceMemoryTest {
    static final StructType PATHS =
            new StructType().add("id", DataTypes.IntegerType).add("path", DataTypes.StringType);

    static Dataset<Row> paths(List<Path> files) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            rows.add(RowFactory.create(i, files.get(i).toString()));
        }
        return Spark.session().createDataFrame(rows, PATHS).coalesce(1);
    }

    @Test
    void tenMinutesThroughWholeClipHeadsAreRefusedNamingTheirSize(@TempDir Path tmp) throws Exception {
        Path silence = Wav.write(tmp.resolve("silence.wav"), null, 8000, 600);
        Dataset<Row> df = paths(List.of(silence));
        for (Path model : List.of(
                Fixtures.models("audio-classification").get(0),
                Fixtures.models("ctc").get(0))) {
            ModelStage<?> stage = model.equals(Fixtures.models("ctc").get(0))
                    ? new SpeechRecognizer().setChunkLengthS(0)
                    : new AudioClassifier();
            Row r = ((InputColParams<?>) stage)
                    .setInputCol("path")
                    .setModelPath(model.toString())
                    .setDevice("cpu")
                    .setHandleInvalid("keep")
                    .setErrorCol("error")
                    .setMaxInferenceMemory(1L << 30)
                    .transform(df)
                    .first();
            String error = r.getAs("error");
            assertTrue(
                    error != null
                            && error.startsWith("a clip of 600.0 s (")
                            && error.contains("GiB of activation memory")
                            && error.contains("over the budget of 1.0 GiB (maxInferenceMemory)"),
                    String.valueOf(error));
            assertTrue(
                    error.contains(
                            stage instanceof SpeechRecognizer
                                    ? "set chunkLengthS to transcribe it in chunks"
                                    : "this head reads a clip whole"),
                    error);
        }
        // The recognizer's default reads it in chunks instead.
        Row chunked = new SpeechRecognizer()
                .setModelPath(Fixtures.models("ctc").get(0).toString())
                .setInputCol("path")
                .setDevice("cpu")
                .setErrorCol("error")
                .setMaxInferenceMemory(1L << 30)
                .transform(df)
                .first();
        assertNull(chunked.getAs("error"));
    }

    @Test
    void batchesHoldOnlyTheRowsThatFitTheBudget() {
        Path model = Fixtures.models("audio-classification").get(0);
        Fixtures.Input clip = Fixtures.inputs("audio").get(0);
        Dataset<Row> six = paths(List.of(clip.file(), clip.file(), clip.file(), clip.file(), clip.file(), clip.file()));
        AudioClassifier stage = new AudioClassifier()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setDevice("cpu")
                .setBatchSize(6)
                .setHandleInvalid("keep")
                .setErrorCol("error");

        // What one row needs, as the refusal of a 1-byte budget states it.
        String refusal = stage.setMaxInferenceMemory(1).transform(six).first().getAs("error");
        Matcher m = Pattern.compile("needs about ([0-9.]+) MiB").matcher(refusal);
        assertTrue(m.find(), refusal);
        long row = (long) (Double.parseDouble(m.group(1)) * (1 << 20));

        long before = BatchEngine.runs();
        List<Row> whole = stage.setMaxInferenceMemory(100 * row).transform(six).collectAsList();
        assertEquals(1, BatchEngine.runs() - before, "six rows in one call when they fit");
        before = BatchEngine.runs();
        List<Row> cut =
                stage.setMaxInferenceMemory((long) (2.5 * row)).transform(six).collectAsList();
        assertEquals(3, BatchEngine.runs() - before, "two rows a call when 2.5 rows fit");
        assertEquals(6, cut.size());
        for (int i = 0; i < 6; i++) {
            assertNull(cut.get(i).getAs("error"));
            assertEquals(
                    whole.get(i).<String>getAs("predictedLabel"), cut.get(i).getAs("predictedLabel"));
        }
    }

    @Test
    void attentionMakesTheEstimateQuadraticInTheClip() throws Exception {
        Path model = Fixtures.models("ctc").get(0);
        AudioActivations a =
                AudioActivations.of(Fixtures.JSON.readTree(Files.readString(model.resolve("config.json"))));
        long minute = a.bytes(60 * 16000);
        long tenMinutes = a.bytes(600 * 16000);
        assertTrue(tenMinutes > 50 * minute && tenMinutes <= 100 * minute, minute + " -> " + tenMinutes);
    }
}

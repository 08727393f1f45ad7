package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.EngineMetrics;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage's metrics reach Spark as named accumulators: a listener (what the UI's stage page and the event log are made
 * from) reads them back from a real local run, and they add up to what the run did.
 */
class StageMetricsTest {
    /** The accumulables of every completed stage, by name: summed over stages, as the stage page lists them. */
    static final class Accumulables extends SparkListener {
        final Map<String, Long> values = new ConcurrentHashMap<>();

        @Override
        public void onStageCompleted(SparkListenerStageCompleted done) {
            for (AccumulableInfo a : io.sparkformers.compat.ScalaCollections.list(
                    done.stageInfo().accumulables().values().toSeq())) {
                // The counters; the devices accumulator holds a list.
                if (a.name().isDefined()
                        && a.name().get().startsWith("sparkformers ")
                        && !a.name().get().endsWith(": devices")
                        && a.value().isDefined()) {
                    values.merge(a.name().get(), Long.parseLong(a.value().get().toString()), Long::sum);
                }
            }
        }
    }

    @Test
    void theStagePageShowsWhatTheStageDid(@TempDir Path tmp) throws Exception {
        SparkSession spark = Spark.session();
        List<Path> files = Fixtures.imageFiles();
        Path images = Files.createDirectories(tmp.resolve("images"));
        for (Path f : files) {
            Files.copy(f, images.resolve(f.getFileName()));
        }
        Files.writeString(images.resolve("broken.png"), "not an image");
        Accumulables listener = new Accumulables();
        spark.sparkContext().addSparkListener(listener);
        try {
            ImageClassifier stage = new ImageClassifier()
                    .setModelPath(Fixtures.models("image-classification").get(0).toString())
                    .setInputCol("content")
                    .setDevice("cpu")
                    .setBatchSize(2)
                    .setHandleInvalid("keep")
                    .setErrorCol("error");
            Dataset<Row> in = spark.read().format("binaryFile").load(images.toString());
            long rows = in.count();
            assertEquals(files.size() + 1, rows);
            List<Row> out = stage.transform(in).collectAsList();
            long invalid =
                    out.stream().filter(r -> !r.isNullAt(r.fieldIndex("error"))).count();
            assertTrue(invalid >= 1, "the broken file is an invalid row");
            spark.sparkContext().listenerBus().waitUntilEmpty();

            Map<String, Long> metrics = stage.metrics();
            String prefix = "sparkformers " + stage.name() + ": ";
            for (Map.Entry<String, Long> m : metrics.entrySet()) {
                assertEquals(m.getValue(), listener.values.get(prefix + m.getKey()), "the listener's " + m.getKey());
            }
            assertEquals(rows, metrics.get(EngineMetrics.ROWS));
            assertEquals(invalid, metrics.get(EngineMetrics.INVALID_ROWS));
            // Every valid image is one model row; two to a call at most.
            assertEquals(rows - invalid, metrics.get(EngineMetrics.MODEL_ROWS));
            long calls = metrics.get(EngineMetrics.CALLS);
            assertTrue(calls >= (rows - invalid + 1) / 2 && calls <= rows - invalid, "calls " + calls);
            assertEquals(0L, metrics.get(EngineMetrics.RETRIED_ROWS));
            assertTrue(metrics.get(EngineMetrics.INFERENCE_US) > 0, metrics.toString());
            assertTrue(metrics.get(EngineMetrics.PREPARE_US) > 0, metrics.toString());
            assertTrue(metrics.get(EngineMetrics.HEAD_US) > 0, metrics.toString());
            // Images are resized to one size: nothing padded.
            assertEquals(0L, metrics.get(EngineMetrics.PADDED));
            assertEquals(rows - invalid, metrics.get(EngineMetrics.ELEMENTS));
            assertTrue(
                    EngineMetrics.describe(metrics)
                            .startsWith(rows + " rows (" + invalid + " invalid), " + calls + " ONNX Runtime calls"),
                    EngineMetrics.describe(metrics));
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    void paddingIsCountedAlongTheAxisTextsArePaddedOn() throws Exception {
        SparkSession spark = Spark.session();
        Path model = Fixtures.models("text-classification").get(0);
        List<Row> texts = List.of(
                org.apache.spark.sql.RowFactory.create("a"),
                org.apache.spark.sql.RowFactory.create("a much longer text than the first one, with many more tokens"));
        TextClassifier stage = new TextClassifier()
                .setModelPath(model.toString())
                .setInputCol("text")
                .setDevice("cpu")
                .setBatchSize(2);
        Dataset<Row> in = spark.createDataFrame(
                        texts, new org.apache.spark.sql.types.StructType().add("text", "string"))
                .coalesce(1);
        stage.transform(in).collectAsList();
        Map<String, Long> m = stage.metrics();
        assertEquals(1L, m.get(EngineMetrics.CALLS));
        assertEquals(2L, m.get(EngineMetrics.MODEL_ROWS));
        // Two rows padded to the longer one: the short row's missing tokens are the padding.
        long elements = m.get(EngineMetrics.ELEMENTS);
        long padded = m.get(EngineMetrics.PADDED);
        assertEquals(0, elements % 2, "two rows of the longer length: " + m);
        assertTrue(padded > 0 && padded < elements / 2, m.toString());
    }
}

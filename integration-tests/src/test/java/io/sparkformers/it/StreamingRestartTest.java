package io.sparkformers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.ml.TextClassifier;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file-source stream through a classifier into a Parquet sink, stopped and restarted from its checkpoint. */
class StreamingRestartTest {
    @Test
    void everyRowOnceAcrossARestart(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.root();
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("sparkformers-stream")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Path in = Files.createDirectories(tmp.resolve("in"));
            StructType schema =
                    new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
            TextClassifier clf = new TextClassifier()
                    .setModelPath(root.resolve("data2vec-text-sequence-classification")
                            .toString())
                    .setDevice("cpu")
                    .setHandleInvalid("keep")
                    .setErrorCol("error");
            Runnable runOnce = () -> {
                try {
                    StreamingQuery q = clf.transform(
                                    spark.readStream().schema(schema).json(in.toString()))
                            .select("id", "predictedLabel")
                            .writeStream()
                            .format("parquet")
                            .option("path", tmp.resolve("out").toString())
                            .option("checkpointLocation", tmp.resolve("ckpt").toString())
                            .trigger(Trigger.AvailableNow())
                            .start();
                    q.awaitTermination();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            write(in.resolve("a.json"), 0, 20);
            runOnce.run();
            write(in.resolve("b.json"), 20, 35);
            runOnce.run();
            runOnce.run(); // nothing new: nothing written twice
            List<Row> out = spark.read()
                    .parquet(tmp.resolve("out").toString())
                    .orderBy("id")
                    .collectAsList();
            assertEquals(35, out.size());
            assertEquals(35, out.stream().map(r -> r.getInt(0)).distinct().count());
        } finally {
            spark.stop();
        }
    }

    static void write(Path file, int from, int to) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("{\"id\": ")
                    .append(i)
                    .append(", \"text\": \"sentence ")
                    .append(i)
                    .append("\"}\n");
        }
        Files.writeString(file, sb.toString());
    }
}

package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same stage on a streaming DataFrame gives the same vectors as on a batch one. */
class StreamingTest {
    @Test
    void embedsAStream(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(
                in.resolve("part-0.json"),
                "{\"id\":1,\"text\":\"Hello world!\"}\n{\"id\":2,\"text\":\"Streams of text.\"}\n");
        SparkSession spark = Spark.session();
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        TextEmbedder emb = new TextEmbedder()
                .setModelPath(Fixtures.root()
                        .resolve("data2vec-text-feature-extraction")
                        .toString())
                .setDevice("cpu")
                .setHandleInvalid("keep")
                .setErrorCol("error");
        Dataset<Row> stream = emb.transform(spark.readStream().schema(schema).json(in.toString()));
        StreamingQuery q = stream.writeStream()
                .format("memory")
                .queryName("embedded_stream")
                .outputMode("append")
                .option("checkpointLocation", tmp.resolve("ckpt").toString())
                .trigger(Trigger.AvailableNow())
                .start();
        q.awaitTermination();
        List<Row> streamed = spark.table("embedded_stream").orderBy("id").collectAsList();
        List<Row> batch = emb.transform(spark.read().schema(schema).json(in.toString()))
                .orderBy("id")
                .collectAsList();
        assertEquals(2, streamed.size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(
                    ((Vector) batch.get(i).getAs("embedding")).toArray(),
                    ((Vector) streamed.get(i).getAs("embedding")).toArray(),
                    1e-6);
        }
    }
}

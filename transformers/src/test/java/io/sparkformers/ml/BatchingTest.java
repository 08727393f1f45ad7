package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.SessionCache;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many partitions and odd batch sizes: one session per JVM, rows in their input order, the same answers. */
class BatchingTest {
    @Test
    void eightPartitionsShareOneSessionAndKeepRowOrder(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.root();
        Path model = Fixtures.freshCopy(root.resolve("convnext-image-classification"), tmp);
        List<String> files = new ArrayList<>();
        Map<String, byte[]> bytes = new HashMap<>();
        for (Fixtures.Input in : Fixtures.inputs("images")) {
            files.add(in.fileName());
            bytes.put(in.fileName(), Files.readAllBytes(in.file()));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            String f = files.get((i * 7) % files.size());
            rows.add(RowFactory.create(i, f, bytes.get(f)));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("file", DataTypes.StringType)
                .add("bytes", DataTypes.BinaryType);
        Dataset<Row> df = Spark.session()
                .createDataFrame(rows, schema)
                .repartition(8)
                .sortWithinPartitions("id")
                .withColumn("partition", org.apache.spark.sql.functions.spark_partition_id());
        long before = SessionCache.loads();
        List<Row> out = new ImageClassifier()
                .setModelPath(model.toString())
                .setInputCol("bytes")
                .setBatchSize(4)
                .setDevice("cpu")
                .setIntraOpThreads(1)
                .transform(df)
                .collectAsList();
        assertEquals(1, SessionCache.loads() - before, "driver validation and 8 tasks share one session");
        assertEquals(101, out.size());
        assertTrue(
                out.stream().map(r -> (Integer) r.getAs("partition")).distinct().count() > 4,
                "rows spread over partitions");

        // Within each partition rows come out in input order; every row's logits equal those of its image alone.
        Map<String, double[]> single = new HashMap<>();
        for (String f : files) {
            Dataset<Row> one = Spark.session().createDataFrame(List.of(RowFactory.create(0, f, bytes.get(f))), schema);
            single.put(
                    f,
                    ((Vector) new ImageClassifier()
                                    .setModelPath(model.toString())
                                    .setInputCol("bytes")
                                    .setBatchSize(1)
                                    .setDevice("cpu")
                                    .transform(one)
                                    .first()
                                    .getAs("rawPrediction"))
                            .toArray());
        }
        Map<Integer, Integer> lastIdOfPartition = new HashMap<>();
        for (Row r : out) {
            int id = r.getInt(0);
            int partition = r.getAs("partition");
            assertTrue(
                    id > lastIdOfPartition.getOrDefault(partition, -1),
                    "row " + id + " out of order in partition " + partition);
            lastIdOfPartition.put(partition, id);
            assertArrayEquals(
                    single.get(r.getString(1)),
                    ((Vector) r.getAs("rawPrediction")).toArray(),
                    1e-5,
                    "row " + id + " (" + r.getString(1) + ") batched vs alone");
        }
    }
}

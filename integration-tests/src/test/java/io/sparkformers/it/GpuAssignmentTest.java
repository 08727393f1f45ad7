package io.sparkformers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkformers.runtime.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's own GPU scheduling on fake GPUs (no CUDA needed): a worker whose discovery script reports GPUs 2 and 3,
 * an executor that owns both with {@code CUDA_VISIBLE_DEVICES=2,3}, and tasks of half a GPU each. Tasks that Spark
 * gave GPU 2 must open ONNX Runtime's device 0 and those given GPU 3 device 1 — before, every task used device 0.
 */
class GpuAssignmentTest {
    @Test
    void tasksRunOnTheGpuSparkAssignedThem(@TempDir Path tmp) throws Exception {
        String home = System.getenv("SPARK_HOME");
        assumeTrue(home != null, "SPARK_HOME is set by the module's surefire configuration");
        Files.createDirectories(Path.of(home, "jars"));
        Path script = tmp.resolve("gpus.sh");
        Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"2\", \"3\"]}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        SparkSession spark = ClusterTest.localCluster("local-cluster[1,4,1536]", "sparkformers-gpus")
                .config("spark.executorEnv.CUDA_VISIBLE_DEVICES", "2,3")
                .config("spark.worker.resource.gpu.amount", "2")
                .config("spark.worker.resource.gpu.discoveryScript", script.toString())
                .config("spark.executor.resource.gpu.amount", "2")
                .config("spark.executor.resource.gpu.discoveryScript", script.toString())
                .config("spark.task.resource.gpu.amount", "0.5")
                .getOrCreate();
        try {
            StructType schema =
                    new StructType().add("address", DataTypes.StringType).add("device", DataTypes.IntegerType);
            List<Row> tasks = spark.range(0, 160, 1, 16)
                    .toDF()
                    .mapPartitions(
                            (MapPartitionsFunction<Row, Row>) it -> {
                                String address = TaskContext.get()
                                        .resourcesJMap()
                                        .get("gpu")
                                        .addresses()[0];
                                Thread.sleep(200);
                                return List.of(RowFactory.create(address, Device.visibleGpu()))
                                        .iterator();
                            },
                            Encoders.row(schema))
                    .collectAsList();
            assertEquals(16, tasks.size());
            Map<String, Integer> deviceOf = new TreeMap<>();
            for (Row t : tasks) {
                Integer before = deviceOf.put(t.getString(0), t.getInt(1));
                assertTrue(before == null || before == t.getInt(1), "one device per address: " + tasks);
            }
            assertEquals(Map.of("2", 0, "3", 1), deviceOf, "Spark's GPUs 2 and 3 are CUDA devices 0 and 1 here");
        } finally {
            spark.stop();
        }
    }
}

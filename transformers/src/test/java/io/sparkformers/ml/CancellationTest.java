package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.testing.Spark;
import io.sparkformers.testing.TinyOnnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed Spark task stops its ONNX Runtime call: a job group cancelled while a deliberately slow graph runs (a Loop
 * of matrix products that would take hours) ends within seconds, leaves no call running, and the next job of the
 * same application gives correct rows.
 */
class CancellationTest {
    private static final int WIDTH = 4;
    private static final int STATE = 96;

    /**
     * A graph whose output is {@code x + 1} after {@code trips} products of a {@code STATE}² matrix: the loop's state
     * starts from the input (so nothing is folded away before it runs) and enters the output multiplied by 0.
     */
    private static Path loopGraph(Path dir, long trips) throws Exception {
        float[] c = new float[STATE * STATE];
        for (int i = 0; i < c.length; i++) {
            c[i] = (i % 7 - 3) / 50f;
        }
        TinyOnnx body = new TinyOnnx()
                .input("iteration", TinyOnnx.INT64)
                .input("cond_in", TinyOnnx.BOOL)
                .input("state_in", TinyOnnx.FLOAT, STATE, STATE)
                .node("MatMul", new String[] {"state_in", "c"}, new String[] {"product"})
                .node("Tanh", new String[] {"product"}, new String[] {"state_out"})
                .node("Identity", new String[] {"cond_in"}, new String[] {"cond_out"})
                .output("cond_out", TinyOnnx.BOOL)
                .output("state_out", TinyOnnx.FLOAT, STATE, STATE);
        byte[] model = new TinyOnnx()
                .input("x", TinyOnnx.FLOAT, "batch", WIDTH)
                .initializer("c", new long[] {STATE, STATE}, c)
                .initializer("zero", new long[0], 0f)
                .initializer("one", new long[0], 1f)
                .scalar("trips", TinyOnnx.INT64, trips)
                .scalar("go", TinyOnnx.BOOL, 1)
                .node("ReduceSum", new String[] {"x"}, new String[] {"x_sum"}, "keepdims", 0)
                .node("Mul", new String[] {"x_sum", "zero"}, new String[] {"x_zero"})
                .node("Add", new String[] {"c", "x_zero"}, new String[] {"state_0"})
                .node("Loop", new String[] {"trips", "go", "state_0"}, new String[] {"state"}, "body", body)
                .node("ReduceSum", new String[] {"state"}, new String[] {"state_sum"}, "keepdims", 0)
                .node("Mul", new String[] {"state_sum", "zero"}, new String[] {"nothing"})
                .node("Add", new String[] {"x", "one"}, new String[] {"x_plus_one"})
                .node("Add", new String[] {"x_plus_one", "nothing"}, new String[] {"y"})
                .output("y", TinyOnnx.FLOAT, "batch", WIDTH)
                .model();
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), model);
        return dir;
    }

    private static Dataset<Row> rows(SparkSession spark, int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Float> x = new ArrayList<>();
            for (int k = 0; k < WIDTH; k++) {
                x.add(i * 10f + k / 4f);
            }
            rows.add(RowFactory.create(i, x));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType));
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    private static OnnxTransformer stage(Path model) {
        return new OnnxTransformer()
                .setModelPath(model.toString())
                .setInputCol("x")
                .setDevice("cpu")
                .setBatchSize(1);
    }

    private static void await(String what, java.util.function.BooleanSupplier done, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aCancelledJobStopsItsOnnxRuntimeCallsAndTheNextJobRuns(@TempDir Path tmp) throws Exception {
        SparkSession spark = Spark.session();
        Path slow = loopGraph(tmp.resolve("slow"), 50_000_000L);
        Path fast = loopGraph(tmp.resolve("fast"), 3);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            // interruptOnCancel=false, as a notebook's cancel: only Spark's kill flag tells the task.
            Future<List<Row>> job = caller.submit(() -> {
                spark.sparkContext().setJobGroup("slow-graph", "cancellation test", false);
                try {
                    return stage(slow).transform(rows(spark, 4)).collectAsList();
                } finally {
                    spark.sparkContext().clearJobGroup();
                }
            });
            await("the slow graph to run", () -> BatchEngine.callsInFlight() > 0, 120_000);
            Thread.sleep(300);
            long cancelled = System.nanoTime();
            spark.sparkContext().cancelJobGroup("slow-graph");
            ExecutionException failed = assertThrows(ExecutionException.class, () -> job.get(60, TimeUnit.SECONDS));
            assertTrue(String.valueOf(failed.getCause().getMessage()).contains("cancelled"), failed.toString());
            await("the ONNX Runtime calls to end", () -> BatchEngine.callsInFlight() == 0, 10_000);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cancelled);
            assertTrue(seconds < 5, "calls ended " + seconds + " s after the cancel");
            await(
                    "the killed tasks to finish",
                    () -> java.util.Arrays.stream(
                                            spark.sparkContext().statusTracker().getExecutorInfos())
                                    .mapToInt(e -> e.numRunningTasks())
                                    .sum()
                            == 0,
                    10_000);
        } finally {
            caller.shutdownNow();
        }
        // The same application, the same executor threads: the next job runs, and right.
        List<Row> out = stage(fast).transform(rows(spark, 5)).orderBy("id").collectAsList();
        assertEquals(5, out.size());
        for (Row r : out) {
            List<Float> x = r.getList(r.fieldIndex("x"));
            List<Float> y = r.getList(r.fieldIndex("y"));
            for (int k = 0; k < WIDTH; k++) {
                assertEquals(x.get(k) + 1f, y.get(k), 0f, "row " + r.getInt(0));
            }
        }
    }
}

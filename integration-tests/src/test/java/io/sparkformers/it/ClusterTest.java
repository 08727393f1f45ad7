package io.sparkformers.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.ml.InputColParams;
import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.SpeechRecognizer;
import io.sparkformers.ml.TextClassifier;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.ImageProcessor;
import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.runtime.Device;
import io.sparkformers.runtime.SessionCache;
import io.sparkformers.runtime.TensorStaging;
import io.sparkformers.sql.HfFunctions;
import io.sparkformers.testing.Fixtures;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-JVM cluster on loopback: Spark's {@code local-cluster} master starts a standalone Master and two
 * Workers, whose executors are separate JVMs launched from this JVM's class path.
 */
class ClusterTest {
    static SparkSession spark;
    static Path root;

    @BeforeAll
    static void start() throws Exception {
        root = Fixtures.root();
        String home = System.getenv("SPARK_HOME");
        assumeTrue(home != null, "SPARK_HOME is set by the module's surefire configuration");
        Files.createDirectories(Path.of(home, "jars"));
        spark = localCluster("local-cluster[2,1,1536]", "sparkformers-it")
                .config("spark.task.maxFailures", "4")
                .getOrCreate();
    }

    /** A {@code local-cluster} on loopback whose executor JVMs run from this JVM's class path. */
    static SparkSession.Builder localCluster(String master, String app) {
        return SparkSession.builder()
                .master(master)
                .appName(app)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", System.getProperty("sparkformers.jvmOpens", ""))
                .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
                .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
                .config("spark.executorEnv.DJL_OFFLINE", "true");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static Dataset<Row> images(int rows, int partitions) throws Exception {
        List<Path> files = Fixtures.imageFiles();
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(RowFactory.create(i, Files.readAllBytes(files.get(i % files.size()))));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("bytes", DataTypes.BinaryType);
        return spark.createDataFrame(out, schema).repartition(partitions);
    }

    /** (executor pid, session loads of the model) from every executor JVM that runs one of {@code partitions} tasks. */
    static Map<String, Long> loadsPerExecutor(int partitions, String fingerprint) {
        List<Row> rows = spark.range(0, partitions * 10L, 1, partitions)
                .toDF()
                .mapPartitions(
                        (MapPartitionsFunction<Row, Row>) it -> List.of(RowFactory.create(
                                        ManagementFactory.getRuntimeMXBean().getName(),
                                        SessionCache.loads(fingerprint)))
                                .iterator(),
                        Encoders.row(new StructType()
                                .add("jvm", DataTypes.StringType)
                                .add("loads", DataTypes.LongType)))
                .collectAsList();
        Map<String, Long> out = new HashMap<>();
        rows.forEach(r -> out.merge(r.getString(0), r.getLong(1), Math::max));
        return out;
    }

    @Test
    void everyExecutorJvmLoadsTheModelOnceAndResultsMatchLocal() throws Exception {
        String model = root.resolve("convnext-image-classification").toString();
        Dataset<Row> df = images(64, 16);
        ImageClassifier classifier = new ImageClassifier()
                .setModelPath(model)
                .setInputCol("bytes")
                .setBatchSize(4)
                .setDevice("cpu");
        List<Row> cluster = classifier
                .transform(df)
                .select("id", "rawPrediction")
                .orderBy("id")
                .collectAsList();
        assertEquals(64, cluster.size());
        assertEquals(Set.of("cpu"), classifier.devicesUsed(), "the executors report the device they ran on");
        String fingerprint = ModelDirectory.open(model, new Configuration()).fingerprint();
        Map<String, Long> loads = loadsPerExecutor(16, fingerprint);
        assertEquals(2, loads.size(), "two executor JVMs answered: " + loads);
        assertTrue(
                loads.keySet().stream()
                        .noneMatch(j ->
                                j.equals(ManagementFactory.getRuntimeMXBean().getName())),
                "executors are not the driver JVM");
        loads.forEach((jvm, n) -> assertEquals(1L, n, "executor " + jvm + " loaded the model " + n + " times"));
        // The same rows through the same model in this (driver) JVM give the same logits.
        var session = SessionCache.get(
                ModelDirectory.open(model, new Configuration()),
                new Configuration(),
                Device.CPU,
                new SessionCache.Options(1));
        var processor = ImageProcessor.fromConfig(
                ModelDirectory.open(model, new Configuration()).preprocessorConfig(), model);
        for (Row r : df.orderBy("id").limit(8).collectAsList()) {
            var img = processor.resizeAndCrop(ImageDecoder.decode((byte[]) r.get(1), 1 << 26));
            var fb = ByteBuffer.allocateDirect(3 * img.width() * img.height() * 4)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            processor.writeChw(img, fb, 0);
            try (var t = TensorStaging.tensor(fb, new long[] {1, 3, img.height(), img.width()});
                    var out = session.run(Map.of("pixel_values", t), Set.of("logits"))) {
                float[] logits = ((float[][]) out.get(0).getValue())[0];
                double[] want = new double[logits.length];
                for (int k = 0; k < want.length; k++) {
                    want[k] = logits[k];
                }
                assertArrayEquals(
                        want, ((Vector) cluster.get(r.getInt(0)).get(1)).toArray(), 1e-5, "row " + r.getInt(0));
            }
        }
    }

    /** ONNX Runtime calls made so far in each executor JVM, summed; both executors must answer. */
    static long ortRunsOnExecutors() {
        List<Row> rows = spark.range(0, 160L, 1, 16)
                .toDF()
                .mapPartitions(
                        (MapPartitionsFunction<Row, Row>) it -> List.of(RowFactory.create(
                                        ManagementFactory.getRuntimeMXBean().getName(), BatchEngine.runs()))
                                .iterator(),
                        Encoders.row(new StructType()
                                .add("jvm", DataTypes.StringType)
                                .add("runs", DataTypes.LongType)))
                .collectAsList();
        Map<String, Long> perJvm = new HashMap<>();
        rows.forEach(r -> perJvm.put(r.getString(0), r.getLong(1)));
        assertEquals(2, perJvm.size(), "both executors answered: " + perJvm);
        return perJvm.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void sqlScalarFunctionsBatchOnTheExecutors() throws Exception {
        String model = root.resolve("convnext-image-classification").toString();
        HfFunctions.register(spark);
        images(64, 8).createOrReplaceTempView("cluster_images");
        long before = ortRunsOnExecutors();
        List<Row> sql = spark
                .sql("SELECT id, hf_classify_image('" + model + "', bytes, map('batch_size', '8', 'device', "
                        + "'cpu')).rawPrediction AS rawPrediction FROM cluster_images")
                .collectAsList()
                .stream()
                .sorted(Comparator.comparingInt(r -> r.getInt(0)))
                .toList();
        long calls = ortRunsOnExecutors() - before;
        assertEquals(64, sql.size());
        // 64 rows in 8 partitions of about 8: one call per batch, never one per row.
        assertTrue(calls >= 8 && calls <= 16, "ORT calls on the executors for 64 rows at batch_size 8: " + calls);
        List<Row> stage = new ImageClassifier()
                .setModelPath(model)
                .setInputCol("bytes")
                .setBatchSize(8)
                .setDevice("cpu")
                .transform(spark.table("cluster_images"))
                .select("id", "rawPrediction")
                .orderBy("id")
                .collectAsList();
        for (int i = 0; i < 64; i++) {
            assertArrayEquals(
                    ((Vector) stage.get(i).get(1)).toArray(),
                    ((Vector) sql.get(i).get(1)).toArray(),
                    1e-5,
                    "row " + i);
        }
    }

    @Test
    void modelFaultsFailOnTheDriverWithNoTaskAndNoOutput(@TempDir Path tmp) throws Exception {
        Dataset<Row> df = images(8, 2);
        Path corrupt = Files.createDirectories(tmp.resolve("corrupt"));
        Files.write(corrupt.resolve("model.onnx"), "not a protobuf".getBytes(StandardCharsets.UTF_8));
        Files.copy(root.resolve("convnext-image-classification/config.json"), corrupt.resolve("config.json"));
        Path noConfig = Files.createDirectories(tmp.resolve("no-config"));
        Files.copy(root.resolve("convnext-image-classification/model.onnx"), noConfig.resolve("model.onnx"));
        Map<String, String> faults = Map.of(
                tmp.resolve("missing").toString(),
                "does not exist",
                corrupt.toString(),
                "cannot load ONNX model",
                noConfig.toString(),
                "has no config.json");
        for (Map.Entry<String, String> f : faults.entrySet()) {
            int jobsBefore = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
            Path out = tmp.resolve("out-" + Math.abs(f.getKey().hashCode()));
            Exception e = Assertions.assertThrows(
                    Exception.class,
                    () -> new ImageClassifier()
                            .setModelPath(f.getKey())
                            .setInputCol("bytes")
                            .transform(df)
                            .write()
                            .parquet(out.toString()));
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            assertTrue(
                    first.contains(f.getKey()) && first.contains(f.getValue()), "one line naming the path: " + first);
            assertEquals(jobsBefore, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length, "no job ran");
            assertTrue(!Files.exists(out), "no partial output");
        }
    }

    /** keep: reasons on bad rows, good rows as in a clean run; skip: exactly the bad rows gone; error: fails naming one. */
    static void corpusRun(ModelStage<?> stage, Map<String, BadInputCorpus.Item> corpus, String output, int batchSize) {
        StructType schema = new StructType().add("name", DataTypes.StringType).add("input", DataTypes.BinaryType);
        List<Row> rows = new ArrayList<>();
        List<Row> goodRows = new ArrayList<>();
        corpus.forEach((name, item) -> {
            rows.add(RowFactory.create(name, item.bytes()));
            if (item.reason() == null) {
                goodRows.add(RowFactory.create(name, item.bytes()));
            }
        });
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3);
        ((InputColParams<?>) stage).setInputCol("input").setDevice("cpu").setBatchSize(batchSize);
        Map<String, Object> clean = new HashMap<>();
        stage.setHandleInvalid("error").setErrorCol("");
        for (Row r : stage.transform(spark.createDataFrame(goodRows, schema))
                .select("name", output)
                .collectAsList()) {
            clean.put(r.getString(0), r.get(1));
        }
        List<Row> kept = stage.setHandleInvalid("keep")
                .setErrorCol("error")
                .transform(df)
                .select("name", output, "error")
                .collectAsList();
        assertEquals(corpus.size(), kept.size(), "keep keeps every row");
        for (Row r : kept) {
            BadInputCorpus.Item item = corpus.get(r.getString(0));
            String error = r.getString(2);
            if (item.reason() == null) {
                assertEquals(null, error, r.getString(0) + " is valid");
                Object want = clean.get(r.getString(0));
                if (want instanceof Vector v) {
                    // Batch composition changes float summation order: equal to fp32 rounding, not bit for bit.
                    assertArrayEquals(
                            v.toArray(),
                            ((Vector) r.get(1)).toArray(),
                            1e-5,
                            r.getString(0) + " equals its clean-run output");
                } else {
                    assertEquals(want, r.get(1), r.getString(0) + " equals its clean-run output");
                }
            } else {
                assertTrue(
                        error != null && error.contains(item.reason()),
                        r.getString(0) + ": '" + error + "' should say '" + item.reason() + "'");
            }
        }
        List<String> skipped =
                stage.setHandleInvalid("skip").setErrorCol("").transform(df).select("name").collectAsList().stream()
                        .map(r -> r.getString(0))
                        .sorted()
                        .toList();
        assertEquals(clean.keySet().stream().sorted().toList(), skipped, "skip drops exactly the bad rows");
        if (clean.size() < corpus.size()) {
            Exception e = Assertions.assertThrows(
                    Exception.class,
                    () -> stage.setHandleInvalid("error").transform(df).collectAsList());
            String msg = String.valueOf(e.getMessage());
            assertTrue(msg.contains("invalid row [name=") && msg.contains("handleInvalid=error"), msg);
        }
    }

    @Test
    void badInputCorpusUnderKeepSkipAndError() throws Exception {
        Map<String, BadInputCorpus.Item> images = BadInputCorpus.images(root);
        Map<String, BadInputCorpus.Item> audio = BadInputCorpus.audio(root);
        corpusRun(
                new ImageClassifier()
                        .setModelPath(
                                root.resolve("convnext-image-classification").toString()),
                images,
                "rawPrediction",
                4);
        // Audio clips batched together are padded (with an attention mask), which moves near-tied CTC argmaxes of this
        // random model: one clip per call makes every clip's transcript independent of its neighbours.
        corpusRun(
                new SpeechRecognizer()
                        .setModelPath(root.resolve("data2vec-audio-ctc").toString()),
                audio,
                "transcription",
                1);
        // Text: the input column is a string here.
        StructType schema = new StructType().add("name", DataTypes.StringType).add("text", DataTypes.StringType);
        List<Row> texts = List.of(
                RowFactory.create("plain", "The quick brown fox."),
                RowFactory.create("null", null),
                RowFactory.create("empty", ""),
                RowFactory.create("whitespace", " \t\n "),
                RowFactory.create("huge", "word ".repeat(20_000)),
                RowFactory.create("emoji", "Tokyo \ud83d\ude42 caf\u00e9"),
                RowFactory.create("lone-surrogate", "a\ud800b"));
        List<Row> out = new TextClassifier()
                .setModelPath(
                        root.resolve("data2vec-text-sequence-classification").toString())
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setTruncatedCol("truncated")
                .setDevice("cpu")
                .transform(spark.createDataFrame(texts, schema).repartition(2))
                .collectAsList();
        assertEquals(7, out.size());
        for (Row r : out) {
            String name = r.getString(0);
            assertEquals(name.equals("null") ? "null input" : null, r.getAs("error"), name);
            if (!name.equals("null")) {
                assertEquals(name.equals("huge"), r.getAs("truncated"), name + " truncated flag");
            }
        }
        assertTrue(images.size() + audio.size() + texts.size() >= 30, "at least 30 kinds of input");
    }

    @Test
    void killingAnExecutorMidJobLosesAndDuplicatesNothing() throws Exception {
        String model = root.resolve("convnext-image-classification").toString();
        Dataset<Row> df = images(2400, 48).cache();
        df.count();
        ImageClassifier clf = new ImageClassifier()
                .setModelPath(model)
                .setInputCol("bytes")
                .setBatchSize(8)
                .setDevice("cpu");
        List<Row> clean =
                clf.transform(df).select("id", "prediction").orderBy("id").collectAsList();
        String victim = loadsPerExecutor(8, "").keySet().iterator().next();
        long pid = Long.parseLong(victim.substring(0, victim.indexOf('@')));
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        SparkListener killer = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (finished.incrementAndGet() == 6 && killed.compareAndSet(false, true)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        };
        spark.sparkContext().addSparkListener(killer);
        List<Row> faulty;
        try {
            faulty = clf.transform(df.repartition(48))
                    .select("id", "prediction")
                    .orderBy("id")
                    .collectAsList();
        } finally {
            spark.sparkContext().removeSparkListener(killer);
        }
        assertTrue(killed.get(), "an executor was killed during the job");
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "executor " + pid + " is gone");
        assertEquals(2400, faulty.size(), "one row per input");
        assertEquals(2400, faulty.stream().map(r -> r.getInt(0)).distinct().count(), "no duplicates");
        assertEquals(clean, faulty, "same results as the clean run");
        df.unpersist();
    }
}

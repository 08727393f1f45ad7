package io.sparkformers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as users run it: a standalone Master and two Workers as separate JVMs on 127.0.0.1, and
 * {@code SparkSubmit --class io.sparkformers.jobs.Main sparkformers-jobs-…-all.jar} against them, every JVM on Spark's
 * class path alone (the shaded jar brings sparkformers) — an image-classification job, then a SQL
 * script calling {@code hf_classify_image} with the functions installed by {@code spark.sql.extensions}; both
 * outputs equal a local run's.
 */
class SparkSubmitTest {
    /** What the cluster's JVMs run on: Spark's class path alone; sparkformers reaches them in the -all jar only. */
    static final String SPARK = SparkClasspath.join(SparkClasspath.spark());

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Process java(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(System.getProperty("sparkformers.jvmOpens", "").split(" ")));
        cmd.add("-Xmx768m");
        cmd.add("-cp");
        cmd.add(SPARK);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(
                        cmd.stream().filter(s -> !s.isBlank()).toList())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    static void await(int port, Process p, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("did not start: " + Files.readString(log), e);
                }
                Thread.sleep(300);
            }
        }
    }

    /** The sum over the event log's completed stages of the accumulator {@code sparkformers ImageClassifier(…): name}. */
    static long accumulated(String eventLog, String name) {
        Matcher m = Pattern.compile("\\{[^{}]*\"Name\":\"sparkformers ImageClassifier\\([^)]*\\): "
                        + Pattern.quote(name) + "\"[^{}]*\"Value\":\"?(\\d+)")
                .matcher(eventLog.lines()
                        .filter(l -> l.contains("\"Event\":\"SparkListenerStageCompleted\""))
                        .reduce("", String::concat));
        long sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
            found = true;
        }
        assertTrue(found, "no accumulator '" + name + "' in the event log's completed stages");
        return sum;
    }

    @Test
    void submitTheJobToAStandaloneCluster(@TempDir Path tmp) throws Exception {
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
        Path images = Files.createDirectories(tmp.resolve("images"));
        for (Path f : Fixtures.imageFiles().subList(0, 4)) {
            Files.copy(f, images.resolve(f.getFileName()));
        }
        int port = freePort();
        List<Process> cluster = new ArrayList<>();
        try {
            Process master = java(
                    tmp.resolve("master.log"),
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--webui-port",
                    Integer.toString(freePort()));
            cluster.add(master);
            await(port, master, tmp.resolve("master.log"));
            for (int w = 0; w < 2; w++) {
                cluster.add(java(
                        tmp.resolve("worker" + w + ".log"),
                        "org.apache.spark.deploy.worker.Worker",
                        "spark://127.0.0.1:" + port,
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        "1",
                        "--memory",
                        "1536m",
                        "--webui-port",
                        Integer.toString(freePort()),
                        "--work-dir",
                        tmp.resolve("work" + w).toString()));
            }
            Thread.sleep(3000);
            Path out = tmp.resolve("out");
            Path events = Files.createDirectories(tmp.resolve("events"));
            Process submit = java(
                    tmp.resolve("submit.log"),
                    "org.apache.spark.deploy.SparkSubmit",
                    "--master",
                    "spark://127.0.0.1:" + port,
                    "--deploy-mode",
                    "client",
                    "--class",
                    "io.sparkformers.jobs.Main",
                    "--conf",
                    "spark.executor.extraClassPath=" + SPARK,
                    "--conf",
                    "spark.executor.extraJavaOptions=" + System.getProperty("sparkformers.jvmOpens", ""),
                    "--conf",
                    "spark.driver.host=127.0.0.1",
                    "--conf",
                    "spark.ui.enabled=false",
                    "--conf",
                    "spark.executor.memory=1g",
                    "--conf",
                    "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                    "--conf",
                    "spark.eventLog.enabled=true",
                    "--conf",
                    "spark.eventLog.dir=" + events.toUri(),
                    "--conf",
                    "spark.eventLog.compress=false",
                    SparkClasspath.shadedJar().toString(),
                    "image-classification",
                    "--model",
                    Fixtures.models("image-classification").get(0).toString(),
                    "--input",
                    images.toString(),
                    "--output",
                    out.toString(),
                    "--device",
                    "cpu");
            assertTrue(submit.waitFor(240, TimeUnit.SECONDS), "spark-submit finished");
            String log = Files.readString(tmp.resolve("submit.log"));
            assertEquals(0, submit.exitValue(), log);
            assertTrue(log.contains("done: 4 rows") && log.contains("0 with errors"), log);
            assertTrue(log.contains("stage: 4 rows (0 invalid), "), log);
            // The event log (what the history server's stage pages show) carries the stage's named accumulators.
            // Uncompressed (Spark 4 compresses by default); one file, or a directory of rolled ones.
            StringBuilder eventLog = new StringBuilder();
            try (Stream<Path> logs = Files.walk(events)) {
                for (Path f : logs.filter(Files::isRegularFile).sorted().toList()) {
                    eventLog.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
                }
            }
            assertEquals(4, accumulated(eventLog.toString(), "rows"), "rows");
            assertTrue(accumulated(eventLog.toString(), "ONNX Runtime calls") > 0, "calls");
            assertEquals(4, accumulated(eventLog.toString(), "model rows run"), "model rows");
            assertTrue(accumulated(eventLog.toString(), "inference µs") > 0, "inference time");
            assertTrue(accumulated(eventLog.toString(), "prepare µs") > 0, "prepare time");
            // The same through SQL: the scalar function from a script, installed by spark.sql.extensions on the
            // cluster.
            Path sqlOut = tmp.resolve("sql-out");
            Path script = tmp.resolve("classify.sql");
            Files.writeString(
                    script,
                    "CREATE OR REPLACE TEMPORARY VIEW photos AS SELECT path, content FROM binaryFile.`"
                            + images + "`;\nINSERT OVERWRITE DIRECTORY '" + sqlOut
                            + "' USING parquet\nSELECT path, hf_classify_image('"
                            + Fixtures.models("image-classification").get(0)
                            + "', content, map('device', 'cpu')).predictedLabel AS "
                            + "predictedLabel FROM photos;\n");
            Process sql = java(
                    tmp.resolve("sql.log"),
                    "org.apache.spark.deploy.SparkSubmit",
                    "--master",
                    "spark://127.0.0.1:" + port,
                    "--deploy-mode",
                    "client",
                    "--class",
                    "io.sparkformers.jobs.Main",
                    "--conf",
                    "spark.sql.extensions=io.sparkformers.sql.SparkformersExtensions",
                    "--conf",
                    "spark.executor.extraClassPath=" + SPARK,
                    "--conf",
                    "spark.executor.extraJavaOptions=" + System.getProperty("sparkformers.jvmOpens", ""),
                    "--conf",
                    "spark.driver.host=127.0.0.1",
                    "--conf",
                    "spark.ui.enabled=false",
                    "--conf",
                    "spark.executor.memory=1g",
                    "--conf",
                    "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                    SparkClasspath.shadedJar().toString(),
                    "sql",
                    "--file",
                    script.toString());
            assertTrue(sql.waitFor(240, TimeUnit.SECONDS), "spark-submit sql finished");
            String sqlLog = Files.readString(tmp.resolve("sql.log"));
            assertEquals(0, sql.exitValue(), sqlLog);
            SparkSession spark = SparkSession.builder()
                    .master("local[1]")
                    .config("spark.ui.enabled", "false")
                    .getOrCreate();
            try {
                List<Row> rows = spark.read()
                        .parquet(out.toString())
                        .select("path", "predictedLabel")
                        .orderBy("path")
                        .collectAsList();
                assertEquals(4, rows.size());
                List<Row> local = new ImageClassifier()
                        .setModelPath(
                                Fixtures.models("image-classification").get(0).toString())
                        .setInputCol("content")
                        .setDevice("cpu")
                        .transform(spark.read().format("binaryFile").load(images.toString()))
                        .select("path", "predictedLabel")
                        .orderBy("path")
                        .collectAsList();
                assertEquals(local, rows);
                assertEquals(
                        local,
                        spark.read().parquet(sqlOut.toString()).orderBy("path").collectAsList(),
                        sqlLog);
            } finally {
                spark.stop();
            }
        } finally {
            for (Process p : cluster) {
                p.destroyForcibly();
            }
        }
    }
}

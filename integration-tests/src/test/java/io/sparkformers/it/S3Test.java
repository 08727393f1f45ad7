package io.sparkformers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.jobs.JobRunner;
import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.testing.Fixtures;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Models, inputs and outputs on {@code s3a://}: a real S3 endpoint (S3Proxy, in-memory, a child process bound to
 * 127.0.0.1) and the job's stage on a local Spark session reading and writing through Hadoop AWS.
 */
class S3Test {
    static final String KEY = "sparkformers-it";
    static final String SECRET = "it-secret-" + Long.toHexString(System.nanoTime());
    static Process s3proxy;
    static int port;
    static SparkSession spark;
    static Path root;

    @BeforeAll
    static void start() throws Exception {
        root = Fixtures.root();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path props = Files.createTempFile("s3proxy", ".properties");
        Files.writeString(
                props,
                String.join(
                                "\n",
                                "s3proxy.endpoint=http://127.0.0.1:" + port,
                                "s3proxy.authorization=aws-v2-or-v4",
                                "s3proxy.identity=" + KEY,
                                "s3proxy.credential=" + SECRET,
                                "jclouds.provider=transient",
                                "jclouds.identity=" + KEY,
                                "jclouds.credential=" + SECRET)
                        + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        s3proxy = new ProcessBuilder(
                        java, "-jar", Path.of("target", "s3proxy.jar").toString(), "--properties", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "s3proxy.log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                break;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline || !s3proxy.isAlive()) {
                    throw new IllegalStateException("S3Proxy did not start; see target/s3proxy.log", e);
                }
                Thread.sleep(200);
            }
        }
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .build()) {
            s3.createBucket(b -> b.bucket("lake"));
        }
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("sparkformers-s3")
                .config("spark.ui.enabled", "false")
                .config("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:" + port)
                .config("spark.hadoop.fs.s3a.access.key", KEY)
                .config("spark.hadoop.fs.s3a.secret.key", SECRET)
                .config("spark.hadoop.fs.s3a.path.style.access", "true")
                .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
                .config("spark.hadoop.fs.s3a.endpoint.region", "us-east-1")
                .config("spark.hadoop.fs.s3a.change.detection.version.required", "false")
                .config(
                        "spark.hadoop.fs.s3a.aws.credentials.provider",
                        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
                .config("spark.hadoop.fs.s3a.bucket.dead.endpoint", "http://127.0.0.1:1")
                .config("spark.hadoop.fs.s3a.bucket.dead.attempts.maximum", "1")
                .config("spark.hadoop.fs.s3a.bucket.dead.retry.limit", "1")
                .config("spark.hadoop.fs.s3a.bucket.dead.connection.establish.timeout", "1000")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (s3proxy != null) {
            s3proxy.destroyForcibly();
        }
    }

    static void upload(Path local, String s3) throws Exception {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(s3);
        FileSystem fs = dst.getFileSystem(conf);
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), dst);
    }

    @Test
    void modelInputsAndOutputOnS3MatchTheLocalRun() throws Exception {
        Path model = root.resolve("convnext-image-classification");
        try (var s = Files.list(model)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                upload(f, "s3a://lake/models/convnext/" + f.getFileName());
            }
        }
        for (Path f : Fixtures.imageFiles().subList(0, 3)) {
            upload(f, "s3a://lake/photos/" + f.getFileName());
        }
        ImageClassifier s3 = new ImageClassifier()
                .setModelPath("s3a://lake/models/convnext")
                .setInputCol("content")
                .setDevice("cpu");
        s3.transform(spark.read().format("binaryFile").load("s3a://lake/photos/"))
                .drop("content")
                .write()
                .parquet("s3a://lake/labels");
        List<Row> fromS3 = spark.read()
                .parquet("s3a://lake/labels")
                .selectExpr("regexp_extract(path, '[^/]+$', 0) AS file", "predictedLabel", "rawPrediction")
                .orderBy("file")
                .collectAsList();
        Path local = Files.createTempDirectory("photos");
        for (Path f : Fixtures.imageFiles().subList(0, 3)) {
            Files.copy(f, local.resolve(f.getFileName()));
        }
        List<Row> fromDisk = new ImageClassifier()
                .setModelPath(model.toString())
                .setInputCol("content")
                .setDevice("cpu")
                .transform(spark.read().format("binaryFile").load(local.toString()))
                .selectExpr("regexp_extract(path, '[^/]+$', 0) AS file", "predictedLabel", "rawPrediction")
                .orderBy("file")
                .collectAsList();
        assertEquals(3, fromS3.size());
        assertEquals(fromDisk, fromS3);
    }

    static void uploadDir(Path dir, String s3) throws Exception {
        try (var s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                upload(f, s3 + "/" + f.getFileName());
            }
        }
    }

    /** The job, reading model and inputs from s3a:// and writing there, equals the job on local files. */
    @Test
    void jobTasksForImagesTextAndAudioOnS3() throws Exception {
        Path local = Files.createTempDirectory("job-inputs");
        Path texts = local.resolve("texts.jsonl");
        Files.writeString(
                texts, "{\"id\": 1, \"text\": \"Hello world!\"}\n{\"id\": 2, \"text\": \"The quick brown fox.\"}\n");
        Path wavs = Files.createDirectories(local.resolve("wavs"));
        for (Path f : Fixtures.audioFiles().subList(0, 2)) {
            Files.copy(f, wavs.resolve(f.getFileName()));
        }
        Path photos = Files.createDirectories(local.resolve("photos"));
        Files.copy(Fixtures.image("JPEG", "RGB").file(), photos.resolve("photo.jpg"));
        upload(texts, "s3a://lake/job/texts.jsonl");
        uploadDir(wavs, "s3a://lake/job/wavs");
        uploadDir(photos, "s3a://lake/job/photos");
        String[][] runs = {
            {"feature-extraction", "data2vec-text-feature-extraction", "texts.jsonl", "id", "embedding"},
            {"automatic-speech-recognition", "data2vec-audio-ctc", "wavs", "path", "transcription"},
            {"image-classification", "convnext-image-classification", "photos", "path", "predictedLabel"}
        };
        for (String[] r : runs) {
            uploadDir(root.resolve(r[1]), "s3a://lake/job/models/" + r[1]);
            String s3out = "s3a://lake/job/out/" + r[0];
            String log = JobRunner.run(
                    spark,
                    r[0],
                    "--model",
                    "s3a://lake/job/models/" + r[1],
                    "--input",
                    "s3a://lake/job/" + r[2],
                    "--output",
                    s3out,
                    "--device",
                    "cpu");
            assertTrue(log.contains("0 with errors"), r[0] + ": " + log);
            String localOut = local.resolve("out-" + r[0]).toString();
            JobRunner.run(
                    spark,
                    r[0],
                    "--model",
                    root.resolve(r[1]).toString(),
                    "--input",
                    local.resolve(r[2]).toString(),
                    "--output",
                    localOut,
                    "--device",
                    "cpu");
            String key = r[3].equals("path") ? "regexp_extract(path, '[^/]+$', 0) AS k" : "id AS k";
            assertEquals(
                    spark.read()
                            .parquet(localOut)
                            .selectExpr(key, r[4])
                            .orderBy("k")
                            .collectAsList(),
                    spark.read()
                            .parquet(s3out)
                            .selectExpr(key, r[4])
                            .orderBy("k")
                            .collectAsList(),
                    r[0]);
        }
    }

    @Test
    void theSecretKeyNeverReachesTheLogs() throws Exception {
        StringWriter captured = new StringWriter();
        var ctx = (LoggerContext) LogManager.getContext(false);
        var appender = WriterAppender.newBuilder()
                .setName("secrets")
                .setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n").build())
                .build();
        appender.start();
        var rootLogger = ctx.getConfiguration().getRootLogger();
        Level previous = rootLogger.getLevel();
        rootLogger.addAppender(appender, Level.ALL, null);
        // INFO everywhere (Spark's own DEBUG output of SharedState prints session options verbatim, secrets included:
        // never run a cluster with Spark at DEBUG) and DEBUG for sparkformers.
        rootLogger.setLevel(Level.INFO);
        Configurator.setLevel("io.sparkformers", Level.DEBUG);
        ctx.updateLoggers();
        try {
            upload(Fixtures.image("JPEG", "RGB").file(), "s3a://lake/secret-check/photo.jpg");
            new ImageClassifier()
                    .setModelPath(root.resolve("convnext-image-classification").toString())
                    .setInputCol("content")
                    .setDevice("cpu")
                    .transform(spark.read().format("binaryFile").load("s3a://lake/secret-check/"))
                    .collectAsList();
            spark.conf().getAll();
        } finally {
            rootLogger.removeAppender("secrets");
            rootLogger.setLevel(previous);
            Configurator.setLevel("io.sparkformers", Level.INFO);
            ctx.updateLoggers();
            appender.stop();
        }
        String log = captured.toString();
        assertTrue(
                log.contains("SessionCache") || log.length() > 1000,
                "logging was captured (" + log.length() + " chars)");
        assertTrue(!log.contains(SECRET), "the S3 secret key appears in the logs");
    }

    @Test
    void unreachableEndpointFailsOnTheDriverNamingThePath() {
        long before = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
        Exception e = assertThrows(
                Exception.class,
                () -> new ImageClassifier()
                        .setModelPath("s3a://dead/models/x")
                        .setInputCol("content")
                        .transform(spark.read()
                                .format("binaryFile")
                                .load(root.resolve("inputs/images").toString())));
        assertTrue(e.getMessage().contains("s3a://dead/models/x"), e.getMessage());
        assertEquals(before, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length, "no job ran");
    }

    /** {@code bin/sparkformers} as a user runs it: a child process, S3 settings as Spark properties, keys in env. */
    static Process command(String secret, String... args) throws IOException {
        Path bin = Path.of("..", "bin", "sparkformers").toAbsolutePath().normalize();
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment()
                .put(
                        "SPARKFORMERS_JAVA_OPTS",
                        String.join(
                                " ",
                                "-Xmx2g",
                                "-Dspark.hadoop.fs.s3a.endpoint=http://127.0.0.1:" + port,
                                "-Dspark.hadoop.fs.s3a.path.style.access=true",
                                "-Dspark.hadoop.fs.s3a.connection.ssl.enabled=false",
                                "-Dspark.hadoop.fs.s3a.endpoint.region=us-east-1",
                                "-Dspark.hadoop.fs.s3a.change.detection.version.required=false",
                                "-Dspark.hadoop.fs.s3a.attempts.maximum=1",
                                "-Dspark.hadoop.fs.s3a.retry.limit=1"));
        // The standard provider chain: the environment's keys, as on a laptop or in CI.
        pb.environment().put("AWS_ACCESS_KEY_ID", KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", secret);
        pb.environment().put("AWS_REGION", "us-east-1");
        return pb.start();
    }

    static String[] finish(Process p) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        Thread t1 = new Thread(() -> copy(p.getInputStream(), out));
        Thread t2 = new Thread(() -> copy(p.getErrorStream(), err));
        t1.start();
        t2.start();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES), "the command ran past 10 minutes");
        t1.join();
        t2.join();
        return new String[] {String.valueOf(p.exitValue()), out.toString(), err.toString()};
    }

    private static void copy(java.io.InputStream in, java.io.OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The command classifying the uploaded photos with the uploaded model, writing to {@code output}. */
    static String[] classifyOnS3(String secret, String output, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(
                "image-classification",
                "--model",
                "s3a://lake/cmd/model",
                "--input",
                "s3a://lake/cmd/photos",
                "--output",
                output,
                "--master",
                "local[1]"));
        args.addAll(List.of(more));
        return finish(command(secret, args.toArray(new String[0])));
    }

    /**
     * The command reads its model and inputs from s3a:// and writes its output there, with the keys from the standard
     * provider chain; a wrong secret is refused in one line that names the path, and no key reaches any output.
     */
    @Test
    void theCommandReadsAndWritesS3() throws Exception {
        Path model = root.resolve("convnext-image-classification");
        uploadDir(model, "s3a://lake/cmd/model");
        for (Path f : Fixtures.imageFiles().subList(0, 2)) {
            upload(f, "s3a://lake/cmd/photos/" + f.getFileName());
        }
        String[] ok = classifyOnS3(SECRET, "s3a://lake/cmd/out", "--format", "json", "--device", "cpu");
        assertEquals("0", ok[0], ok[1] + ok[2]);
        assertTrue(ok[1].contains("done: 2 rows"), ok[1]);
        assertEquals(
                2,
                spark.read()
                        .json("s3a://lake/cmd/out")
                        .where("predictedLabel IS NOT NULL")
                        .count(),
                "the command's rows, read back from S3");
        String wrong = "wrong-" + Long.toHexString(System.nanoTime());
        String[] refused = classifyOnS3(wrong, "s3a://lake/cmd/out2", "--verbose");
        assertTrue(!refused[0].equals("0"), refused[2]);
        String all = refused[1] + refused[2];
        assertTrue(!all.contains(wrong) && !all.contains(SECRET), "no secret in the command's output");
        List<String> failed = refused[2]
                .lines()
                .filter(l -> l.startsWith("sparkformers: failed"))
                .toList();
        assertEquals(1, failed.size(), refused[2]);
        assertTrue(
                failed.get(0).contains("s3a://lake/cmd/") && failed.get(0).contains("check the credentials"),
                failed.get(0));
    }
}

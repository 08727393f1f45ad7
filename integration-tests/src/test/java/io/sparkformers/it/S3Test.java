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
}

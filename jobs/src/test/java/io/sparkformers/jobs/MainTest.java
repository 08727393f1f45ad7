package io.sparkformers.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.ml.AudioClassifier;
import io.sparkformers.ml.AudioFrameClassifier;
import io.sparkformers.ml.FillMask;
import io.sparkformers.ml.InputColParams;
import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.OnnxTransformer;
import io.sparkformers.ml.QuestionAnswerer;
import io.sparkformers.ml.SpeakerEmbedder;
import io.sparkformers.ml.SpeechRecognizer;
import io.sparkformers.ml.TextClassifier;
import io.sparkformers.ml.TokenClassifier;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on local Spark: the embedded default, both tasks, every output format. */
class MainTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = localSpark();
    }

    /** The local session the job tests share. */
    static SparkSession localSpark() {
        return SparkSession.builder()
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Path fixtures() {
        return Fixtures.root();
    }

    /** The fixture's RGB JPEG photo. */
    static Path photo() {
        return Fixtures.image("JPEG", "RGB").file();
    }

    static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void badArgumentsAreRefusedWithUsage() {
        assertThrows(IllegalArgumentException.class, () -> JobOptions.parse(new String[] {"translation"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> JobOptions.parse(new String[] {"image-classification", "--format", "xml"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> JobOptions.parse(new String[] {"feature-extraction", "--batch-size", "0"}));
        assertThrows(
                IllegalArgumentException.class, () -> JobOptions.parse(new String[] {"feature-extraction", "--model"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> JobOptions.parse(new String[] {"image-classification", "--normalize"}),
                "not a Param of ImageClassifier");
        IllegalArgumentException subtask = assertThrows(
                IllegalArgumentException.class,
                () -> JobOptions.parse(new String[] {"image-segmentation", "--subtask", "panoptix"}));
        assertTrue(subtask.getMessage().contains("semantic | instance | panoptic"), subtask.getMessage());
        JobOptions o = JobOptions.parse(
                new String[] {"image-feature-extraction", "--model=m", "--batch-size", "3", "--normalize"});
        assertEquals("m", o.require("model"));
        assertEquals(3, o.positiveInt("batch-size", 5));
        assertTrue(o.flag("normalize"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.require("output"));
        assertTrue(e.getMessage().contains("--output"));
    }

    @Test
    void failuresExitWithOneLineAndTheirCode(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.copy(photo(), images.resolve("photo.jpg"));
        Files.writeString(images.resolve("broken.jpg"), "not a jpeg");
        String model = root.resolve("convnext-image-classification").toString();
        Function<String[], String[]> run = args -> {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.execute(spark, JobOptions.parse(args), new PrintStream(err, true));
            return new String[] {Integer.toString(code), err.toString()};
        };
        String[] missing = run.apply(new String[] {
            "image-classification",
            "--model",
            tmp.resolve("nowhere").toString(),
            "--input",
            images.toString(),
            "--output",
            tmp.resolve("o1").toString()
        });
        assertEquals("3", missing[0]);
        assertTrue(
                missing[1].startsWith(
                        "sparkformers: model: model directory " + tmp.resolve("nowhere") + " does not exist\n"),
                missing[1]);
        assertEquals(1, missing[1].lines().count(), "one line, no stack trace: " + missing[1]);
        String[] badInput = run.apply(new String[] {
            "feature-extraction",
            "--model",
            model,
            "--input",
            tmp.resolve("none.xml").toString(),
            "--output",
            tmp.resolve("o2").toString()
        });
        assertEquals("2", badInput[0], badInput[1]);
        assertTrue(badInput[1].startsWith("sparkformers: input: ") && badInput[1].contains("none.xml"), badInput[1]);
        String[] failed = run.apply(new String[] {
            "image-classification",
            "--model",
            model,
            "--input",
            images.toString(),
            "--output",
            tmp.resolve("o3").toString(),
            "--handle-invalid",
            "error",
            "--device",
            "cpu"
        });
        assertEquals("1", failed[0]);
        List<String> lines = failed[1].lines().toList();
        String reason = lines.get(lines.size() - 1);
        assertTrue(
                reason.startsWith("sparkformers: failed: ")
                        && reason.contains("broken.jpg")
                        && reason.contains("(--handle-invalid error)")
                        && reason.contains("set --handle-invalid to skip or keep (with --error-col)"),
                "the reason naming the input is the last line: " + failed[1]);
        assertTrue(
                !Files.exists(tmp.resolve("o3")) || !Files.exists(tmp.resolve("o3/_SUCCESS")), "no committed output");
    }

    @Test
    void embeddedDefaultFindsTheParaphrases() {
        String out = capture(() -> DefaultDemo.run(spark));
        assertTrue(out.contains("done: 30 rows"), out);
        assertTrue(out.contains("0 errors"), out);
        // Every one of the five nearest pairs is one of the corpus' paraphrase pairs (lines 2k and 2k+1).
        List<String> lines = List.of(DefaultDemo.corpus().toFile().exists() ? readCorpus() : new String[0]);
        String pairs = out.substring(out.indexOf("most similar pairs"));
        int found = 0;
        for (int k = 0; k + 1 < lines.size(); k += 2) {
            if (pairs.contains(lines.get(k) + "  <->  " + lines.get(k + 1))) {
                found++;
            }
        }
        assertEquals(5, found, pairs);
    }

    static String[] readCorpus() {
        try {
            return Files.readAllLines(DefaultDemo.corpus()).toArray(new String[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void imageClassificationWritesEveryFormat(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        Path images = Files.createDirectories(tmp.resolve("images"));
        Fixtures.Input jpeg = Fixtures.image("JPEG", "RGB");
        Files.copy(jpeg.file(), images.resolve("a.jpg"));
        Files.copy(Fixtures.image("PNG", "RGB").file(), images.resolve("b.png"));
        Files.writeString(images.resolve("notes.txt"), "not an image");
        String model = root.resolve("convnext-image-classification").toString();
        String top = Fixtures.json(Path.of(model, "cases", jpeg.id(), "expected.json"))
                .path("postprocess")
                .path("per_image")
                .get(0)
                .path("top5")
                .get(0)
                .path("label")
                .asText();
        for (String format : List.of("parquet", "json", "csv")) {
            Path out = tmp.resolve("out-" + format);
            String log = capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {
                "image-classification",
                "--model",
                root.resolve("convnext-image-classification").toString(),
                "--input",
                images.toString(),
                "--output",
                out.toString(),
                "--format",
                format,
                "--top-k",
                "3",
                "--device",
                "cpu"
            })));
            assertTrue(log.contains("done: 3 rows") && log.contains("1 with errors"), log);
            List<Row> rows = spark.read()
                    .format(format)
                    .option("header", "true")
                    .load(out.toString())
                    .orderBy("path")
                    .collectAsList();
            assertEquals(3, rows.size());
            Row cat = rows.get(0);
            assertTrue(cat.<String>getAs("path").endsWith("a.jpg"));
            assertEquals(top, cat.getAs("predictedLabel"), "HF's top label for the photo with these random weights");
            assertTrue(rows.get(2).<String>getAs("error").contains("unrecognised image format"), format);
        }
    }

    @Test
    void imageFeatureExtractionAndSegmentationOnAFolder(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.copy(photo(), images.resolve("b.jpg"));
        // The image whose decoded size is its stored size turned by a quarter: EXIF orientation applied.
        Fixtures.Input rotated = Fixtures.input(
                "images",
                m -> m.path("stored_size_wh").get(0).asInt()
                                == m.path("decoded_size_wh").get(1).asInt()
                        && m.path("stored_size_wh").get(0).asInt()
                                != m.path("stored_size_wh").get(1).asInt(),
                "image with an EXIF rotation");
        Files.copy(rotated.file(), images.resolve("a.jpg"));
        Path emb = tmp.resolve("emb");
        String log = capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {
            "image-feature-extraction",
            "--model",
            root.resolve("dinov2-feature-extraction").toString(),
            "--input",
            images.toString(),
            "--output",
            emb.toString(),
            "--normalize",
            "--device",
            "cpu"
        })));
        assertTrue(log.contains("done: 2 rows") && log.contains("0 with errors"), log);
        for (Row r : spark.read().parquet(emb.toString()).collectAsList()) {
            double[] v = ((Vector) r.getAs("embedding")).toArray();
            double norm = 0;
            for (double d : v) {
                norm += d * d;
            }
            assertEquals(1.0, norm, 1e-5, "normalised embedding of " + r.getAs("path"));
        }
        Path seg = tmp.resolve("seg");
        log = capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {
            "image-segmentation",
            "--model",
            root.resolve("mask2former-universal-segmentation").toString(),
            "--input",
            images.toString(),
            "--output",
            seg.toString(),
            "--subtask",
            "instance",
            "--threshold",
            "0.3",
            "--format",
            "json",
            "--device",
            "cpu"
        })));
        assertTrue(log.contains("done: 2 rows") && log.contains("0 with errors"), log);
        List<Row> rows = spark.read().json(seg.toString()).orderBy("path").collectAsList();
        Row astronaut = rows.get(0);
        assertEquals(
                rotated.meta().path("decoded_size_wh").get(1).asLong(),
                astronaut.<Row>getAs("segmentation").<Long>getAs("height"),
                "EXIF-rotated size");
        assertEquals(
                rotated.meta().path("decoded_size_wh").get(0).asLong(),
                astronaut.<Row>getAs("segmentation").<Long>getAs("width"));
    }

    @Test
    void textHeadsOnJsonLines(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        Path texts = tmp.resolve("texts.jsonl");
        Files.writeString(
                texts,
                "{\"id\": 1, \"text\": \"The capital of France is <mask>.\", \"other\": \"Paris is nice.\"}\n"
                        + "{\"id\": 2, \"text\": \"No mask here.\", \"other\": \"x\"}\n");
        Path qa = tmp.resolve("qa.jsonl");
        Files.writeString(
                qa,
                "{\"id\": 1, \"question\": \"What does the fox jump over?\", "
                        + "\"context\": \"The quick brown fox jumps over the lazy dog.\"}\n{\"id\": 2, \"question\": \"Why?\", \"context\": \"\"}\n");
        String[][] runs = {
            {"text-classification", "data2vec-text-sequence-classification", texts.toString(), "--pair-col", "other"},
            {"token-classification", "data2vec-text-token-classification", texts.toString()},
            {"fill-mask", "data2vec-text-masked-lm", texts.toString()},
            {"question-answering", "data2vec-text-question-answering", qa.toString()}
        };
        for (String[] run : runs) {
            Path out = tmp.resolve("out-" + run[0]);
            List<String> args = new ArrayList<>(List.of(
                    run[0],
                    "--model",
                    root.resolve(run[1]).toString(),
                    "--input",
                    run[2],
                    "--output",
                    out.toString(),
                    "--device",
                    "cpu"));
            args.addAll(List.of(run).subList(3, run.length));
            String log = capture(() -> InferenceJob.run(spark, JobOptions.parse(args.toArray(new String[0]))));
            assertTrue(log.contains("done: 2 rows"), run[0] + ": " + log);
            List<Row> rows = spark.read().parquet(out.toString()).orderBy("id").collectAsList();
            assertEquals(2, rows.size());
            boolean secondFails = run[0].equals("fill-mask") || run[0].equals("question-answering");
            assertEquals(
                    secondFails ? "1 with errors" : "0 with errors",
                    log.substring(log.indexOf("), ") + 3, log.indexOf(" (column"))
                            .trim(),
                    run[0] + ": " + log);
            assertTrue(rows.get(0).isNullAt(rows.get(0).fieldIndex("error")), run[0]);
        }
        // The command's answers are the stages' own, defaults and all.
        var texts2 = spark.read().json(texts.toString());
        assertSameAsStage(
                tmp.resolve("out-text-classification"),
                new TextClassifier()
                        .setModelPath(root.resolve("data2vec-text-sequence-classification")
                                .toString())
                        .setInputCol("text")
                        .setPairCol("other"),
                texts2,
                "id",
                "topK");
        assertSameAsStage(
                tmp.resolve("out-token-classification"),
                new TokenClassifier()
                        .setModelPath(root.resolve("data2vec-text-token-classification")
                                .toString())
                        .setInputCol("text"),
                texts2,
                "id",
                "entities");
        assertSameAsStage(
                tmp.resolve("out-fill-mask"),
                new FillMask()
                        .setModelPath(root.resolve("data2vec-text-masked-lm").toString())
                        .setInputCol("text"),
                texts2,
                "id",
                "masks");
        assertSameAsStage(
                tmp.resolve("out-question-answering"),
                new QuestionAnswerer()
                        .setModelPath(
                                root.resolve("data2vec-text-question-answering").toString()),
                spark.read().json(qa.toString()),
                "id",
                "answers");
    }

    /** The generic graph task from the command: {@code --input-cols} feeds the graph's inputs in order. */
    @Test
    void onnxTaskFeedsTheNamedColumns(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.models("text-classification").get(0);
        Path table = tmp.resolve("ids.jsonl");
        Files.writeString(
                table,
                "{\"id\": 1, \"ids\": [0, 5, 6, 2], \"mask\": [1, 1, 1, 1]}\n"
                        + "{\"id\": 2, \"ids\": [0, 7, 2, 1], \"mask\": [1, 1, 1, 0]}\n");
        Path out = tmp.resolve("out-onnx");
        String log = capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {
            "onnx",
            "--model",
            model.toString(),
            "--input",
            table.toString(),
            "--input-cols",
            "ids,mask",
            "--output",
            out.toString(),
            "--device",
            "cpu"
        })));
        assertTrue(log.contains("done: 2 rows") && log.contains(", 0 with errors"), log);
        OnnxTransformer stage =
                new OnnxTransformer().setModelPath(model.toString()).setInputCols("ids", "mask");
        String logits = Arrays.stream(spark.read().parquet(out.toString()).columns())
                .filter(c -> !List.of("id", "ids", "mask", "error").contains(c))
                .findFirst()
                .orElseThrow();
        assertSameAsStage(out, stage, spark.read().json(table.toString()), "id", logits);
    }

    /** The job's {@code column} for every row equals the stage's on the same input, as JSON text. */
    static void assertSameAsStage(Path jobOutput, ModelStage<?> stage, Dataset<Row> input, String key, String column) {
        Function<Dataset<Row>, Map<String, String>> byKey =
                df -> df
                        .selectExpr("CAST(" + key + " AS STRING) AS k", "to_json(struct(" + column + ")) AS v")
                        .collectAsList()
                        .stream()
                        .collect(Collectors.toMap(r -> r.getString(0), r -> String.valueOf(r.getString(1))));
        Map<String, String> job = byKey.apply(spark.read().parquet(jobOutput.toString()));
        Map<String, String> lib = byKey.apply(stage.setDevice("cpu")
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .transform(input));
        assertEquals(lib, job, stage.getClass().getSimpleName() + ": the command's " + column + " vs the stage's");
    }

    @Test
    void audioTasksOnAFolderOfWavs(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        Path wavs = Files.createDirectories(tmp.resolve("wavs"));
        List<Fixtures.Input> clips = Fixtures.inputs("audio");
        for (Fixtures.Input clip : clips) {
            Files.copy(clip.file(), wavs.resolve(clip.fileName()));
        }
        Files.writeString(wavs.resolve("broken.wav"), "RIFF....WAVEfmt ");
        String[][] runs = {
            {"automatic-speech-recognition", "data2vec-audio-ctc", "transcription"},
            {"audio-classification", "data2vec-audio-sequence-classification", "predictedLabel"},
            {"audio-frame-classification", "data2vec-audio-frame-classification", "segments"},
            {"audio-xvector", "data2vec-audio-xvector", "embedding"}
        };
        for (String[] run : runs) {
            Path out = tmp.resolve("out-" + run[0]);
            String log = capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {
                run[0],
                "--model",
                root.resolve(run[1]).toString(),
                "--input",
                wavs.toString(),
                "--output",
                out.toString(),
                "--device",
                "cpu"
            })));
            assertTrue(
                    log.contains("done: " + (clips.size() + 1) + " rows") && log.contains("1 with errors"),
                    run[0] + ": " + log);
            List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
            assertEquals(clips.size() + 1, rows.size());
            for (Row r : rows) {
                boolean broken = r.<String>getAs("path").endsWith("broken.wav");
                assertEquals(broken, r.isNullAt(r.fieldIndex(run[2])), run[0] + " " + r.getAs("path"));
                assertEquals(broken, !r.isNullAt(r.fieldIndex("error")), run[0] + " " + r.getAs("path"));
            }
            ModelStage<?> stage = switch (run[0]) {
                case "automatic-speech-recognition" -> new SpeechRecognizer();
                case "audio-classification" -> new AudioClassifier();
                case "audio-frame-classification" -> new AudioFrameClassifier();
                default -> new SpeakerEmbedder();
            };
            assertSameAsStage(
                    out,
                    ((InputColParams<?>) stage)
                            .setInputCol("content")
                            .setModelPath(root.resolve(run[1]).toString()),
                    spark.read().format("binaryFile").load(wavs.toString()),
                    "path",
                    run[2]);
        }
    }

    @Test
    void sqlScriptWithTheTableFunctions() {
        String out = capture(() -> {
            try {
                SqlScript.run(spark, JobOptions.parse(new String[] {
                    "sql",
                    "--file",
                    Main.home().resolve("examples/sql/classify-and-embed.sql").toString()
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(out.contains("hf_feature_extraction") && out.contains("A man is playing a guitar"), out);
        assertEquals(List.of("SELECT 1", "SELECT 2"), SqlScript.statements("-- comment\nSELECT 1;\n\nSELECT 2"));
    }

    @Test
    void imagesFromTheImageSourceAndFromATableOfPaths(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        Path images = Files.createDirectories(tmp.resolve("images"));
        List<String> pngs = List.of("a.png", "b.png", "c.png");
        Files.copy(Fixtures.image("PNG", "RGB").file(), images.resolve(pngs.get(0)));
        Files.copy(Fixtures.image("PNG", "RGBA").file(), images.resolve(pngs.get(1)));
        Files.copy(Fixtures.image("PNG", "L").file(), images.resolve(pngs.get(2)));
        spark.createDataFrame(
                        pngs.stream()
                                .map(f -> RowFactory.create(images.resolve(f).toString()))
                                .toList(),
                        new StructType().add("file", DataTypes.StringType))
                .write()
                .parquet(tmp.resolve("paths.parquet").toString());
        String model = root.resolve("convnext-image-classification").toString();
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("binaryfile", List.of("--input", images.toString()));
        runs.put("image", List.of("--input", images.toString(), "--input-format", "image"));
        runs.put(
                "parquet",
                List.of(
                        "--input",
                        tmp.resolve("paths.parquet").toString(),
                        "--input-format",
                        "parquet",
                        "--input-col",
                        "file"));
        Map<String, List<Row>> labels = new LinkedHashMap<>();
        for (var run : runs.entrySet()) {
            List<String> args = new ArrayList<>(List.of(
                    "image-classification",
                    "--model",
                    model,
                    "--output",
                    tmp.resolve("out-" + run.getKey()).toString(),
                    "--device",
                    "cpu"));
            args.addAll(run.getValue());
            String log = capture(() -> InferenceJob.run(spark, JobOptions.parse(args.toArray(new String[0]))));
            assertTrue(log.contains("done: 3 rows") && log.contains("0 with errors"), run.getKey() + ": " + log);
            String key = run.getKey().equals("parquet") ? "file" : "path";
            labels.put(
                    run.getKey(),
                    spark.read()
                            .parquet(tmp.resolve("out-" + run.getKey()).toString())
                            .orderBy(key)
                            .select("topK")
                            .collectAsList());
        }
        // PNGs decode identically through Spark's image source (BGR struct) and from the bytes; scores differ only by
        // the float noise of a row's position in its batch.
        for (String other : List.of("image", "parquet")) {
            for (int i = 0; i < 3; i++) {
                List<Row> want = labels.get("binaryfile").get(i).getList(0);
                List<Row> got = labels.get(other).get(i).getList(0);
                assertEquals(
                        want.stream().map(r -> r.getString(0)).toList(),
                        got.stream().map(r -> r.getString(0)).toList(),
                        other);
                for (int k = 0; k < want.size(); k++) {
                    assertEquals(want.get(k).getDouble(1), got.get(k).getDouble(1), 1e-6, other);
                }
            }
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> InferenceJob.run(spark, JobOptions.parse(new String[] {
                    "automatic-speech-recognition",
                    "--model",
                    model,
                    "--input",
                    images.toString(),
                    "--output",
                    tmp.resolve("x").toString(),
                    "--input-format",
                    "image"
                })));
        assertTrue(e.getMessage().contains("--input-format image reads images"), e.getMessage());
    }

    @Test
    void everyBenchmarkRunsAndReportsItsRatio() {
        Path root = fixtures();
        List<String[]> runs = List.of(
                new String[] {"--task", "feature-extraction"},
                new String[] {"--task", "sql"},
                new String[] {"--task", "text-bucketing"},
                new String[] {
                    "--task",
                    "image-classification",
                    "--model",
                    root.resolve("convnext-image-classification").toString(),
                    "--input",
                    root.resolve("inputs/images").toString()
                },
                new String[] {
                    "--task",
                    "image-segmentation",
                    "--model",
                    root.resolve("data2vec-vision-semantic-segmentation").toString(),
                    "--input",
                    root.resolve("inputs/images").toString()
                },
                new String[] {
                    "--task",
                    "automatic-speech-recognition",
                    "--model",
                    root.resolve("data2vec-audio-ctc").toString(),
                    "--input",
                    root.resolve("inputs/audio").toString()
                });
        for (String[] run : runs) {
            List<String> args = new ArrayList<>(List.of("benchmark", "--rows", "24", "--batch-size", "8"));
            args.addAll(List.of(run));
            String out = capture(() -> {
                try {
                    Benchmark.run(spark, JobOptions.parse(args.toArray(new String[0])));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Timings are the benchmark's to report, not the test's: it checks that every comparison runs to its ratio.
            assertTrue(out.matches("(?s).*ratio \\(best of 3 each\\): \\d+\\.\\d{3}.*"), run[1] + ":\n" + out);
        }
    }

    @Test
    void everyTaskRunsFromItsConfigFile(@TempDir Path tmp) throws Exception {
        // The checked-in configs name the fixtures as ${home}/../shared/fixtures/hf-tiny; follow
        // -Dsparkformers.fixtures.
        String shipped = Main.home().toAbsolutePath().normalize() + "/../shared/fixtures/hf-tiny";
        String actual = fixtures().toAbsolutePath().normalize().toString();
        for (String task : JobOptions.TASKS) {
            // Not every task has a config: the fixture set holds no multiple-choice export, and the generic graph stage
            // needs a table of tensors (both run from the command in their own tests).
            if (List.of("benchmark", "sql", "multiple-choice", "onnx").contains(task)) {
                continue;
            }
            Path config = Main.home().resolve("conf/jobs/" + task + ".yaml");
            assertTrue(Files.isRegularFile(config), "missing " + config);
            JobOptions parsed = JobOptions.parse(new String[] {"--config", config.toString(), "--batch-size", "7"});
            assertEquals(task, parsed.task);
            assertEquals(7, parsed.positiveInt("batch-size", 32), "flags override the file");
            assertTrue(
                    Files.readString(config).contains("#   model: s3a://"),
                    task + ": the config shows the cluster form");
            List<String> args = new ArrayList<>(List.of(
                    "--config",
                    config.toString(),
                    "--output",
                    tmp.resolve(task).toString(),
                    "--device",
                    "cpu",
                    "--report",
                    tmp.resolve(task + ".html").toString()));
            for (String key : List.of("model", "input")) {
                String v = parsed.get(key, "");
                if (v.startsWith(shipped)) {
                    args.addAll(List.of("--" + key, actual + v.substring(shipped.length())));
                }
            }
            String log = capture(() -> InferenceJob.run(spark, JobOptions.parse(args.toArray(new String[0]))));
            assertTrue(log.matches("(?s).*done: [1-9]\\d* rows .*, 0 with errors.*"), task + ":\n" + log);
            assertTrue(log.contains("sample:\n  "), task + ":\n" + log);
            assertTrue(log.contains("device requested cpu, used by the tasks: cpu;"), task + ":\n" + log);
            assertTrue(spark.read().parquet(tmp.resolve(task).toString()).count() > 0, task);
        }
    }

    @Test
    void configFileRunsAJob(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.copy(photo(), images.resolve("photo.jpg"));
        Path config = tmp.resolve("job.json");
        Files.writeString(
                config,
                "{\"task\": \"image-classification\", \"model\": \"" + root.resolve("convnext-image-classification")
                        + "\", \"input\": \"" + images + "\", \"output\": \"" + tmp.resolve("out")
                        + "\", \"top-k\": 2, \"device\": \"cpu\"}");
        String log =
                capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {"--config", config.toString()})));
        assertTrue(log.contains("done: 1 rows"), log);
        assertEquals(
                2,
                spark.read()
                        .parquet(tmp.resolve("out").toString())
                        .first()
                        .getList(spark.read()
                                .parquet(tmp.resolve("out").toString())
                                .first()
                                .fieldIndex("topK"))
                        .size());
    }

    /** Headless Chromium, as Debian installs it; tests that need it skip without it except under CI=true. */
    static String chromium() {
        return Tools.executable("chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser");
    }

    static String runChromium(Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        return out;
    }

    @Test
    void htmlReportRendersInChromium(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        chromium();
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.copy(photo(), images.resolve("photo.jpg"));
        Files.copy(Fixtures.image("PNG", "RGB").file(), images.resolve("b.png"));
        Files.writeString(images.resolve("broken.jpg"), "not a jpeg");
        Path seg = tmp.resolve("seg.html");
        capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {
            "image-segmentation",
            "--model",
            root.resolve("mask2former-universal-segmentation").toString(),
            "--input",
            images.toString(),
            "--output",
            tmp.resolve("seg").toString(),
            "--subtask",
            "semantic",
            "--device",
            "cpu",
            "--report",
            seg.toString()
        })));
        Path clf = tmp.resolve("clf.html");
        capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {
            "image-classification",
            "--model",
            root.resolve("convnext-image-classification").toString(),
            "--input",
            images.toString(),
            "--output",
            tmp.resolve("clf").toString(),
            "--device",
            "cpu",
            "--report",
            clf.toString()
        })));
        String html = Files.readString(clf);
        assertTrue(!html.contains("http://") && !html.contains("https://"), "self-contained");

        String dom =
                runChromium(tmp.resolve("profile1"), "--dump-dom", clf.toUri().toString());
        assertTrue(
                dom.contains("id=\"summary\"") && dom.contains("class=\"topk\"") && dom.contains("class=\"thumb\""),
                dom);
        assertTrue(dom.contains("broken.jpg") && dom.contains("unrecognised image format"), "error table");
        String segDom =
                runChromium(tmp.resolve("profile2"), "--dump-dom", seg.toUri().toString());
        assertTrue(segDom.contains("class=\"overlay\""), "segmentation overlays");
        Path shot = tmp.resolve("report.png");
        runChromium(
                tmp.resolve("profile3"),
                "--screenshot=" + shot,
                "--window-size=1200,900",
                seg.toUri().toString());
        assertTrue(Files.size(shot) > 10_000, "screenshot of the report");
        Files.copy(shot, Path.of("target", "report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void featureExtractionFromJsonLines(@TempDir Path tmp) throws Exception {
        Path root = fixtures();
        Path in = tmp.resolve("texts.jsonl");
        Files.writeString(in, "{\"id\": \"a\", \"body\": \"Hello world!\"}\n{\"id\": \"b\", \"body\": null}\n");
        Path out = tmp.resolve("emb");
        String log = capture(() -> InferenceJob.run(spark, JobOptions.parse(new String[] {
            "feature-extraction",
            "--model",
            root.resolve("data2vec-text-feature-extraction").toString(),
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--text-col",
            "body",
            "--pooling",
            "cls",
            "--device",
            "cpu"
        })));
        assertTrue(log.contains("done: 2 rows") && log.contains("1 with errors"), log);
        List<Row> rows = spark.read().parquet(out.toString()).orderBy("id").collectAsList();
        assertEquals("a", rows.get(0).getAs("id"));
        assertEquals(32, ((Vector) rows.get(0).getAs("embedding")).size());
        assertEquals("null input", rows.get(1).getAs("error"));
    }
}

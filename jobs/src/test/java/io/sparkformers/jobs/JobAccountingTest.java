package io.sparkformers.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.ml.TextEmbedder;
import io.sparkformers.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command accounts for every input it was given and does not change the library's answers: 0-byte files are
 * rows with a reason (or counted skips, or the job's failure), options not given leave the stages' defaults.
 */
class JobAccountingTest extends CommandSessionTest {

    /** Runs the command; returns {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        return run(spark, args);
    }

    /** Runs the command in {@code session}; returns {exit code, stdout, stderr}. */
    static String[] run(SparkSession session, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        int code;
        try {
            code = Main.execute(session, JobOptions.parse(args), new PrintStream(err, true));
        } finally {
            System.setOut(old);
        }
        awaitNoRunningTasks(session);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /**
     * A failed job's other tasks may still be finishing (writing, then removing, their output) when the failure
     * reaches the command, as on Spark 3.5: the command's own main stops Spark before it returns; a test that goes on
     * in the same session waits for them instead, so its temporary directories are quiet when it ends.
     */
    static void awaitNoRunningTasks(SparkSession session) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline
                && Arrays.stream(session.sparkContext().statusTracker().getExecutorInfos())
                                .mapToInt(e -> e.numRunningTasks())
                                .sum()
                        > 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void zeroByteFilesAreRowsWithTheirReason(@TempDir Path tmp) throws Exception {
        Fixtures.Input image = Fixtures.inputs("images").get(0);
        Fixtures.Input clip = Fixtures.inputs("audio").get(0);
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.copy(image.file(), images.resolve(image.fileName()));
        Files.write(images.resolve("empty.jpg"), new byte[0]);
        Path audio = Files.createDirectories(tmp.resolve("audio"));
        Files.copy(clip.file(), audio.resolve(clip.fileName()));
        Files.write(audio.resolve("empty.wav"), new byte[0]);
        String imageModel = Fixtures.models("image-classification").get(0).toString();
        String audioModel = Fixtures.models("audio-classification").get(0).toString();

        for (String[] job : List.of(
                new String[] {"image-classification", imageModel, images.toString(), "binaryFile"},
                new String[] {"image-classification", imageModel, images.toString(), "image"},
                new String[] {"audio-classification", audioModel, audio.toString(), "binaryFile"})) {
            Path keep = tmp.resolve("keep-" + job[0] + "-" + job[3]);
            String[] r = run(
                    job[0],
                    "--model",
                    job[1],
                    "--input",
                    job[2],
                    "--output",
                    keep.toString(),
                    "--device",
                    "cpu",
                    "--input-format",
                    job[3]);
            assertEquals("0", r[0], r[2]);
            assertTrue(r[1].contains("done: 2 rows") && r[1].contains("1 with errors"), r[1]);
            Map<String, String> errors = spark.read().parquet(keep.toString()).collectAsList().stream()
                    .collect(Collectors.toMap(
                            row -> Path.of(row.<String>getAs("path").replace("file:", ""))
                                    .getFileName()
                                    .toString(),
                            row -> String.valueOf(row.<String>getAs("error"))));
            assertEquals(2, errors.size(), errors.toString());
            String good = job[0].startsWith("image") ? image.fileName() : clip.fileName();
            assertEquals("null", errors.get(good), errors.toString());
            String empty = job[0].startsWith("image") ? "empty.jpg" : "empty.wav";
            String expected = job[3].equals("image") ? "invalid image row" : "empty file (0 bytes)";
            assertTrue(errors.get(empty).startsWith(expected), errors.toString());

            String[] skip = run(
                    job[0],
                    "--model",
                    job[1],
                    "--input",
                    job[2],
                    "--output",
                    tmp.resolve("skip-" + job[0] + job[3]).toString(),
                    "--device",
                    "cpu",
                    "--handle-invalid",
                    "skip",
                    "--input-format",
                    job[3]);
            assertTrue(
                    skip[1].contains("done: 2 rows")
                            && skip[1].contains("1 of them skipped")
                            && skip[1].contains("1 rows written"),
                    skip[1]);
        }
        String[] error = run(
                "audio-classification",
                "--model",
                audioModel,
                "--input",
                audio.toString(),
                "--output",
                tmp.resolve("error").toString(),
                "--device",
                "cpu",
                "--handle-invalid",
                "error");
        assertEquals("1", error[0]);
        List<String> lines = error[2].lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(
                last.startsWith("sparkformers: failed: ")
                        && last.contains("empty.wav")
                        && last.contains("empty file (0 bytes)"),
                error[2]);
    }

    @Test
    void optionsNotGivenLeaveTheStageDefaults(@TempDir Path tmp) throws Exception {
        // The bundled MiniLM quantizes activations per batch: the stage runs it a row at a time unless batchSize is
        // set,
        // so a row's embedding does not depend on its batch mates — the command must not set batchSize by itself.
        Path texts =
                Path.of(Main.home().toString(), "examples/data/sentences.txt").toAbsolutePath();
        if (!Files.exists(texts)) {
            texts = Path.of("../examples/data/sentences.txt").toAbsolutePath();
        }
        Path out = tmp.resolve("emb");
        String[] r = run(
                "feature-extraction",
                "--model",
                DefaultDemo.MODEL,
                "--input",
                texts.toString(),
                "--output",
                out.toString(),
                "--device",
                "cpu");
        assertEquals("0", r[0], r[2]);
        List<Row> job = spark.read().parquet(out.toString()).orderBy("id").collectAsList();
        List<Row> stage = new TextEmbedder()
                .setModelPath(DefaultDemo.MODEL)
                .setInputCol("text")
                .setDevice("cpu")
                .transform(spark.read().text(texts.toString()).withColumnRenamed("value", "text"))
                .collectAsList();
        assertEquals(stage.size(), job.size());
        Map<String, double[]> byText = stage.stream()
                .collect(Collectors.toMap(
                        row -> row.<String>getAs("text"),
                        row -> ((Vector) row.getAs("embedding")).toArray(),
                        (a, b) -> a));
        for (Row row : job) {
            double[] want = byText.get(row.<String>getAs("text"));
            double[] got = ((Vector) row.getAs("embedding")).toArray();
            Assertions.assertArrayEquals(want, got, 0.0, row.<String>getAs("text"));
        }
        // Vectors are printed as vectors in the sample lines.
        assertTrue(
                r[1].contains("embedding=[")
                        && r[1].contains(", ... (" + ((Vector) stage.get(0).getAs("embedding")).size() + ")]"),
                r[1]);
        assertFalse(r[1].contains("indices="), r[1]);

        // An unknown option is refused with the stage's Params; a Param the command never knew by hand is reachable.
        // Refused while the arguments are parsed (Main.run: exit 2 before Spark starts), by the stage's own Params.
        String[] args = {
            "feature-extraction",
            "--model",
            DefaultDemo.MODEL,
            "--input",
            texts.toString(),
            "--output",
            tmp.resolve("x").toString(),
            "--no-such-param",
            "1"
        };
        IllegalArgumentException unknown =
                Assertions.assertThrows(IllegalArgumentException.class, () -> JobOptions.parse(args));
        assertTrue(
                unknown.getMessage().contains("unknown option 'no-such-param'")
                        && unknown.getMessage().contains("batchSize"),
                unknown.getMessage());
    }
}

package io.sparkformers.sql;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.ml.SpeechRecognizer;
import io.sparkformers.ml.TextClassifier;
import io.sparkformers.ml.TextEmbedder;
import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.TinyOnnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scalar SQL functions: planned into the stages' batches by the optimizer rule, equal to the stages. */
class HfScalarFunctionsTest {
    static SparkSession spark;
    static Path root;
    static String textModel;
    static String classifier;

    @BeforeAll
    static void start() {
        root = Fixtures.root();
        spark = SqlSession.get();
        textModel = root.resolve("data2vec-text-feature-extraction").toString();
        classifier = root.resolve("data2vec-text-sequence-classification").toString();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(i, "sentence number " + i + (i % 3 == 0 ? " with a few more words in it" : "")));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        // A local relation (which Spark would evaluate on the driver if it could) and a partitioned table.
        spark.createDataFrame(rows, schema).createOrReplaceTempView("local_texts");
        spark.createDataFrame(rows, schema).repartition(2).createOrReplaceTempView("texts");
    }

    // A global ORDER BY samples its input first, which runs the inference twice (as for any uncached plan): the
    // ORT-call counts are taken on unordered queries.
    private static final Comparator<Row> BY_ID = Comparator.comparingInt(r -> r.getInt(0));

    private static long runs(Runnable r) {
        long before = BatchEngine.runs();
        r.run();
        return BatchEngine.runs() - before;
    }

    @Test
    void embeddingsInASelectListBatchAndEqualTheStage() {
        for (String table : List.of("local_texts", "texts")) {
            List<Row>[] sql = new List[1];
            long calls = runs(() -> sql[0] = spark
                    .sql("SELECT id, hf_embed_text('" + textModel + "', text, "
                            + "map('batch_size', '8', 'pooling', 'cls', 'device', 'cpu')).embedding AS embedding FROM "
                            + table)
                    .collectAsList()
                    .stream()
                    .sorted(BY_ID)
                    .toList());
            assertEquals(40, sql[0].size());
            // 40 rows in batches of 8 over at most 2 partitions: 5 to 6 ORT calls, not 40.
            assertTrue(calls >= 5 && calls <= 7, table + ": about 5 ORT calls expected, got " + calls);
            List<Row> stage = new TextEmbedder()
                    .setModelPath(textModel)
                    .setBatchSize(8)
                    .setPooling("cls")
                    .setDevice("cpu")
                    .transform(spark.table(table))
                    .orderBy("id")
                    .select("id", "embedding")
                    .collectAsList();
            assertEquals(stage, sql[0], table);
        }
    }

    @Test
    void theResultIsTheStagesColumnsAsAStruct() {
        Dataset<Row> in = spark.read()
                .format("binaryFile")
                .load(root.resolve("inputs/images").toString() + "/*.*")
                .select("path", "content");
        in.createOrReplaceTempView("images");
        String model = root.resolve("convnext-image-classification").toString();
        Dataset<Row> sql = spark.sql(
                "SELECT path, hf_classify_image('" + model + "', content, map('top_k', '2')) AS r " + "FROM images");
        ImageClassifier stage =
                new ImageClassifier().setModelPath(model).setInputCol("content").setTopK(2);
        StructType staged = stage.transformSchema(in.schema());
        StructType r = (StructType) sql.schema().apply("r").dataType();
        List<StructField> expected = Arrays.asList(staged.fields()).subList(2, staged.fields().length);
        assertEquals(expected.stream().map(StructField::name).toList(), Arrays.asList(r.fieldNames()));
        assertEquals(
                expected.stream().map(StructField::dataType).toList(),
                Arrays.stream(r.fields()).map(StructField::dataType).toList());
        List<Row> got = sql.select(col("path"), col("r.*")).orderBy("path").collectAsList();
        List<Row> want = stage.transform(in).drop("content").orderBy("path").collectAsList();
        assertEquals(6, got.size());
        assertEquals(want, got);
    }

    /** A bad file's reason names the file, though the query keeps only the bytes, and the option as SQL spells it. */
    @Test
    void aBadFilesReasonNamesItsPathAndTheSqlOption(@TempDir Path dir) throws Exception {
        Path good = Fixtures.imageFiles().get(0);
        Files.copy(good, dir.resolve(good.getFileName()));
        Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        spark.read().format("binaryFile").load(dir.toString()).createOrReplaceTempView("some_files");
        String model = root.resolve("convnext-image-classification").toString();
        Exception e = assertThrows(
                Exception.class,
                () -> spark.sql("SELECT hf_classify_image('" + model + "', content) AS r FROM some_files")
                        .collect());
        String m = messages(e);
        assertTrue(m.contains("invalid row [path=") && m.contains("broken.jpg] (handle_invalid=error)"), m);
        assertEquals(
                List.of("r"),
                Arrays.asList(spark.sql("SELECT hf_classify_image('" + model
                                + "', content, map('handle_invalid', 'keep')) AS r FROM some_files")
                        .schema()
                        .fieldNames()),
                "the path rides along unseen");
    }

    @Test
    void whereGroupByOrderByAndRepeatedCallsRunOnce() {
        String call = "hf_classify_text('" + classifier + "', text, map('batch_size', '8'))";
        List<Row> stage = new TextClassifier()
                .setModelPath(classifier)
                .setBatchSize(8)
                .transform(spark.table("texts"))
                .select("id", "predictedLabel", "probability")
                .orderBy("id")
                .collectAsList();
        String label = stage.get(0).getString(1);

        List<Row>[] both = new List[1];
        long calls = runs(() -> both[0] = spark
                .sql("SELECT id, " + call + ".predictedLabel, " + call + ".probability FROM " + "texts")
                .collectAsList()
                .stream()
                .sorted(BY_ID)
                .toList());
        assertEquals(stage, both[0]);
        assertTrue(calls <= 7, "the same call twice in one SELECT is computed once: " + calls + " ORT calls");

        List<Row> where = spark.sql(
                        "SELECT id FROM texts WHERE " + call + ".predictedLabel = '" + label + "' ORDER BY id")
                .collectAsList();
        List<Integer> expected = stage.stream()
                .filter(r -> r.getString(1).equals(label))
                .map(r -> r.getInt(0))
                .toList();
        assertEquals(expected, where.stream().map(r -> r.getInt(0)).toList());

        List<Row> groups = spark.sql("SELECT " + call + ".predictedLabel AS label, count(*) AS n FROM texts GROUP BY 1 "
                        + "ORDER BY 1")
                .collectAsList();
        assertEquals(stage.stream().map(r -> r.getString(1)).distinct().count(), groups.size());
        assertEquals(40L, groups.stream().mapToLong(r -> r.getLong(1)).sum());
        assertEquals(
                expected.size(),
                groups.stream()
                        .filter(r -> r.getString(0).equals(label))
                        .findFirst()
                        .orElseThrow()
                        .getLong(1));

        List<Row> ordered = spark.sql("SELECT id FROM texts ORDER BY " + call + ".topK[0].score, id")
                .collectAsList();
        List<Integer> byScore = stage.stream()
                .sorted((a, b) -> {
                    Vector pa = (Vector) a.get(2);
                    Vector pb = (Vector) b.get(2);
                    int c = Double.compare(pa.apply(pa.argmax()), pb.apply(pb.argmax()));
                    return c != 0 ? c : Integer.compare(a.getInt(0), b.getInt(0));
                })
                .map(r -> r.getInt(0))
                .toList();
        assertEquals(byScore, ordered.stream().map(r -> r.getInt(0)).toList());
    }

    @Test
    void nestedCallsFeedOneStageIntoAnother() {
        Dataset<Row> audio = spark.read()
                .format("binaryFile")
                .load(root.resolve("inputs/audio").toString() + "/*.wav")
                .select("path", "content");
        audio.createOrReplaceTempView("clips");
        String asr = root.resolve("data2vec-audio-ctc").toString();
        List<Row> sql = spark.sql("SELECT path, hf_classify_text('" + classifier + "', hf_transcribe('" + asr
                        + "', content).transcription).predictedLabel AS label FROM clips ORDER BY path")
                .collectAsList();
        Dataset<Row> transcribed =
                new SpeechRecognizer().setModelPath(asr).setInputCol("content").transform(audio);
        List<Row> staged = new TextClassifier()
                .setModelPath(classifier)
                .setInputCol("transcription")
                .transform(transcribed)
                .select("path", "predictedLabel")
                .orderBy("path")
                .collectAsList();
        assertEquals(3, sql.size());
        assertEquals(staged, sql);
    }

    @Test
    void badRowsUnderKeepSkipAndError() {
        List<Row> rows = List.of(
                RowFactory.create(1, "a fine sentence"),
                RowFactory.create(2, null),
                RowFactory.create(3, "another one"));
        spark.createDataFrame(
                        rows, new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType))
                .createOrReplaceTempView("some_nulls");
        List<Row> keep = spark.sql("SELECT id, hf_classify_text('" + classifier
                        + "', text, map('handle_invalid', 'keep')) AS r " + "FROM some_nulls ORDER BY id")
                .collectAsList();
        assertEquals(3, keep.size());
        assertNull(keep.get(0).getStruct(1).getAs("error"));
        assertNotNull(keep.get(0).getStruct(1).getAs("predictedLabel"));
        String reason = keep.get(1).getStruct(1).getAs("error");
        assertTrue(reason != null && reason.contains("null"), "reason for a null text: " + reason);
        assertNull(keep.get(1).getStruct(1).getAs("predictedLabel"));

        List<Row> skip = spark.sql("SELECT id, hf_classify_text('" + classifier
                        + "', text, map('handle_invalid', 'skip')) AS r " + "FROM some_nulls ORDER BY id")
                .collectAsList();
        assertEquals(3, skip.size(), "a scalar function keeps the row");
        assertNull(skip.get(1).get(1));
        assertEquals((String) keep.get(2).getStruct(1).getAs("predictedLabel"), (String)
                skip.get(2).getStruct(1).getAs("predictedLabel"));

        Exception e = assertThrows(
                Exception.class,
                () -> spark.sql("SELECT id, hf_classify_text('" + classifier + "', text) FROM some_nulls")
                        .collect());
        // The reason names the row and the option as SQL sets it, not the Java Param.
        assertTrue(messages(e).contains("invalid row [id=2] (handle_invalid=error)"), messages(e));
        assertTrue(messages(e).contains("set handle_invalid to skip or keep"), messages(e));
    }

    @Test
    void theRegisterPathPlansTheSameBatches() {
        SparkSession other = spark.newSession();
        HfFunctions.register(other);
        var registry =
                io.sparkformers.sql.compat.SparkCompat.sessionState(other).functionRegistry();
        var id = io.sparkformers.sql.compat.SparkCompat.registeredName("hf_classify_text", other.version());
        Object builder = registry.lookupFunctionBuilder(id).get();
        HfFunctions.register(other);
        assertSame(builder, registry.lookupFunctionBuilder(id).get(), "a second register replaces nothing");
        other.createDataFrame(
                        spark.table("texts").collectAsList(),
                        spark.table("texts").schema())
                .repartition(2)
                .createOrReplaceTempView("texts");
        String q = "SELECT id, hf_classify_text('" + classifier
                + "', text, map('batch_size', '8')).predictedLabel AS label " + "FROM texts";
        List<Row>[] got = new List[1];
        long calls = runs(() ->
                got[0] = other.sql(q).collectAsList().stream().sorted(BY_ID).toList());
        assertTrue(calls >= 5 && calls <= 7, "about 5 ORT calls expected, got " + calls);
        assertEquals(spark.sql(q).collectAsList().stream().sorted(BY_ID).toList(), got[0]);
        String plan = other.sql(q).queryExecution().executedPlan().toString();
        assertTrue(plan.contains("MapPartitions"), plan);
        assertFalse(plan.contains("hf_classify_text"), plan);
        assertEquals(1, other.experimental().extraOptimizations().count(r -> r instanceof BatchHfCalls));
    }

    @Test
    void constantsViewsAndSubqueries() {
        Row single = spark.sql("SELECT hf_classify_text('" + classifier + "', 'I love this').predictedLabel")
                .first();
        Row staged = new TextClassifier()
                .setModelPath(classifier)
                .setInputCol("t")
                .transform(spark.createDataFrame(
                        List.of(RowFactory.create("I love this")), new StructType().add("t", DataTypes.StringType)))
                .select("predictedLabel")
                .first();
        assertEquals(staged, single);
        spark.sql("CREATE OR REPLACE TEMP VIEW labelled AS SELECT id, hf_classify_text('" + classifier
                + "', text).predictedLabel AS label FROM texts");
        assertEquals(40, spark.sql("SELECT * FROM labelled").count());
        assertEquals(
                40,
                spark.sql("SELECT count(*) FROM (SELECT id, hf_embed_text('" + textModel
                                + "', text) AS e FROM texts) WHERE e.embedding IS NOT NULL")
                        .first()
                        .getLong(0));
    }

    @Test
    void aStreamingQueryPlansEachMicroBatch(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "first line\nsecond line\n");
        Files.writeString(in.resolve("b.txt"), "third line\n");
        var query = spark.readStream()
                .format("text")
                .load(in.toString())
                .selectExpr("value", "hf_classify_text('" + classifier + "', value).predictedLabel AS label")
                .writeStream()
                .format("memory")
                .queryName("streamed_labels")
                .trigger(Trigger.AvailableNow())
                .start();
        query.awaitTermination();
        List<Row> streamed = spark.table("streamed_labels").orderBy("value").collectAsList();
        List<Row> batch = spark.read()
                .format("text")
                .load(in.toString())
                .selectExpr("value", "hf_classify_text('" + classifier + "', value).predictedLabel AS label")
                .orderBy("value")
                .collectAsList();
        assertEquals(3, streamed.size());
        assertEquals(batch, streamed);
    }

    @Test
    void generatorsWindowsNumericOptionsAndDescribe() {
        List<Row> exploded = spark.sql("SELECT id, k.label, k.score FROM (SELECT id, explode(hf_classify_text('"
                        + classifier + "', text, map('top_k', 2)).topK) AS k FROM texts)")
                .collectAsList();
        assertEquals(80, exploded.size(), "two classes per row, options given as numbers");
        List<Row> lateral = spark.sql("SELECT id, k.label FROM texts LATERAL VIEW explode(hf_classify_text('"
                        + classifier + "', text, map('top_k', '2')).topK) t AS k")
                .collectAsList();
        assertEquals(80, lateral.size());
        List<Row> ranked = spark.sql("SELECT id, rank() OVER (PARTITION BY hf_classify_text('" + classifier
                        + "', text).predictedLabel ORDER BY id) AS r FROM texts")
                .collectAsList();
        assertEquals(40, ranked.size());
        assertEquals(
                spark.sql("SELECT count(DISTINCT hf_classify_text('" + classifier
                                + "', text).predictedLabel) FROM texts")
                        .first()
                        .getLong(0),
                ranked.stream().filter(r -> r.getInt(1) == 1).count(),
                "one first rank per label");
        String usage =
                spark.sql("DESCRIBE FUNCTION hf_classify_image").collectAsList().toString();
        assertTrue(usage.contains("hf_classify_image(model, image[, options])"), usage);
    }

    @Test
    void anyOnnxGraph(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bare"));
        Files.write(
                dir.resolve("model.onnx"),
                new TinyOnnx()
                        .input("x", TinyOnnx.FLOAT, "batch", 2)
                        .input("y", TinyOnnx.FLOAT, "batch", 2)
                        .node("Mul", new String[] {"x", "y"}, new String[] {"product"})
                        .output("product", TinyOnnx.FLOAT, "batch", 2)
                        .model());
        List<Row> out = spark
                .sql("SELECT id, hf_run_onnx('" + dir + "', array(CAST(id AS FLOAT), 2F), array(3F, 0.5F))"
                        + ".product AS p FROM VALUES (1), (2), (3) AS t(id)")
                .collectAsList()
                .stream()
                .sorted(BY_ID)
                .toList();
        assertEquals(List.of(3f, 1f), out.get(0).getList(1));
        assertEquals(List.of(9f, 1f), out.get(2).getList(1));
        String usage =
                spark.sql("DESCRIBE FUNCTION hf_run_onnx").collectAsList().toString();
        assertTrue(usage.contains("hf_run_onnx(model, input1[, input2, ... input8][, options])"), usage);
    }

    @Test
    void aJoinConditionReadingOneSideIsPlannedUnderThatSide() {
        List<Row> stage = new TextClassifier()
                .setModelPath(classifier)
                .transform(spark.table("texts"))
                .select("id", "predictedLabel")
                .collectAsList();
        spark.createDataFrame(
                        List.of(RowFactory.create("neutral", 1), RowFactory.create("negative", 2)),
                        new StructType().add("label", DataTypes.StringType).add("code", DataTypes.IntegerType))
                .createOrReplaceTempView("label_codes");
        List<Row>[] joined = new List[1];
        long calls = runs(() -> joined[0] = spark
                .sql("SELECT t.id, c.code FROM texts t JOIN label_codes c " + "ON hf_classify_text('" + classifier
                        + "', t.text, map('batch_size', '8')).predictedLabel = c.label")
                .collectAsList()
                .stream()
                .sorted(BY_ID)
                .toList());
        List<Row> expected = new ArrayList<>();
        for (Row r : stage) {
            String label = r.getString(1);
            if (label.equals("neutral") || label.equals("negative")) {
                expected.add(RowFactory.create(r.getInt(0), label.equals("neutral") ? 1 : 2));
            }
        }
        expected.sort(BY_ID);
        assertFalse(expected.isEmpty(), "some rows join");
        assertEquals(expected, joined[0]);
        assertTrue(calls <= 7, "the condition's call is batched under its side: " + calls + " ORT calls");
    }

    @Test
    void columnsNamedLikeTheOutputsPassThrough() {
        spark.createDataFrame(
                        List.of(RowFactory.create(1, "one sentence", "old"), RowFactory.create(2, "another", "old")),
                        new StructType()
                                .add("id", DataTypes.IntegerType)
                                .add("text", DataTypes.StringType)
                                .add("predictedLabel", DataTypes.StringType))
                .createOrReplaceTempView("labelled_before");
        List<Row> rows = spark.sql("SELECT id, predictedLabel, hf_classify_text('" + classifier
                        + "', text).predictedLabel " + "AS fresh FROM labelled_before")
                .collectAsList();
        assertEquals(2, rows.size());
        assertTrue(
                rows.stream()
                        .allMatch(r ->
                                r.getString(1).equals("old") && !r.getString(2).equals("old")),
                rows.toString());
    }

    @Test
    void badCallsSayWhatIsWrong() {
        String m = "'" + classifier + "'";
        assertMessage(
                "unknown option 'top_kk'", "SELECT hf_classify_text(" + m + ", text, map('top_kk', '3')) FROM texts");
        assertMessage("must be a constant string", "SELECT hf_classify_text(text, text) FROM texts");
        assertMessage("has type int", "SELECT hf_classify_text(" + m + ", id) FROM texts");
        assertMessage(
                "hf_answer_question takes hf_answer_question(model, question, context[, options map])",
                "SELECT hf_answer_question(" + m + ", text) FROM texts");
        assertMessage(
                "has no ONNX graph", "SELECT hf_classify_text('" + root.resolve("inputs") + "', text) FROM texts");
        assertMessage(
                "reads columns of more than one side",
                "SELECT * FROM texts a JOIN texts b ON hf_classify_text(" + m
                        + ", a.text, b.text).predictedLabel = 'x'");
    }

    private static void assertMessage(String expected, String sql) {
        Exception e = assertThrows(Exception.class, () -> spark.sql(sql).collect());
        assertTrue(messages(e).contains(expected), "expected '" + expected + "' in: " + messages(e));
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}

package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Every kind of bad row under error, skip and keep: a clear reason, good rows untouched, nothing lost silently. */
class InvalidInputTest {
    static final StructType BYTES =
            new StructType().add("id", DataTypes.IntegerType).add("bytes", DataTypes.BinaryType);

    /** A valid PNG header that claims 100000 × 100000 pixels: a decompression bomb must be refused unread. */
    static byte[] pngBomb() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeBytes("IHDR");
        h.writeInt(100_000);
        h.writeInt(100_000);
        h.write(new byte[] {8, 2, 0, 0, 0});
        byte[] chunk = ihdr.toByteArray();
        d.writeInt(13);
        d.write(chunk);
        CRC32 crc = new CRC32();
        crc.update(chunk);
        d.writeInt((int) crc.getValue());
        d.writeInt(0);
        d.writeBytes("IEND");
        d.writeInt(0xAE426082);
        return out.toByteArray();
    }

    record Case(byte[] bytes, String reason) {}

    static Map<Integer, Case> cases(Path root) throws Exception {
        byte[] cat = Files.readAllBytes(Fixtures.image("JPEG", "RGB").file());
        byte[] coffee = Files.readAllBytes(Fixtures.image("PNG", "RGB").file());
        Map<Integer, Case> m = new HashMap<>();
        m.put(0, new Case(cat, null));
        m.put(1, new Case(null, "null input"));
        m.put(2, new Case(new byte[0], "empty file (0 bytes)"));
        m.put(3, new Case("this is not an image".getBytes(StandardCharsets.UTF_8), "unrecognised image format"));
        m.put(4, new Case(Arrays.copyOf(cat, cat.length / 3), "truncated JPEG"));
        m.put(5, new Case(coffee, null));
        m.put(6, new Case(Arrays.copyOf(coffee, coffee.length / 2), "corrupt PNG"));
        m.put(7, new Case(pngBomb(), "exceeds maxPixels"));
        return m;
    }

    static Dataset<Row> frame(Map<Integer, Case> cases) {
        List<Row> rows = new ArrayList<>();
        cases.forEach((id, c) -> rows.add(RowFactory.create(id, c.bytes())));
        return Spark.session().createDataFrame(rows, BYTES).repartition(2);
    }

    static ImageClassifier classifier(Path root) {
        return new ImageClassifier()
                .setModelPath(root.resolve("convnext-image-classification").toString())
                .setInputCol("bytes")
                .setDevice("cpu")
                .setBatchSize(3);
    }

    @Test
    void keepGivesEveryBadRowItsReasonAndLeavesGoodRowsAlone() throws Exception {
        Path root = Fixtures.root();
        Map<Integer, Case> cases = cases(root);
        List<Row> kept = classifier(root)
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .transform(frame(cases))
                .orderBy("id")
                .collectAsList();
        assertEquals(cases.size(), kept.size(), "keep must not drop rows");
        Map<Integer, Case> good = new HashMap<>();
        good.put(0, cases.get(0));
        good.put(5, cases.get(5));
        List<Row> alone = classifier(root).transform(frame(good)).orderBy("id").collectAsList();
        int g = 0;
        for (Row r : kept) {
            Case c = cases.get(r.getInt(0));
            String error = r.getAs("error");
            if (c.reason() == null) {
                assertNull(error, "row " + r.getInt(0));
                // Batches of other sizes may round differently in the last bit (ONNX Runtime's kernels pick their
                // blocking by batch size); a bad neighbour leaking into a good row would move it far more.
                double[] want = ((Vector) alone.get(g++).getAs("rawPrediction")).toArray();
                double[] got = ((Vector) r.getAs("rawPrediction")).toArray();
                assertEquals(want.length, got.length, "good row " + r.getInt(0) + " logits");
                for (int k = 0; k < want.length; k++) {
                    assertEquals(
                            want[k],
                            got[k],
                            1e-5 * Math.max(1, Math.abs(want[k])),
                            "good row " + r.getInt(0) + " changed by its bad neighbours");
                }
            } else {
                assertNotNull(error, "row " + r.getInt(0) + " should have failed: " + c.reason());
                assertTrue(
                        error.contains(c.reason()),
                        "row " + r.getInt(0) + ": '" + error + "' should say '" + c.reason() + "'");
                assertNull(r.getAs("rawPrediction"));
                assertNull(r.getAs("topK"));
            }
        }
    }

    @Test
    void segmenterAndEmbedderRefuseBombsAndCorruptFilesPerRow() throws Exception {
        Path root = Fixtures.root();
        Map<Integer, Case> cases = cases(root);
        Dataset<Row> df = frame(cases);
        List<Row> seg = new ImageSegmenter()
                .setModelPath(
                        root.resolve("data2vec-vision-semantic-segmentation").toString())
                .setInputCol("bytes")
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(df)
                .orderBy("id")
                .collectAsList();
        List<Row> emb = new ImageEmbedder()
                .setModelPath(root.resolve("dinov2-feature-extraction").toString())
                .setInputCol("bytes")
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(df)
                .orderBy("id")
                .collectAsList();
        for (List<Row> out : List.of(seg, emb)) {
            assertEquals(cases.size(), out.size());
            for (Row r : out) {
                Case c = cases.get(r.getInt(0));
                if (c.reason() == null) {
                    assertNull(r.getAs("error"));
                } else {
                    assertReason(r, c.reason());
                }
            }
        }
        Row first = seg.get(0);
        Row map = first.getAs("segmentation");
        JsonNode wh = Fixtures.image("JPEG", "RGB").meta().path("decoded_size_wh");
        int height = wh.get(1).asInt();
        int width = wh.get(0).asInt();
        assertEquals(height, map.getInt(0), "map at the original height");
        assertEquals(width, map.getInt(1), "map at the original width");
        assertEquals(2L * height * width, ((byte[]) map.get(2)).length, "int16 ids");
    }

    @Test
    void skipDropsExactlyTheBadRows() throws Exception {
        Path root = Fixtures.root();
        List<Row> out = classifier(root)
                .setHandleInvalid("skip")
                .setErrorCol("error")
                .transform(frame(cases(root)))
                .orderBy("id")
                .collectAsList();
        assertEquals(List.of(0, 5), out.stream().map(r -> r.getInt(0)).toList());
        out.forEach(r -> assertNull(r.getAs("error")));
    }

    @Test
    void errorFailsTheJobWithTheReason() throws Exception {
        Path root = Fixtures.root();
        Map<Integer, Case> one = new HashMap<>();
        one.put(0, cases(root).get(0));
        one.put(3, cases(root).get(3));
        Exception e = assertThrows(
                Exception.class, () -> classifier(root).transform(frame(one)).collectAsList());
        String msg = String.valueOf(e.getMessage())
                + (e.getCause() == null ? "" : e.getCause().getMessage());
        assertTrue(msg.contains("unrecognised image format") && msg.contains("handleInvalid=error"), msg);
    }

    @Test
    void imageStructsAndPathsHaveTheirOwnFailures() throws Exception {
        Path root = Fixtures.root();
        StructType image = new StructType()
                .add("origin", DataTypes.StringType)
                .add("height", DataTypes.IntegerType)
                .add("width", DataTypes.IntegerType)
                .add("nChannels", DataTypes.IntegerType)
                .add("mode", DataTypes.IntegerType)
                .add("data", DataTypes.BinaryType);
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("image", image)
                .add("path", DataTypes.StringType);
        byte[] gray = new byte[70 * 50];
        Arrays.fill(gray, (byte) 128);
        List<Row> rows = List.of(
                RowFactory.create(
                        0,
                        RowFactory.create("a", 50, 70, 1, 0, gray),
                        Fixtures.image("JPEG", "RGB").file().toString()),
                RowFactory.create(1, RowFactory.create("b", 50, 70, 2, 0, new byte[50 * 70 * 2]), "/no/such/file.jpg"),
                RowFactory.create(2, RowFactory.create("c", -1, -1, -1, -1, new byte[0]), null),
                RowFactory.create(3, RowFactory.create("d", 50, 70, 3, 16, new byte[10]), root.toString()));
        Dataset<Row> df = Spark.session().createDataFrame(rows, schema);
        List<Row> structs = classifier(root)
                .setInputCol("image")
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .transform(df)
                .orderBy("id")
                .collectAsList();
        assertNull(structs.get(0).getAs("error"));
        assertReason(structs.get(1), "nChannels=2");
        assertReason(structs.get(2), "invalid image row");
        assertReason(structs.get(3), "expected height*width*nChannels");
        List<Row> paths = classifier(root)
                .setInputCol("path")
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .transform(df)
                .orderBy("id")
                .collectAsList();
        assertNull(paths.get(0).getAs("error"));
        assertReason(paths.get(1), "cannot read /no/such/file.jpg");
        assertEquals("null input", paths.get(2).getAs("error"));
        assertNotNull(paths.get(3).getAs("error"), "a directory is not an image");
    }

    static void assertReason(Row r, String part) {
        String error = r.getAs("error");
        assertTrue(
                error != null && error.contains(part),
                "row " + r.getInt(0) + ": '" + error + "' should say '" + part + "'");
    }

    @Test
    void textRowsNullEmptyHugeAndBroken() {
        Path root = Fixtures.root();
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("text", DataTypes.StringType)
                .add("n", DataTypes.IntegerType);
        List<Row> rows = List.of(
                RowFactory.create(0, "fine", 1),
                RowFactory.create(1, null, 1),
                RowFactory.create(2, "", 1),
                RowFactory.create(3, "word ".repeat(20_000), 1),
                RowFactory.create(4, "   \t\n ", 1),
                RowFactory.create(5, "broken \ud800 text", 1));
        Dataset<Row> df = Spark.session().createDataFrame(rows, schema);
        List<Row> out = new TextEmbedder()
                .setModelPath(root.resolve("data2vec-text-feature-extraction").toString())
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setTruncatedCol("truncated")
                .setDevice("cpu")
                .transform(df)
                .orderBy("id")
                .collectAsList();
        assertNull(out.get(0).getAs("error"));
        assertEquals(false, out.get(0).getAs("truncated"));
        assertEquals("null input", out.get(1).getAs("error"));
        assertNull(out.get(1).getAs("embedding"));
        assertNull(out.get(2).getAs("error"), "empty text is <s></s>, not an error");
        assertNull(out.get(3).getAs("error"), "100k characters are truncated to the model's length");
        assertEquals(true, out.get(3).getAs("truncated"), "truncation is reported, not hidden");
        int hidden = Fixtures.json(root.resolve("data2vec-text-feature-extraction/config.json"))
                .path("hidden_size")
                .asInt();
        assertEquals(hidden, ((Vector) out.get(3).getAs("embedding")).size());
        assertNull(out.get(4).getAs("error"), "whitespace-only text is a valid (empty) input");
        // Spark stores strings as UTF-8: a lone surrogate became '?' on its way into the DataFrame, so the row is valid
        // (the tokenizer's own refusal of lone surrogates is checked in TokenizerBehaviourTest).
        assertNull(out.get(5).getAs("error"));

        List<Row> classes = new TextClassifier()
                .setModelPath(
                        root.resolve("data2vec-text-sequence-classification").toString())
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(df)
                .orderBy("id")
                .collectAsList();
        assertEquals(6, classes.size());
        assertNull(classes.get(5).getAs("error"));
        assertNull(classes.get(3).getAs("error"));

        Exception e = assertThrows(
                Exception.class,
                () -> new TextClassifier()
                        .setModelPath(root.resolve("data2vec-text-sequence-classification")
                                .toString())
                        .setInputCol("n")
                        .transform(df));
        assertTrue(e.getMessage().contains("input column 'n' has type int"), e.getMessage());

        StructType qa = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("question", DataTypes.StringType)
                .add("context", DataTypes.StringType);
        List<Row> answers = new QuestionAnswerer()
                .setModelPath(root.resolve("data2vec-text-question-answering").toString())
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(Spark.session()
                        .createDataFrame(
                                List.of(
                                        RowFactory.create(0, "What?", "A fox."),
                                        RowFactory.create(1, "What?", ""),
                                        RowFactory.create(2, null, "A fox.")),
                                qa))
                .orderBy("id")
                .collectAsList();
        assertNull(answers.get(0).getAs("error"));
        assertReason(answers.get(1), "empty context");
        assertReason(answers.get(2), "null input");

        List<Row> masks = new FillMask()
                .setModelPath(root.resolve("data2vec-text-masked-lm").toString())
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(df)
                .orderBy("id")
                .collectAsList();
        assertReason(masks.get(0), "no <mask> token");
    }
}

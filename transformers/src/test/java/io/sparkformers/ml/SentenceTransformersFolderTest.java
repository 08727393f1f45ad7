package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * sentence-transformers folders as users bring them ({@code src/test/python/sentence_transformers_references.py} made
 * them with sentence-transformers 2.5.1 and optimum 1.17.1 and recorded {@code SentenceTransformer.encode} on the
 * fixture texts): a {@link TextEmbedder} left at its defaults gives encode's vectors — its pooling, Normalize and
 * {@code max_seq_length} read from the folder, or the graph's {@code sentence_embedding} where the export has it.
 */
class SentenceTransformersFolderTest {

    static Path folders() throws Exception {
        return Path.of(SentenceTransformersFolderTest.class
                .getResource("/sentence-transformers")
                .toURI());
    }

    static List<Path> references() throws Exception {
        try (Stream<Path> s = Files.list(folders())) {
            List<Path> out = s.filter(d -> Files.isRegularFile(d.resolve("reference.json")))
                    .sorted()
                    .toList();
            assertTrue(!out.isEmpty(), "no sentence-transformers references");
            return out;
        }
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The reference's texts, as the fixture set has them; skipped when the set is another one. */
    static List<String> texts(JsonNode reference) throws Exception {
        Path file = Fixtures.root().resolve(reference.path("texts").asText());
        if (!Files.isRegularFile(file)) {
            Fixtures.missing("the fixture set has no " + file);
        }
        JsonNode named = Fixtures.json(file).path("texts");
        List<String> out = new ArrayList<>();
        for (JsonNode c : reference.path("cases")) {
            String text = named.path(c.path("name").asText()).asText(null);
            assumeTrue(
                    text != null && sha256(text).equals(c.path("sha256").asText()),
                    "text '" + c.path("name").asText() + "' differs from the one the reference was made from: another"
                            + " fixture set (rerun sentence_transformers_references.py)");
            out.add(text);
        }
        return out;
    }

    static List<Row> embed(TextEmbedder stage, List<String> texts) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        StructType schema = new StructType().add("i", DataTypes.IntegerType).add("text", DataTypes.StringType);
        return stage.setInputCol("text")
                .setDevice("cpu")
                .setBatchSize(3)
                .transform(Spark.session().createDataFrame(rows, schema))
                .orderBy("i")
                .collectAsList();
    }

    @TestFactory
    Stream<DynamicTest> theDefaultsGiveEncodesVectors() throws Exception {
        return references().stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    JsonNode reference = Fixtures.json(dir.resolve("reference.json"));
                    List<String> texts = texts(reference);
                    TextEmbedder stage =
                            new TextEmbedder().setModelPath(dir.toString()).setTruncatedCol("cut");
                    List<Row> rows = embed(stage, texts);
                    int maxSeqLength = reference.path("max_seq_length").asInt(0);
                    boolean anyCut = false;
                    for (int i = 0; i < texts.size(); i++) {
                        double[] got = ((Vector) rows.get(i).getAs("embedding")).toArray();
                        JsonNode want = reference.path("cases").get(i).path("embedding");
                        assertEquals(want.size(), got.length, "dimension");
                        double norm = 0;
                        for (int d = 0; d < got.length; d++) {
                            double w = want.get(d).asDouble();
                            assertEquals(
                                    w,
                                    got[d],
                                    1e-4 + 1e-4 * Math.abs(w),
                                    dir.getFileName() + " text " + i + " dim " + d);
                            norm += got[d] * got[d];
                        }
                        if (reference.path("normalize").asBoolean()) {
                            assertEquals(1.0, Math.sqrt(norm), 1e-5, "the folder's Normalize module");
                        }
                        anyCut |= rows.get(i).<Boolean>getAs("cut");
                    }
                    if (maxSeqLength > 0) {
                        assertTrue(
                                anyCut, "some fixture text is longer than the folder's max_seq_length " + maxSeqLength);
                    }
                }));
    }

    @Test
    void explicitSettingsOverrideTheFolder() throws Exception {
        Path dir = references().stream()
                .filter(d -> Fixtures.json(d.resolve("reference.json"))
                                .path("normalize")
                                .asBoolean()
                        && !Fixtures.json(d.resolve("reference.json"))
                                .path("onnx_export")
                                .asText()
                                .equals("sentence_transformers"))
                .findFirst()
                .orElseThrow();
        List<String> texts = texts(Fixtures.json(dir.resolve("reference.json")));
        List<Row> raw = embed(new TextEmbedder().setModelPath(dir.toString()).setNormalize(false), texts);
        double norm = 0;
        for (double v : ((Vector) raw.get(0).getAs("embedding")).toArray()) {
            norm += v * v;
        }
        assertTrue(Math.abs(Math.sqrt(norm) - 1) > 1e-3, "normalize=false keeps the pooled vector as it is");
    }

    @Test
    void aDenseModuleTheGraphDoesNotComputeIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path dir = references().stream()
                .filter(d -> !Fixtures.json(d.resolve("reference.json"))
                        .path("onnx_export")
                        .asText()
                        .equals("sentence_transformers"))
                .findFirst()
                .orElseThrow();
        Path copy = copy(dir, tmp.resolve("dense"));
        String modules = Files.readString(copy.resolve("modules.json"));
        Files.writeString(
                copy.resolve("modules.json"),
                modules.substring(0, modules.lastIndexOf(']'))
                        + ", {\"idx\": 9, \"name\": \"9\", \"path\": \"9_Dense\","
                        + " \"type\": \"sentence_transformers.models.Dense\"}]");
        TextEmbedder stage = new TextEmbedder().setModelPath(copy.toString());
        Exception e = assertThrows(Exception.class, () -> embed(stage, List.of("a text")));
        assertTrue(e.getMessage().contains("9_Dense") && e.getMessage().contains("sentence_embedding"), e.getMessage());
        // Asked for a pooling of its own, the user takes the vector before the projection.
        assertEquals(
                1,
                embed(new TextEmbedder().setModelPath(copy.toString()).setPooling("mean"), List.of("a text"))
                        .size());
    }

    @Test
    void aPoolingConfigWithSeveralModesIsRefusedNamingThem(@TempDir Path tmp) throws Exception {
        Path copy = copy(references().get(0), tmp.resolve("two-modes"));
        Path pooling = copy.resolve("1_Pooling").resolve("config.json");
        Files.writeString(
                pooling,
                "{\"word_embedding_dimension\": 32, \"pooling_mode_cls_token\": true,"
                        + " \"pooling_mode_mean_tokens\": true}");
        Exception e = assertThrows(
                Exception.class, () -> embed(new TextEmbedder().setModelPath(copy.toString()), List.of("a")));
        assertTrue(e.getMessage().contains("the pooling modes [cls, mean]"), e.getMessage());
        Files.delete(pooling);
        Exception missing = assertThrows(
                Exception.class, () -> embed(new TextEmbedder().setModelPath(copy.toString()), List.of("a")));
        assertTrue(missing.getMessage().contains("1_Pooling/config.json"), missing.getMessage());
    }

    static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}

package io.sparkformers.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breadth suite through the command, as a user runs it on a folder of images: every image-classification export
 * of {@code transformers/src/test/resources/breadth/} (optimum 1.17.1 exports of tiny random models), its labels and
 * scores against transformers 4.37.2's pipeline recorded next to it.
 */
class BreadthCommandTest extends CommandSessionTest {
    static final Path BREADTH = Path.of("../transformers/src/test/resources/breadth");

    @TestFactory
    List<DynamicTest> everyImageClassifierExportAsThePipeline(@TempDir Path tmp) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(BREADTH)) {
            for (Path model : dirs.sorted().toList()) {
                Path refFile = model.resolve("reference.json");
                if (!Files.isRegularFile(refFile)) {
                    continue;
                }
                JsonNode ref = json.readTree(refFile.toFile());
                if (!ref.path("task").asText().equals("image-classification")) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(ref.path("architecture").asText(), () -> {
                    Map<String, JsonNode> want = new HashMap<>();
                    for (JsonNode c : ref.path("cases")) {
                        want.put(Path.of(c.path("file").asText()).getFileName().toString(), c.path("top_k"));
                    }
                    Path out = tmp.resolve(model.getFileName().toString());
                    String[] r = JobAccountingTest.run(
                            spark,
                            "image-classification",
                            "--model",
                            model.toAbsolutePath().toString(),
                            "--input",
                            BREADTH.resolve("inputs").toAbsolutePath().toString(),
                            "--output",
                            out.toString(),
                            "--device",
                            "cpu",
                            "--top-k",
                            Integer.toString(want.values().iterator().next().size()));
                    assertEquals("0", r[0], r[2]);
                    List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
                    assertEquals(want.size(), rows.size(), "one row per image");
                    for (Row row : rows) {
                        String file = Path.of(row.<String>getAs("path").replace("file:", ""))
                                .getFileName()
                                .toString();
                        JsonNode top = want.get(file);
                        List<Row> got = row.getList(row.fieldIndex("topK"));
                        assertEquals(top.size(), got.size(), file);
                        for (int k = 0; k < got.size(); k++) {
                            assertEquals(
                                    top.get(k).path("label").asText(),
                                    got.get(k).getAs("label"),
                                    file + " #" + k);
                            assertEquals(
                                    top.get(k).path("score").asDouble(),
                                    ((Number) got.get(k).getAs("score")).doubleValue(),
                                    1e-5,
                                    file + " score #" + k);
                        }
                    }
                }));
            }
        }
        assertFalse(tests.isEmpty(), "no image-classification exports in " + BREADTH.toAbsolutePath());
        return tests;
    }
}

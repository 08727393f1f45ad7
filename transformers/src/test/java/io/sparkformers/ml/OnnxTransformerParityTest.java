package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The generic stage on every vision graph of the set (features, segmentation with its static batch of 1,
 * Mask2Former): the reference {@code pixel_values} rows in, every reference output back within tolerance.
 */
class OnnxTransformerParityTest {
    @TestFactory
    List<DynamicTest> everyVisionGraphMatches() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : Fixtures.imageModels()) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> check(model, c)));
            }
        }
        return tests;
    }

    private static void check(Path model, Path c) {
        JsonNode expected = Fixtures.json(c.resolve("expected.json"));
        Npy pv = Npy.read(c.resolve("pixel_values.npy"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < pv.shape()[0]; i++) {
            float[] r = pv.row(i);
            List<Float> boxed = new ArrayList<>(r.length);
            for (float f : r) {
                boxed.add(f);
            }
            rows.add(RowFactory.create(i, boxed.toArray(new Float[0])));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false));
        List<String> outputs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("tensors").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("role").asText().equals("onnx_output")) {
                outputs.add(e.getKey());
            }
        }
        // Each output lands in the column outputCols names for it, in the order of outputNames (here reversed).
        Collections.reverse(outputs);
        List<Row> out = new OnnxTransformer()
                .setModelPath(model.toString())
                .setInputCols("pixels")
                .setInputNames("pixel_values")
                .setOutputNames(outputs.toArray(new String[0]))
                .setOutputCols(outputs.stream().map(o -> "y_" + o).toArray(String[]::new))
                .setErrorCol("error")
                .setBatchSize(2)
                .setDevice("cpu")
                .transform(Spark.session().createDataFrame(rows, schema).coalesce(1))
                .orderBy("id")
                .collectAsList();
        List<String> columns = List.of(out.get(0).schema().fieldNames());
        for (String o : outputs) {
            Assertions.assertTrue(columns.contains("y_" + o) && !columns.contains(o), columns.toString());
        }
        for (String o : outputs) {
            Npy want = Npy.read(
                    c.resolve(expected.path("tensors").path(o).path("file").asText()));
            assertEquals(want.shape()[0], out.size(), "one row per input");
            for (int i = 0; i < out.size(); i++) {
                assertNull(out.get(i).getAs("error"));
                List<Float> got = out.get(i).getList(out.get(i).fieldIndex("y_" + o));
                float[] g = new float[got.size()];
                for (int k = 0; k < g.length; k++) {
                    g[k] = got.get(k);
                }
                assertClose(
                        want.row(i),
                        g,
                        Fixtures.outputTolerance(expected, o),
                        1e-4,
                        c.getFileName() + " " + o + "[" + i + "]");
            }
        }
    }
}

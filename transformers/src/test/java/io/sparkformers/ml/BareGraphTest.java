package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.testing.Spark;
import io.sparkformers.testing.TinyOnnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graph that did not come from transformers: a directory holding model.onnx alone. */
class BareGraphTest {
    @Test
    void theGenericStageRunsAGraphWithoutConfigAndTaskStagesAskForIt(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bare"));
        Files.write(
                dir.resolve("model.onnx"),
                new TinyOnnx()
                        .input("x", TinyOnnx.FLOAT, "batch", 3)
                        .input("y", TinyOnnx.FLOAT, "batch", 3)
                        .node("Mul", new String[] {"x", "y"}, new String[] {"product"})
                        .node("Add", new String[] {"x", "y"}, new String[] {"sum"})
                        .output("product", TinyOnnx.FLOAT, "batch", 3)
                        .output("sum", TinyOnnx.FLOAT, "batch", 3)
                        .model());
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("a", DataTypes.createArrayType(DataTypes.FloatType))
                .add("b", DataTypes.createArrayType(DataTypes.FloatType));
        List<Row> rows = List.of(
                RowFactory.create(0, List.of(1f, 2f, 3f), List.of(4f, 5f, 6f)),
                RowFactory.create(1, List.of(-1f, 0.5f, 0f), List.of(2f, 2f, 2f)));
        List<Row> out = new OnnxTransformer()
                .setModelPath(dir.toString())
                .setInputCols("a", "b")
                .setDevice("cpu")
                .transform(Spark.session().createDataFrame(rows, schema))
                .orderBy("id")
                .collectAsList();
        assertEquals(List.of(4f, 10f, 18f), out.get(0).getList(out.get(0).fieldIndex("product")));
        assertEquals(List.of(5f, 7f, 9f), out.get(0).getList(out.get(0).fieldIndex("sum")));
        assertEquals(List.of(-2f, 1f, 0f), out.get(1).getList(out.get(1).fieldIndex("product")));
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> new ImageClassifier()
                        .setModelPath(dir.toString())
                        .setInputCol("img")
                        .transform(Spark.session()
                                .createDataFrame(List.of(), new StructType().add("img", DataTypes.BinaryType))));
        assertTrue(e.getMessage().contains("no config.json"), e.getMessage());
    }
}

package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Rows of different shapes share a partition but never a batch: one ORT call per shape, no resizing, no retries. */
class ShapeGroupingTest {
    @Test
    void rowsOfDifferentLengthsAreBatchedByLength() {
        Path model = Fixtures.models("text-features").get(0);
        Path c = model.resolve("cases/batch_padded");
        Npy ids = Npy.read(c.resolve("input_ids.npy"));
        Npy mask = Npy.read(c.resolve("attention_mask.npy"));
        Npy hidden = Npy.read(c.resolve("last_hidden_state.npy"));
        int seq = (int) ids.shape()[1];
        int width = (int) hidden.shape()[2];
        int n = (int) ids.shape()[0];
        List<Row> rows = new ArrayList<>();
        int[] lengths = new int[n];
        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < n; i++) {
                int len = 0;
                while (len < seq && mask.longs()[i * seq + len] != 0) {
                    len++;
                }
                lengths[i] = len;
                Long[] rowIds = Arrays.stream(Arrays.copyOfRange(ids.longs(), i * seq, i * seq + len))
                        .boxed()
                        .toArray(Long[]::new);
                Long[] ones = new Long[len];
                Arrays.fill(ones, 1L);
                rows.add(RowFactory.create(copy * n + i, rowIds, ones));
            }
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("ids", DataTypes.createArrayType(DataTypes.LongType, false))
                .add("mask", DataTypes.createArrayType(DataTypes.LongType, false));
        long runs = BatchEngine.runs();
        long retried = BatchEngine.rowsRetriedAlone();
        List<Row> out = new OnnxTransformer()
                .setModelPath(model.toString())
                .setInputCols("ids", "mask")
                .setInputNames("input_ids", "attention_mask")
                .setOutputNames("last_hidden_state")
                .setErrorCol("error")
                .setBatchSize(2 * n)
                .setDevice("cpu")
                .transform(Spark.session().createDataFrame(rows, schema).coalesce(1))
                .orderBy("id")
                .collectAsList();
        assertEquals(0, BatchEngine.rowsRetriedAlone() - retried, "no batch failed");
        assertEquals(
                Arrays.stream(lengths).distinct().count(), BatchEngine.runs() - runs, "one call per distinct length");
        double atol = Fixtures.outputTolerance(Fixtures.json(c.resolve("expected.json")), "last_hidden_state");
        for (Row r : out) {
            int i = r.getInt(0) % n;
            assertNull(r.getAs("error"));
            List<Float> got = r.getList(r.fieldIndex("last_hidden_state"));
            float[] g = new float[got.size()];
            for (int k = 0; k < g.length; k++) {
                g[k] = got.get(k);
            }
            float[] want = Arrays.copyOf(hidden.row(i), lengths[i] * width);
            assertClose(want, g, atol, 1e-4, "text " + i + " run at its own length");
        }
    }
}

package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** vectorFormat=array writes every Vector column as array<float> with the same values, for Arrow and pandas. */
class VectorFormatTest {
    private static final StructType PATHS = new StructType().add("path", DataTypes.StringType);

    private static Dataset<Row> images() {
        List<Row> rows = new ArrayList<>();
        for (Path p : Fixtures.imageFiles()) {
            rows.add(RowFactory.create(p.toString()));
        }
        return Spark.session().createDataFrame(rows, PATHS);
    }

    @Test
    void vectorsBecomeFloatArraysWithTheSameValues() {
        Path model = Fixtures.models("image-classification").get(0);
        ImageClassifier vectors =
                new ImageClassifier().setModelPath(model.toString()).setInputCol("path");
        ImageClassifier arrays = (ImageClassifier) vectors.copy(new org.apache.spark.ml.param.ParamMap());
        arrays.setVectorFormat("array");
        Dataset<Row> a = vectors.transform(images()).orderBy("path");
        Dataset<Row> b = arrays.transform(images()).orderBy("path");
        for (String c : List.of("rawPrediction", "probability")) {
            assertEquals(SQLDataTypes.VectorType(), a.schema().apply(c).dataType(), c);
            assertEquals(
                    DataTypes.createArrayType(DataTypes.FloatType, false),
                    b.schema().apply(c).dataType(),
                    c);
        }
        assertEquals(a.schema().apply("topK"), b.schema().apply("topK"), "non-vector columns keep their type");
        List<Row> va = a.collectAsList();
        List<Row> vb = b.collectAsList();
        assertEquals(Fixtures.imageFiles().size(), va.size());
        assertEquals(va.size(), vb.size());
        for (int i = 0; i < va.size(); i++) {
            double[] want = ((Vector) va.get(i).getAs("rawPrediction")).toArray();
            List<Float> got = vb.get(i).getList(vb.get(i).fieldIndex("rawPrediction"));
            assertEquals(want.length, got.size());
            for (int k = 0; k < want.length; k++) {
                assertEquals((float) want[k], got.get(k), 0f, "row " + i + " logit " + k);
            }
            assertEquals(va.get(i).<String>getAs("predictedLabel"), vb.get(i).<String>getAs("predictedLabel"));
        }
        assertThrows(IllegalArgumentException.class, () -> new ImageClassifier().setVectorFormat("list"));
    }
}

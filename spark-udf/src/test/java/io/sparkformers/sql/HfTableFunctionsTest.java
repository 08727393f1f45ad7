package io.sparkformers.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.ml.TextEmbedder;
import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL functions: installed by the session extension, batched like the stages, equal to the stages. */
class HfTableFunctionsTest {
    static SparkSession spark;
    static Path root;

    @BeforeAll
    static void start() {
        root = Fixtures.root();
        spark = SqlSession.get();
    }

    @Test
    void textEmbeddingsBatchAndEqualTheStage() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(i, "sentence number " + i + (i % 3 == 0 ? " with a few more words in it" : "")));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        spark.createDataFrame(rows, schema).coalesce(1).createOrReplaceTempView("texts");
        String model = root.resolve("data2vec-text-feature-extraction").toString();
        long runs = BatchEngine.runs();
        List<Row> sql = spark.sql("SELECT id, embedding FROM hf_feature_extraction('" + model + "', 'texts', 'text', "
                        + "map('batch_size', '8', 'pooling', 'cls', 'device', 'cpu')) ORDER BY id")
                .collectAsList();
        long calls = BatchEngine.runs() - runs;
        assertEquals(40, sql.size());
        assertTrue(calls >= 5 && calls <= 7, "40 rows in batches of 8: about 5 ORT calls, got " + calls);
        List<Row> stage = new TextEmbedder()
                .setModelPath(model)
                .setBatchSize(8)
                .setPooling("cls")
                .setDevice("cpu")
                .transform(spark.table("texts"))
                .orderBy("id")
                .select("id", "embedding")
                .collectAsList();
        assertEquals(stage, sql);
    }

    @Test
    void imageClassificationFromSqlAndFromRegister() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Path f : Fixtures.imageFiles().subList(0, 2)) {
            rows.add(RowFactory.create(f.toString()));
        }
        spark.createDataFrame(rows, new StructType().add("path", DataTypes.StringType))
                .createOrReplaceTempView("images");
        String model = root.resolve("convnext-image-classification").toString();
        SparkSession other = spark.newSession();
        HfFunctions.register(other);
        other.createDataFrame(rows, new StructType().add("path", DataTypes.StringType))
                .createOrReplaceTempView("images");
        for (SparkSession s : List.of(spark, other)) {
            List<Row> sql = s.sql("SELECT path, predictedLabel, topK FROM hf_image_classification('" + model
                            + "', 'images', 'path', map('top_k', '2')) ORDER BY path")
                    .collectAsList();
            List<Row> stage = new ImageClassifier()
                    .setModelPath(model)
                    .setInputCol("path")
                    .setTopK(2)
                    .transform(s.table("images"))
                    .orderBy("path")
                    .select("path", "predictedLabel", "topK")
                    .collectAsList();
            assertEquals(stage, sql);
            assertEquals(2, sql.get(0).getList(2).size());
        }
    }

    @Test
    void badCallsSayWhatIsWrong() {
        spark.createDataFrame(List.of(RowFactory.create("x")), new StructType().add("t", DataTypes.StringType))
                .createOrReplaceTempView("t1");
        String model = root.resolve("data2vec-text-feature-extraction").toString();
        Exception e = assertThrows(
                Exception.class,
                () -> spark.sql("SELECT * FROM hf_feature_extraction('" + model + "', 't1', 't', map('top_kk', '3'))")
                        .collect());
        assertTrue(String.valueOf(e.getMessage()).contains("unknown option 'top_kk'"), e.getMessage());
        e = assertThrows(
                Exception.class,
                () -> spark.sql("SELECT * FROM hf_feature_extraction('" + model + "', 't1')")
                        .collect());
        assertTrue(String.valueOf(e.getMessage()).contains("takes (model, table, columns"), e.getMessage());
    }
}

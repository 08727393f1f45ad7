package io.sparkformers.examples;

import io.sparkformers.sql.HfFunctions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The SQL functions from Java: ClassifyImagesInSql MODEL_DIR INPUT (a directory of images). A scalar call goes
 * anywhere an expression can; the session plans it into batches like the stage.
 */
public final class ClassifyImagesInSql {
    private ClassifyImagesInSql() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        HfFunctions.register(spark); // or spark.sql.extensions=io.sparkformers.sql.SparkformersExtensions
        spark.read().format("binaryFile").load(input).createOrReplaceTempView("photos");
        return spark.sql("SELECT path, r.predictedLabel, r.topK FROM ("
                + "SELECT path, hf_classify_image('" + model.replace("'", "\\'")
                + "', content, map('top_k', '3')) AS r "
                + "FROM photos)");
    }

    public static void main(String[] args) throws Exception {
        Example.main("ClassifyImagesInSql", args, ClassifyImagesInSql::run);
    }
}

package io.sparkformers.examples;

import io.sparkformers.ml.ImageEmbedder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Image feature extraction: EmbedImages MODEL_DIR INPUT (the input is images). */
public final class EmbedImages {
    private EmbedImages() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new ImageEmbedder()
                .setModelPath(model)
                .setInputCol("content")
                .setNormalize(true)
                .transform(spark.read().format("binaryFile").load(input))
                .select("path", "embedding");
    }

    public static void main(String[] args) throws Exception {
        Example.main("EmbedImages", args, EmbedImages::run);
    }
}

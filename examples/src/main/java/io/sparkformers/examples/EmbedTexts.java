package io.sparkformers.examples;

import io.sparkformers.ml.TextEmbedder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Sentence embeddings: EmbedTexts MODEL_DIR INPUT (the input is a text file). */
public final class EmbedTexts {
    private EmbedTexts() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new TextEmbedder()
                .setModelPath(model)
                .setInputCol("value")
                .setNormalize(true)
                .transform(spark.read().text(input))
                .select("value", "embedding");
    }

    public static void main(String[] args) throws Exception {
        Example.main("EmbedTexts", args, EmbedTexts::run);
    }
}

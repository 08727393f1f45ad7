package io.sparkformers.examples;

import io.sparkformers.ml.SpeakerEmbedder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Speaker embeddings (x-vector): EmbedSpeakers MODEL_DIR INPUT (the input is audio files). */
public final class EmbedSpeakers {
    private EmbedSpeakers() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new SpeakerEmbedder()
                .setModelPath(model)
                .setInputCol("content")
                .setNormalize(true)
                .transform(spark.read().format("binaryFile").load(input))
                .select("path", "embedding");
    }

    public static void main(String[] args) throws Exception {
        Example.main("EmbedSpeakers", args, EmbedSpeakers::run);
    }
}

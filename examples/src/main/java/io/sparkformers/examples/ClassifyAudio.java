package io.sparkformers.examples;

import io.sparkformers.ml.AudioClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Audio classification: ClassifyAudio MODEL_DIR INPUT (the input is audio files). */
public final class ClassifyAudio {
    private ClassifyAudio() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new AudioClassifier()
                .setModelPath(model)
                .setInputCol("content")
                .transform(spark.read().format("binaryFile").load(input))
                .select("path", "predictedLabel", "topK");
    }

    public static void main(String[] args) throws Exception {
        Example.main("ClassifyAudio", args, ClassifyAudio::run);
    }
}

package io.sparkformers.examples;

import io.sparkformers.ml.AudioFrameClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Audio frame classification: LabelAudioFrames MODEL_DIR INPUT (the input is audio files). */
public final class LabelAudioFrames {
    private LabelAudioFrames() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new AudioFrameClassifier()
                .setModelPath(model)
                .setInputCol("content")
                .transform(spark.read().format("binaryFile").load(input))
                .select("path", "segments");
    }

    public static void main(String[] args) throws Exception {
        Example.main("LabelAudioFrames", args, LabelAudioFrames::run);
    }
}

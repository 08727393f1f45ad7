package io.sparkformers.examples;

import io.sparkformers.ml.SpeechRecognizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Speech recognition (CTC): TranscribeAudio MODEL_DIR INPUT (the input is audio files). */
public final class TranscribeAudio {
    private TranscribeAudio() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new SpeechRecognizer()
                .setModelPath(model)
                .setInputCol("content")
                .transform(spark.read().format("binaryFile").load(input))
                .select("path", "transcription");
    }

    public static void main(String[] args) throws Exception {
        Example.main("TranscribeAudio", args, TranscribeAudio::run);
    }
}

package io.sparkformers.examples;

import io.sparkformers.ml.ImageClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Image-classification: ClassifyImages MODEL_DIR INPUT (the input is images). */
public final class ClassifyImages {
    private ClassifyImages() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new ImageClassifier()
                .setModelPath(model)
                .setInputCol("content")
                .setTopK(3)
                .transform(spark.read().format("binaryFile").load(input))
                .select("path", "predictedLabel", "topK");
    }

    public static void main(String[] args) throws Exception {
        Example.main("ClassifyImages", args, ClassifyImages::run);
    }
}

package io.sparkformers.examples;

import io.sparkformers.ml.TextClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Text classification: ClassifyTexts MODEL_DIR INPUT (the input is a text file). */
public final class ClassifyTexts {
    private ClassifyTexts() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new TextClassifier()
                .setModelPath(model)
                .setInputCol("value")
                .transform(spark.read().text(input))
                .select("value", "predictedLabel", "topK");
    }

    public static void main(String[] args) throws Exception {
        Example.main("ClassifyTexts", args, ClassifyTexts::run);
    }
}

package io.sparkformers.examples;

import io.sparkformers.ml.QuestionAnswerer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Extractive question answering: AnswerQuestions MODEL_DIR INPUT (JSON lines with question and context). */
public final class AnswerQuestions {
    private AnswerQuestions() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new QuestionAnswerer()
                .setModelPath(model)
                .setTopK(2)
                .transform(spark.read().json(input))
                .select("question", "answers");
    }

    public static void main(String[] args) throws Exception {
        Example.main("AnswerQuestions", args, AnswerQuestions::run);
    }
}

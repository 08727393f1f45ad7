package io.sparkformers.examples;

import io.sparkformers.ml.TokenClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Token classification (NER): FindEntities MODEL_DIR INPUT (the input is a text file). */
public final class FindEntities {
    private FindEntities() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new TokenClassifier()
                .setModelPath(model)
                .setInputCol("value")
                .setAggregationStrategy("simple")
                .transform(spark.read().text(input))
                .select("value", "entities");
    }

    public static void main(String[] args) throws Exception {
        Example.main("FindEntities", args, FindEntities::run);
    }
}

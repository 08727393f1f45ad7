package io.sparkformers.examples;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** An example: a model directory and an input path in, a result DataFrame out. */
@FunctionalInterface
interface Example {
    Dataset<Row> run(SparkSession spark, String model, String input);

    /** {@code main(MODEL_DIR INPUT)} on local Spark, showing the result. */
    static void main(String name, String[] args, Example example) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: " + name + " MODEL_DIR INPUT");
            System.exit(2);
        }
        try (SparkSession spark =
                SparkSession.builder().master("local[*]").appName(name).getOrCreate()) {
            example.run(spark, args[0], args[1]).show(false);
        }
    }
}

package io.sparkformers.examples;

import io.sparkformers.ml.FillMask;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Fill-mask: FillMasks MODEL_DIR INPUT (the input is a text file with mask tokens). */
public final class FillMasks {
    private FillMasks() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new FillMask()
                .setModelPath(model)
                .setInputCol("value")
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .transform(spark.read().text(input))
                .select("value", "masks", "error");
    }

    public static void main(String[] args) throws Exception {
        Example.main("FillMasks", args, FillMasks::run);
    }
}

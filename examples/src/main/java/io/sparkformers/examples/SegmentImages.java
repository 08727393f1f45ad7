package io.sparkformers.examples;

import io.sparkformers.ml.ImageSegmenter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Image segmentation: SegmentImages MODEL_DIR INPUT (the input is images). */
public final class SegmentImages {
    private SegmentImages() {}

    public static Dataset<Row> run(SparkSession spark, String model, String input) {
        return new ImageSegmenter()
                .setModelPath(model)
                .setInputCol("content")
                .transform(spark.read().format("binaryFile").load(input))
                .select("path", "segments");
    }

    public static void main(String[] args) throws Exception {
        Example.main("SegmentImages", args, SegmentImages::run);
    }
}

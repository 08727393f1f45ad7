package io.sparkformers.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import io.sparkformers.ml.TextEmbedder;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Semantic search over a text file: embed every line and a query with any sentence-embedding export, rank lines
 * by cosine similarity.
 *
 * <pre>
 * java ... io.sparkformers.examples.SemanticSearch MODEL_DIR examples/data/sentences.txt "a storm flooded the town"
 * </pre>
 */
public final class SemanticSearch {
    private SemanticSearch() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SemanticSearch MODEL_DIR TEXT_FILE QUERY");
            System.exit(2);
        }
        try (SparkSession spark = SparkSession.builder()
                .master("local[*]")
                .appName("semantic-search")
                .getOrCreate()) {
            TextEmbedder embedder = new TextEmbedder()
                    .setModelPath(args[0])
                    .setInputCol("value")
                    .setNormalize(true)
                    .setHandleInvalid("skip");
            Dataset<Row> corpus = embedder.transform(spark.read().text(args[1]));
            Vector query = embedder.transform(spark.createDataset(List.of(args[2]), Encoders.STRING())
                            .toDF("value"))
                    .first()
                    .getAs("embedding");
            UserDefinedFunction cosine = udf((UDF1<Vector, Double>) v -> v.dot(query), DataTypes.DoubleType);
            corpus.withColumn("score", cosine.apply(col("embedding")))
                    .orderBy(col("score").desc())
                    .limit(5)
                    .select(col("score"), col("value").as("line"), lit(args[2]).as("query"))
                    .show(false);
        }
    }
}

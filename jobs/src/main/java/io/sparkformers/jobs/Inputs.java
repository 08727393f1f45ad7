package io.sparkformers.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.to_json;

import java.util.Locale;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reading job inputs and shaping outputs for each file format. */
final class Inputs {
  private Inputs() {}

  /** Image files as (path, content); a directory is read recursively. */
  static Dataset<Row> images(SparkSession spark, String path) {
    return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(path).select("path", "content");
  }

  /** Audio files as (path, content); a directory is read recursively. */
  static Dataset<Row> audio(SparkSession spark, String path) {
    return images(spark, path);
  }

  /** Texts with an id: one per line of .txt, or the text column of .json/.jsonl/.parquet (other columns kept). */
  static Dataset<Row> texts(SparkSession spark, String path, String textCol) {
    return table(spark, path, textCol);
  }

  /** A .txt (one row per line, in {@code columns[0]}), .json/.jsonl or .parquet file that has {@code columns}. */
  static Dataset<Row> table(SparkSession spark, String path, String... columns) {
    String p = path.toLowerCase(Locale.ROOT);
    Dataset<Row> df;
    if (p.endsWith(".txt") || p.endsWith(".txt.gz")) {
      df = spark.read().text(path).withColumnRenamed("value", columns[0]);
    } else if (p.endsWith(".jsonl") || p.endsWith(".json") || p.endsWith(".jsonl.gz")) {
      df = spark.read().json(path);
    } else if (p.endsWith(".parquet") || spark.read().parquet(path).columns().length > 0) {
      df = spark.read().parquet(path);
    } else {
      throw new IllegalArgumentException("cannot tell the format of " + path + "; use .txt, .jsonl/.json or .parquet");
    }
    for (String c : columns) {
      if (!java.util.Arrays.asList(df.columns()).contains(c)) {
        throw new IllegalArgumentException(path + " has no column '" + c + "' (columns "
            + java.util.Arrays.toString(df.columns()) + "); name it with --text-col / --pair-col / --question-col / --context-col");
      }
    }
    if (!java.util.Arrays.asList(df.columns()).contains("id")) {
      df = df.withColumn("id", monotonically_increasing_id());
    }
    return df;
  }

  /** CSV holds flat values only: vectors, arrays and structs become JSON text. */
  static Dataset<Row> forFormat(Dataset<Row> df, String format) {
    if (!format.equals("csv")) {
      return df;
    }
    Column[] cols = new Column[df.schema().fields().length];
    StructField[] fields = df.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      Column c = col(f.name());
      if (f.dataType() instanceof VectorUDT) {
        c = org.apache.spark.sql.functions.when(c.isNotNull(),
            to_json(org.apache.spark.ml.functions.vector_to_array(c, "float64")));
      } else if (f.dataType() instanceof ArrayType || f.dataType() instanceof StructType || f.dataType() instanceof MapType) {
        c = to_json(c);
      }
      cols[i] = c.as(f.name());
    }
    return df.select(cols);
  }
}

package io.sparkformers.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reading job inputs and shaping outputs for each file format. */
final class Inputs {
    private Inputs() {}

    /**
     * Images or audio as (path, content, ...): files read by {@code binaryFile} (the default; a directory is read
     * recursively, globs work), Spark's {@code image} data source (content is then the decoded image struct), or a
     * {@code parquet}/{@code json} table whose {@code inputCol} holds file bytes or paths.
     */
    static Dataset<Row> media(SparkSession spark, String path, String format, String inputCol, boolean images) {
        switch (format == null ? "binaryfile" : format.toLowerCase(Locale.ROOT)) {
            case "binaryfile": {
                Dataset<Row> files = spark.read()
                        .format("binaryFile")
                        .option("recursiveFileLookup", "true")
                        .load(path)
                        .select("path", "content");
                // Spark's file sources never read 0-byte files: they come back as rows of no content, which the stage
                // refuses with "empty file (0 bytes)", so every file given is a row of the output or a counted skip.
                List<Row> empty = new ArrayList<>();
                for (String f : emptyFiles(spark, path)) {
                    empty.add(RowFactory.create(f, new byte[0]));
                }
                return empty.isEmpty() ? files : files.union(spark.createDataFrame(empty, files.schema()));
            }
            case "image": {
                if (!images) {
                    throw new IllegalArgumentException("--input-format image reads images; use binaryFile for audio");
                }
                Dataset<Row> files = spark.read()
                        .format("image")
                        .option("dropInvalid", "false")
                        .option("recursiveFileLookup", "true")
                        .load(path);
                List<Row> empty = new ArrayList<>();
                for (String f : emptyFiles(spark, path)) {
                    // What the image source itself writes for a file it cannot decode.
                    empty.add(RowFactory.create(RowFactory.create(f, -1, -1, -1, -1, new byte[0])));
                }
                if (!empty.isEmpty()) {
                    files = files.union(spark.createDataFrame(empty, files.schema()));
                }
                return files.select(col("image.origin").as("path"), col("image").as("content"));
            }
            case "parquet":
            case "json":
            case "jsonl": {
                Dataset<Row> df = format.equalsIgnoreCase("parquet")
                        ? spark.read().parquet(path)
                        : spark.read().json(path);
                String c = inputCol != null ? inputCol : "content";
                requireColumns(df, path, "--input-col", c);
                return c.equals("content") ? df : df.withColumn("content", col(c));
            }
            default:
                throw new IllegalArgumentException(
                        "--input-format " + format + " cannot hold images or audio; use binaryFile"
                                + (images ? ", image" : "") + ", parquet or json");
        }
    }

    /**
     * The files a file source reads from {@code path} (a file, a directory read recursively, or a glob), hidden ones
     * left out as Spark leaves them out: names starting with {@code _} or {@code .}, and files being copied.
     */
    static List<FileStatus> files(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matched = fs.globStatus(p);
            List<FileStatus> out = new ArrayList<>();
            for (FileStatus st : matched == null ? new FileStatus[0] : matched) {
                if (st.isDirectory()) {
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
                    while (it.hasNext()) {
                        LocatedFileStatus f = it.next();
                        if (!hidden(f.getPath(), st.getPath())) {
                            out.add(f);
                        }
                    }
                } else if (!hidden(st.getPath(), null)) {
                    out.add(st);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path Spark's file index skips: a name on it (below {@code root}) starting with _ or ., or a file being copied. */
    private static boolean hidden(Path p, Path root) {
        for (Path q = p; q != null && !q.equals(root); q = q.getParent()) {
            String n = q.getName();
            if (n.isEmpty()) {
                break;
            }
            if (n.startsWith("_") || n.startsWith(".") || n.endsWith("._COPYING_")) {
                return true;
            }
            if (root == null) {
                break;
            }
        }
        return false;
    }

    /** The qualified paths of the 0-byte files under {@code path}, as the file sources name files. */
    static List<String> emptyFiles(SparkSession spark, String path) {
        List<String> out = new ArrayList<>();
        for (FileStatus f : files(spark, path)) {
            if (f.getLen() == 0) {
                out.add(f.getPath().toString());
            }
        }
        return out;
    }

    /**
     * A table with {@code columns}: text (one row per line, in {@code columns[0]}), json/jsonl or parquet, told by
     * {@code format} or else by the file extension; rows get an {@code id} when they have none.
     */
    static Dataset<Row> table(SparkSession spark, String path, String format, String... columns) {
        String f = format != null ? format.toLowerCase(Locale.ROOT) : byExtension(spark, path);
        Dataset<Row> df = switch (f) {
            case "text" -> spark.read().text(path).withColumnRenamed("value", columns[0]);
            case "json", "jsonl" -> spark.read().json(path);
            case "parquet" -> spark.read().parquet(path);
            default ->
                throw new IllegalArgumentException(
                        "--input-format " + format + " cannot hold texts; use text, json or " + "parquet");
        };
        requireColumns(
                df, path, "the task's --<input>-col options (--text-col, --question-col, ...; see --help)", columns);
        if (!Arrays.asList(df.columns()).contains("id")) {
            df = df.withColumn("id", monotonically_increasing_id());
        }
        return df;
    }

    private static String byExtension(SparkSession spark, String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".txt") || p.endsWith(".txt.gz")) {
            return "text";
        }
        if (p.endsWith(".jsonl") || p.endsWith(".json") || p.endsWith(".jsonl.gz")) {
            return "json";
        }
        if (p.endsWith(".parquet") || spark.read().parquet(path).columns().length > 0) {
            return "parquet";
        }
        throw new IllegalArgumentException("cannot tell the format of " + path
                + "; use .txt, .jsonl/.json or .parquet, " + "or name it with --input-format");
    }

    private static void requireColumns(Dataset<Row> df, String path, String flags, String... columns) {
        for (String c : columns) {
            if (c != null && !Arrays.asList(df.columns()).contains(c)) {
                throw new IllegalArgumentException(path + " has no column '" + c + "' (columns "
                        + Arrays.toString(df.columns()) + "); name it with " + flags);
            }
        }
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
                c = org.apache.spark.sql.functions.when(
                        c.isNotNull(), to_json(org.apache.spark.ml.functions.vector_to_array(c, "float64")));
            } else if (f.dataType() instanceof ArrayType
                    || f.dataType() instanceof StructType
                    || f.dataType() instanceof MapType) {
                c = to_json(c);
            }
            cols[i] = c.as(f.name());
        }
        return df.select(cols);
    }
}

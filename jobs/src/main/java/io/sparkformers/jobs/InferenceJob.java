package io.sparkformers.jobs;

import static org.apache.spark.sql.functions.col;

import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.ml.ImageEmbedder;
import io.sparkformers.ml.ImageSegmenter;
import io.sparkformers.ml.AudioClassifier;
import io.sparkformers.ml.AudioFrameClassifier;
import io.sparkformers.ml.FillMask;
import io.sparkformers.ml.SpeakerEmbedder;
import io.sparkformers.ml.SpeechRecognizer;
import io.sparkformers.ml.QuestionAnswerer;
import io.sparkformers.ml.TextClassifier;
import io.sparkformers.ml.TokenClassifier;
import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.StageParams;
import io.sparkformers.ml.TextEmbedder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One task over files: read, run the stage, write, print a summary. */
final class InferenceJob {
  static final String ERROR_COL = "error";

  private InferenceJob() {}

  static void run(SparkSession spark, JobOptions o) {
    String model = o.require("model");
    String input = o.require("input");
    String output = o.require("output");
    String format = o.get("format", "parquet");
    String inputFormat = o.get("input-format", null);
    String inputCol = o.get("input-col", null);
    Dataset<Row> in;
    ModelStage<?> stage;
    String drop = "content";
    switch (o.task) {
      case "image-classification" -> stage = new ImageClassifier();
      case "image-feature-extraction" -> stage = new ImageEmbedder();
      case "image-segmentation" -> stage = new ImageSegmenter();
      case "automatic-speech-recognition" -> stage = new SpeechRecognizer();
      case "audio-classification" -> stage = new AudioClassifier();
      case "audio-frame-classification" -> stage = new AudioFrameClassifier();
      case "audio-xvector" -> stage = new SpeakerEmbedder();
      default -> stage = null;
    }
    if (stage != null) {
      in = Inputs.media(spark, input, inputFormat, inputCol, o.task.startsWith("image"));
      stage.setInputCol("content");
    } else {
      drop = null;
      String textCol = o.get("text-col", "text");
      switch (o.task) {
        case "text-classification" -> {
          TextClassifier clf = new TextClassifier().setInputCol(textCol);
          if (o.values.containsKey("pair-col")) {
            clf.setPairCol(o.get("pair-col", null));
            in = Inputs.table(spark, input, inputFormat, textCol, o.get("pair-col", null));
          } else {
            in = Inputs.table(spark, input, inputFormat, textCol);
          }
          stage = clf;
        }
        case "token-classification" -> {
          in = Inputs.table(spark, input, inputFormat, textCol);
          stage = new TokenClassifier().setInputCol(textCol);
        }
        case "fill-mask" -> {
          in = Inputs.table(spark, input, inputFormat, textCol);
          stage = new FillMask().setInputCol(textCol);
        }
        case "question-answering" -> {
          String q = o.get("question-col", "question");
          String c = o.get("context-col", "context");
          in = Inputs.table(spark, input, inputFormat, q, c);
          stage = new QuestionAnswerer().setQuestionCol(q).setContextCol(c);
        }
        case "feature-extraction" -> {
          in = Inputs.table(spark, input, inputFormat, textCol);
          stage = new TextEmbedder().setInputCol(textCol);
        }
        default -> throw new IllegalArgumentException("unknown task '" + o.task + "'; expected one of " + JobOptions.TASKS);
      }
    }
    stage.setModelPath(model);
    configure(stage, o);
    Dataset<Row> out = stage.transform(in);
    if (drop != null) {
      out = out.drop(drop);
    }
    System.out.printf("sparkformers %s: %s -> %s (%s) with %s%n", o.task, input, output, format, model);
    Progress progress = new Progress();
    spark.sparkContext().addSparkListener(progress);
    long t0 = System.nanoTime();
    var writer = Inputs.forFormat(out, format).write().format(format).mode(o.get("mode", "errorifexists"))
        .option("header", "true").option("ignoreNullFields", "false");
    if (o.values.containsKey("partition-by")) {
      writer = writer.partitionBy(o.get("partition-by", null).split(","));
    }
    writer.save(output);
    double secs = (System.nanoTime() - t0) / 1e9;
    try {
      // Task-end events reach listeners asynchronously: let the last ones count before the last progress line.
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      // the line then shows what had arrived
    }
    spark.sparkContext().removeSparkListener(progress);
    progress.finish();
    Dataset<Row> written = spark.read().format(format).option("header", "true").load(output);
    // Every input is accounted for: a row written (with its error under keep; 0-byte files included) or, under skip,
    // an input that has no row — counted only then, since it takes another listing or scan of the input.
    long writtenRows = written.count();
    long rows = stage.getHandleInvalid().equals("skip") ? inputs(spark, in, input, inputFormat, drop != null)
        : writtenRows;
    long skipped = rows - writtenRows;
    long errors = (java.util.Arrays.asList(written.columns()).contains(ERROR_COL)
        ? written.filter(col(ERROR_COL).isNotNull()).count() : 0) + skipped;
    System.out.printf("done: %d rows in %.1f s (%.1f rows/s), %d with errors (column '%s')%s%n", rows, secs,
        rows / secs, errors, ERROR_COL, skipped > 0 ? String.format(", %d of them skipped (handleInvalid=skip): %d rows "
            + "written", skipped, writtenRows) : "");
    System.out.printf("ok rows: %d; device requested %s, used by the tasks: %s; ONNX sessions loaded in this JVM: %d%n",
        rows - errors, stage.getDevice(), String.join(", ", stage.devicesUsed()),
        io.sparkformers.runtime.SessionCache.loads());
    List<String> results = new java.util.ArrayList<>(java.util.Arrays.asList(out.columns()));
    results.removeAll(java.util.Arrays.asList(in.columns()));
    results.remove(ERROR_COL);
    printSample(written, results);
    if (o.values.containsKey("report")) {
      Map<String, String> summary = new LinkedHashMap<>();
      summary.put("task", o.task);
      summary.put("input", input);
      summary.put("output", output + " (" + format + ")");
      summary.put("rows", Long.toString(rows));
      summary.put("rows with errors", Long.toString(errors));
      summary.put("wall time", String.format(java.util.Locale.ROOT, "%.1f s", secs));
      summary.put("rows/s", String.format(java.util.Locale.ROOT, "%.1f", rows / secs));
      summary.put("device", stage.getDevice() + " requested; used: " + String.join(", ", stage.devicesUsed()));
      // The report renders nested columns: it samples the rows again from the stage, not from a CSV.
      Dataset<Row> again = format.equals("csv") ? out : written;
      List<Row> sample = again.limit(HtmlReport.SAMPLE).collectAsList();
      List<Row> failed = java.util.Arrays.asList(written.columns()).contains(ERROR_COL)
          ? written.filter(col(ERROR_COL).isNotNull()).limit(100).collectAsList() : List.of();
      java.nio.file.Path report = java.nio.file.Path.of(o.get("report", "report.html"));
      try {
        HtmlReport.write(report, o.task, model, summary, sample, failed, spark.sparkContext().hadoopConfiguration());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      System.out.println("report: " + report.toAbsolutePath());
    }
  }

  /** A few written rows: the row's path or id, then its result columns, compactly. */
  static void printSample(Dataset<Row> written, List<String> results) {
    List<String> columns = java.util.Arrays.asList(written.columns());
    String key = columns.contains("path") ? "path" : columns.contains("id") ? "id" : null;
    List<Row> rows = written.limit(SAMPLE_ROWS).collectAsList();
    if (!rows.isEmpty()) {
      System.out.println("sample:");
    }
    for (Row r : rows) {
      StringBuilder sb = new StringBuilder("  ");
      if (key != null) {
        String k = String.valueOf(r.get(r.fieldIndex(key)));
        sb.append(k.substring(k.lastIndexOf('/') + 1)).append(':');
      }
      for (String c : results) {
        if (columns.contains(c)) {
          sb.append(' ').append(c).append('=').append(compact(r.get(r.fieldIndex(c))));
        }
      }
      if (columns.contains(ERROR_COL) && !r.isNullAt(r.fieldIndex(ERROR_COL))) {
        sb.append(" error=").append(compact(r.get(r.fieldIndex(ERROR_COL))));
      }
      System.out.println(sb);
    }
  }

  static final int SAMPLE_ROWS = 3;

  /** Vectors and long arrays shortened to their first values and size; long text cut at 60 characters. */
  static String compact(Object v) {
    if (v instanceof org.apache.spark.ml.linalg.Vector vec) {
      return vector(vec.toArray());
    }
    if (v instanceof Row row && isVector(row)) {
      // A Vector read back from Parquet or JSON without its type: (type, size, indices, values).
      List<Double> values = row.getList(row.fieldIndex("values"));
      double[] a;
      if (((Number) row.getAs("type")).intValue() == 1) {
        a = values.stream().mapToDouble(Double::doubleValue).toArray();
      } else {
        a = new double[row.<Integer>getAs("size")];
        List<Integer> indices = row.getList(row.fieldIndex("indices"));
        for (int i = 0; i < indices.size(); i++) {
          a[indices.get(i)] = values.get(i);
        }
      }
      return vector(a);
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      List<?> items = scala.jdk.javaapi.CollectionConverters.asJava(seq);
      List<String> shown = items.stream().limit(3).map(InferenceJob::compact).toList();
      return "[" + String.join(", ", shown) + (items.size() > 3 ? ", ... (" + items.size() + ")" : "") + "]";
    }
    if (v instanceof Row row) {
      List<String> parts = new java.util.ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        if (!(row.get(i) instanceof byte[])) {
          parts.add((row.schema() != null ? row.schema().fieldNames()[i] + "=" : "") + compact(row.get(i)));
        }
      }
      return "{" + String.join(", ", parts) + "}";
    }
    if (v instanceof Double || v instanceof Float) {
      return String.format(java.util.Locale.ROOT, "%.4f", ((Number) v).doubleValue());
    }
    String t = String.valueOf(v).replace('\n', ' ');
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }

  /** Rows the job was given: the files listed (file sources skip 0-byte files; the job does not), else the table's. */
  static long inputs(SparkSession spark, Dataset<Row> in, String input, String inputFormat, boolean media) {
    boolean files = media && (inputFormat == null || inputFormat.equals("binaryfile") || inputFormat.equals("image"));
    return files ? Inputs.files(spark, input).size() : in.count();
  }

  /** "[0.0771, 0.0186, -0.0330, ... (384)]". */
  static String vector(double[] a) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < Math.min(3, a.length); i++) {
      sb.append(String.format(java.util.Locale.ROOT, "%.4f", a[i])).append(i + 1 < a.length ? ", " : "");
    }
    return sb.append(a.length > 3 ? "... (" + a.length + ")]" : "]").toString();
  }

  /** A struct with exactly the fields of Spark ML's vector type. */
  static boolean isVector(Row row) {
    return row.schema() != null
        && java.util.Set.of(row.schema().fieldNames()).equals(java.util.Set.of("type", "size", "indices", "values"));
  }

  /** Options of the command itself; every other option names a Param of the task's stage. */
  static final java.util.Set<String> JOB_OPTIONS = java.util.Set.of("config", "model", "input", "output", "format",
      "mode", "partition-by", "input-format", "input-col", "text-col", "pair-col", "question-col", "context-col",
      "master", "report", "rows", "verbose", "help", "handle-invalid", "file", "task");
  /** Short flags kept from earlier releases, and the Params they set. */
  static final Map<String, String> ALIASES = Map.of("aggregation", "aggregation-strategy");

  /**
   * Bad rows are kept with their reason in the {@code error} column unless {@code --handle-invalid} says otherwise
   * (the job's summary counts them); every other option sets the stage's Param of that name ({@code --top-k 3} →
   * {@code topK}) through the same mapping as the SQL functions' options, so a stage default is never overridden by
   * one of the command's: an option not given leaves the stage's own default.
   */
  static void configure(ModelStage<?> stage, JobOptions o) {
    stage.setHandleInvalid(o.get("handle-invalid", "keep")).setErrorCol(ERROR_COL);
    for (Map.Entry<String, String> e : o.values.entrySet()) {
      if (!JOB_OPTIONS.contains(e.getKey())) {
        StageParams.set(o.task, stage, ALIASES.getOrDefault(e.getKey(), e.getKey()), e.getValue());
      }
    }
  }
}

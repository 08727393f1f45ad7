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
    String drop;
    if (o.task.equals("image-classification")) {
      in = Inputs.media(spark, input, inputFormat, inputCol, true);
      stage = new ImageClassifier().setModelPath(model).setInputCol("content").setTopK(o.positiveInt("top-k", 5));
      drop = "content";
    } else if (o.task.equals("image-feature-extraction")) {
      in = Inputs.media(spark, input, inputFormat, inputCol, true);
      stage = new ImageEmbedder().setModelPath(model).setInputCol("content").setPooling(o.get("pooling", "auto"))
          .setNormalize(o.flag("normalize"));
      drop = "content";
    } else if (o.task.equals("image-segmentation")) {
      in = Inputs.media(spark, input, inputFormat, inputCol, true);
      ImageSegmenter seg = new ImageSegmenter().setModelPath(model).setInputCol("content")
          .setThreshold(Double.parseDouble(o.get("threshold", "0.5")));
      if (o.values.containsKey("subtask")) {
        seg.setSubtask(o.get("subtask", null));
      }
      stage = seg;
      drop = "content";
    } else if (o.task.equals("automatic-speech-recognition")) {
      in = Inputs.media(spark, input, inputFormat, inputCol, false);
      SpeechRecognizer asr = new SpeechRecognizer().setModelPath(model).setInputCol("content");
      if (o.values.containsKey("chunk-length-s")) {
        asr.setChunkLengthS(Double.parseDouble(o.get("chunk-length-s", "0")));
      }
      stage = asr;
      drop = "content";
    } else if (o.task.equals("audio-classification")) {
      in = Inputs.media(spark, input, inputFormat, inputCol, false);
      stage = new AudioClassifier().setModelPath(model).setInputCol("content").setTopK(o.positiveInt("top-k", 5));
      drop = "content";
    } else if (o.task.equals("audio-frame-classification")) {
      in = Inputs.media(spark, input, inputFormat, inputCol, false);
      stage = new AudioFrameClassifier().setModelPath(model).setInputCol("content");
      drop = "content";
    } else if (o.task.equals("audio-xvector")) {
      in = Inputs.media(spark, input, inputFormat, inputCol, false);
      stage = new SpeakerEmbedder().setModelPath(model).setInputCol("content").setNormalize(o.flag("normalize"));
      drop = "content";
    } else if (o.task.equals("text-classification")) {
      String textCol = o.get("text-col", "text");
      TextClassifier clf = new TextClassifier().setModelPath(model).setInputCol(textCol).setTopK(o.positiveInt("top-k", 5));
      if (o.values.containsKey("pair-col")) {
        clf.setPairCol(o.get("pair-col", null));
        in = Inputs.table(spark, input, inputFormat, textCol, o.get("pair-col", null));
      } else {
        in = Inputs.table(spark, input, inputFormat, textCol);
      }
      stage = clf;
      drop = null;
    } else if (o.task.equals("token-classification")) {
      String textCol = o.get("text-col", "text");
      in = Inputs.table(spark, input, inputFormat, textCol);
      stage = new TokenClassifier().setModelPath(model).setInputCol(textCol)
          .setAggregationStrategy(o.get("aggregation", "simple"));
      drop = null;
    } else if (o.task.equals("fill-mask")) {
      String textCol = o.get("text-col", "text");
      in = Inputs.table(spark, input, inputFormat, textCol);
      stage = new FillMask().setModelPath(model).setInputCol(textCol).setTopK(o.positiveInt("top-k", 5));
      drop = null;
    } else if (o.task.equals("question-answering")) {
      String q = o.get("question-col", "question");
      String c = o.get("context-col", "context");
      in = Inputs.table(spark, input, inputFormat, q, c);
      stage = new QuestionAnswerer().setModelPath(model).setQuestionCol(q).setContextCol(c)
          .setTopK(o.positiveInt("top-k", 1));
      drop = null;
    } else {
      String textCol = o.get("text-col", "text");
      in = Inputs.table(spark, input, inputFormat, textCol);
      stage = new TextEmbedder().setModelPath(model).setInputCol(textCol).setPooling(o.get("pooling", "mean"))
          .setNormalize(o.flag("normalize"));
      drop = null;
    }
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
    spark.sparkContext().removeSparkListener(progress);
    long rows = progress.rowsWritten();
    Dataset<Row> written = spark.read().format(format).option("header", "true").load(output);
    long errors = java.util.Arrays.asList(written.columns()).contains(ERROR_COL)
        ? written.filter(col(ERROR_COL).isNotNull()).count() : 0;
    System.out.printf("done: %d rows in %.1f s (%.1f rows/s), %d with errors (column '%s')%n", rows, secs, rows / secs,
        errors, ERROR_COL);
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

  /** Vectors and long arrays shortened to their size and first values; long text cut at 60 characters. */
  static String compact(Object v) {
    if (v instanceof org.apache.spark.ml.linalg.Vector vec) {
      double[] a = vec.toArray();
      StringBuilder sb = new StringBuilder("[" + a.length + " values: ");
      for (int i = 0; i < Math.min(3, a.length); i++) {
        sb.append(String.format(java.util.Locale.ROOT, "%.4f, ", a[i]));
      }
      return sb.append("...]").toString();
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

  /** The options every task shares. */
  static void configure(ModelStage<?> stage, JobOptions o) {
    stage.setBatchSize(o.positiveInt("batch-size", 32)).setDevice(o.get("device", "auto"))
        .setHandleInvalid(o.get("handle-invalid", "keep")).setErrorCol(ERROR_COL);
  }
}

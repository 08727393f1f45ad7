package io.sparkformers.jobs;

import static org.apache.spark.sql.functions.col;

import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.StageParams;
import io.sparkformers.runtime.EngineMetrics;
import io.sparkformers.runtime.SessionCache;
import io.sparkformers.task.Task;
import io.sparkformers.task.Tasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.Seq;

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
        Task task = Tasks.named(o.task);
        // Its reasons name the options as the command's flags (--handle-invalid), which is what its user types.
        ModelStage<?> stage = task.stage().get().spellOptionsAs(StageParams.Spelling.COMMAND);
        Dataset<Row> in;
        String[] columns;
        String drop = null;
        if (task.source().files()) {
            in = Inputs.media(spark, input, inputFormat, inputCol, task.source() == Task.Source.IMAGE_FILES);
            columns = new String[] {"content"};
            drop = "content";
        } else {
            columns = tableColumns(task, o);
            in = Inputs.table(spark, input, inputFormat, columns);
        }
        task.binder().accept(stage, columns);
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
        var writer = Inputs.forFormat(out, format)
                .write()
                .format(format)
                .mode(o.get("mode", "errorifexists"))
                .option("header", "true")
                .option("ignoreNullFields", "false");
        if (o.values.containsKey("partition-by")) {
            writer = writer.partitionBy(o.get("partition-by", null).split(","));
        }
        writer.save(output);
        double secs = (System.nanoTime() - t0) / 1e9;
        try {
            // Task-end events reach listeners asynchronously: let the last ones count before the last progress line.
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            // the line then shows what had arrived
        }
        spark.sparkContext().removeSparkListener(progress);
        progress.finish();
        Dataset<Row> written =
                spark.read().format(format).option("header", "true").load(output);
        // Every input is accounted for: a row written (with its error under keep; 0-byte files included) or, under
        // skip,
        // an input that has no row — counted only then, since it takes another listing or scan of the input.
        long writtenRows = written.count();
        long rows = stage.getHandleInvalid().equals("skip")
                ? inputs(spark, in, input, inputFormat, drop != null)
                : writtenRows;
        long skipped = rows - writtenRows;
        long errors = (Arrays.asList(written.columns()).contains(ERROR_COL)
                        ? written.filter(col(ERROR_COL).isNotNull()).count()
                        : 0)
                + skipped;
        System.out.printf(
                "done: %d rows in %.1f s (%.1f rows/s), %d with errors (column '%s')%s%n",
                rows,
                secs,
                rows / secs,
                errors,
                ERROR_COL,
                skipped > 0
                        ? String.format(
                                ", %d of them skipped (handleInvalid=skip): %d rows " + "written", skipped, writtenRows)
                        : "");
        System.out.printf(
                "ok rows: %d; device requested %s, used by the tasks: %s; ONNX sessions loaded in this JVM: %d%n",
                rows - errors, stage.getDevice(), String.join(", ", stage.devicesUsed()), SessionCache.loads());
        // The stage's accumulators, as the Spark UI's stage page shows them (sparkformers <Stage(uid)>: <metric>).
        System.out.println("stage: " + EngineMetrics.describe(stage.metrics()));
        List<String> results = new ArrayList<>(Arrays.asList(out.columns()));
        results.removeAll(Arrays.asList(in.columns()));
        results.remove(ERROR_COL);
        printSample(written, results);
        if (o.values.containsKey("report")) {
            Map<String, String> summary = new LinkedHashMap<>();
            summary.put("task", o.task);
            summary.put("input", input);
            summary.put("output", output + " (" + format + ")");
            summary.put("rows", Long.toString(rows));
            summary.put("rows with errors", Long.toString(errors));
            summary.put("wall time", String.format(Locale.ROOT, "%.1f s", secs));
            summary.put("rows/s", String.format(Locale.ROOT, "%.1f", rows / secs));
            summary.put("device", stage.getDevice() + " requested; used: " + String.join(", ", stage.devicesUsed()));
            summary.put("stage", EngineMetrics.describe(stage.metrics()));
            // The report renders nested columns: it samples the rows again from the stage, not from a CSV.
            Dataset<Row> again = format.equals("csv") ? out : written;
            List<Row> sample = again.limit(HtmlReport.SAMPLE).collectAsList();
            List<Row> failed = Arrays.asList(written.columns()).contains(ERROR_COL)
                    ? written.filter(col(ERROR_COL).isNotNull()).limit(100).collectAsList()
                    : List.of();
            Path report = Path.of(o.get("report", "report.html"));
            try {
                HtmlReport.write(
                        report,
                        o.task,
                        model,
                        summary,
                        sample,
                        failed,
                        spark.sparkContext().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("report: " + report.toAbsolutePath());
        }
    }

    /** A few written rows: the row's path or id, then its result columns, compactly. */
    static void printSample(Dataset<Row> written, List<String> results) {
        List<String> columns = Arrays.asList(written.columns());
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
        if (v instanceof Vector vec) {
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
        if (v instanceof Seq<?> seq) {
            List<?> items = ScalaCollections.list(seq);
            List<String> shown =
                    items.stream().limit(3).map(InferenceJob::compact).toList();
            return "[" + String.join(", ", shown) + (items.size() > 3 ? ", ... (" + items.size() + ")" : "") + "]";
        }
        if (v instanceof Row row) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                if (!(row.get(i) instanceof byte[])) {
                    parts.add((row.schema() != null ? row.schema().fieldNames()[i] + "=" : "") + compact(row.get(i)));
                }
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (v instanceof Double || v instanceof Float) {
            return String.format(Locale.ROOT, "%.4f", ((Number) v).doubleValue());
        }
        String t = String.valueOf(v).replace('\n', ' ');
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    /** Rows the job was given: the files listed (file sources skip 0-byte files; the job does not), else the table's. */
    static long inputs(SparkSession spark, Dataset<Row> in, String input, String inputFormat, boolean media) {
        boolean files =
                media && (inputFormat == null || inputFormat.equals("binaryfile") || inputFormat.equals("image"));
        return files ? Inputs.files(spark, input).size() : in.count();
    }

    /** "[0.0771, 0.0186, -0.0330, ... (384)]". */
    static String vector(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(3, a.length); i++) {
            sb.append(String.format(Locale.ROOT, "%.4f", a[i])).append(i + 1 < a.length ? ", " : "");
        }
        return sb.append(a.length > 3 ? "... (" + a.length + ")]" : "]").toString();
    }

    /** A struct with exactly the fields of Spark ML's vector type. */
    static boolean isVector(Row row) {
        return row.schema() != null
                && Set.of(row.schema().fieldNames()).equals(Set.of("type", "size", "indices", "values"));
    }

    /**
     * The columns of a table task's inputs: {@code --<role>-col} for each role ({@code --text-col}, {@code --pair-col},
     * {@code --question-col}, ...; a required role defaults to its own name, an optional one is read only when given),
     * or {@code --input-cols a,b,...} for a task that takes a numbered list of inputs.
     */
    static String[] tableColumns(Task task, JobOptions o) {
        if (task.variadic()) {
            String[] cols = Arrays.stream(o.require("input-cols").split(","))
                    .map(String::trim)
                    .filter(c -> !c.isEmpty())
                    .toArray(String[]::new);
            if (cols.length < task.required() || cols.length > task.inputs().size()) {
                throw new IllegalArgumentException("--input-cols: " + task.name() + " reads " + task.inputList()
                        + ", got " + Arrays.toString(cols));
            }
            return cols;
        }
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < task.inputs().size(); i++) {
            String role = task.inputs().get(i);
            if (i < task.required() || o.values.containsKey(role + "-col")) {
                cols.add(o.get(role + "-col", role));
            }
        }
        return cols.toArray(new String[0]);
    }

    /** Options of the command itself (the input columns' flags among them); every other option names a Param. */
    static final Set<String> JOB_OPTIONS = jobOptions();

    private static Set<String> jobOptions() {
        Set<String> s = new HashSet<>(Set.of(
                "config",
                "model",
                "input",
                "output",
                "format",
                "mode",
                "partition-by",
                "input-format",
                "input-col",
                "input-cols",
                "master",
                "report",
                "rows",
                "verbose",
                "help",
                "handle-invalid",
                "file",
                "task"));
        for (Task t : Tasks.ALL) {
            if (!t.source().files() && !t.variadic()) {
                t.inputs().forEach(role -> s.add(role + "-col"));
            }
        }
        return Set.copyOf(s);
    }
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

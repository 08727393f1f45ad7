package io.sparkformers.jobs;

import io.sparkformers.task.Task;
import io.sparkformers.task.Tasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The command line: {@code sparkformers <task> --model URI --input PATH --output PATH [options]}. */
final class JobOptions {
    static final String USAGE = String.join(
            "\n",
            "usage: sparkformers [<task> --model URI --input PATH --output PATH [options]]",
            "       sparkformers sql --file SCRIPT.sql   (SQL statements with the hf_* table functions)",
            "       sparkformers benchmark [--task feature-extraction|text-bucketing|image-classification|image-segmentation|automatic-speech-recognition|sql] [--model URI --input PATH] [--rows N]",
            "",
            "tasks (Hugging Face pipeline names):",
            taskLines(),
            "",
            "options:",
            "  --config FILE          YAML or JSON file with any of these options (long names, without --) and the task;",
            "                         flags given on the command line override it (examples: conf/jobs/<task>.yaml)",
            "  --model URI            export directory: file:, hdfs:, s3a:, local path or classpath:",
            "  --input PATH           input files, directories or globs (any Hadoop file system)",
            "  --input-format F       binaryFile (image/audio default) | image (Spark's image source) | text | json | parquet;",
            "                         texts: told by the extension when not given",
            "  --input-col NAME       image/audio from a parquet/json table: the column of file bytes or paths (default content)",
            "  --output PATH          where to write the results",
            "  --format FMT           parquet (default) | json | csv",
            "  --mode MODE            save mode: errorifexists (default; also error-if-exists) | overwrite | append | ignore",
            "  --partition-by COLS    partition the output by these comma-separated columns (e.g. predictedLabel)",
            "  --handle-invalid H     error | skip | keep (default keep: bad rows get a reason in the 'error' column)",
            "  --<input>-col NAME     table tasks: the column of each input the task reads (default: the input's name):",
            "                         --text-col, --pair-col (text-classification pairs), --question-col, --context-col,",
            "                         --prompt-col, --choices-col (array<string>)",
            "  --input-cols A,B,...   onnx: the numeric columns fed to the graph's inputs, in the graph's order",
            "  --PARAM VALUE          any Param of the task's stage, in kebab-case, with the stage's default when not given:",
            "                         --batch-size 8, --device cuda, --top-k 3, --max-inference-memory 2147483648,",
            "                         --chunk-length-s 20 (speech), --aggregation-strategy simple (token-classification;",
            "                         also --aggregation), --pooling cls, --normalize, --subtask instance, --threshold 0.8,",
            "                         --mask-threshold 0.6, --label-ids-to-fuse 0,1, --max-seq-length 256, --doc-stride 64,",
            "                         ... (lists comma-separated; an unknown name is refused with the stage's Params)",
            "  --master URL           Spark master when not started by spark-submit (default local[*])",
            "  --report FILE          write a self-contained HTML report (summary, a sample of results, the errors)",
            "  --rows N               benchmark: rows to time (default 5000)",
            "  --verbose              print the stack trace when the command fails",
            "",
            "exit codes: 0 done, 1 the job failed, 2 bad arguments or input, 3 the model cannot be used, 4 the jar is not for this Spark (one line on stderr says why)",
            "",
            "With no arguments: embeds the bundled corpus with the bundled all-MiniLM-L6-v2 model on local Spark.");

    /** The registry's tasks, then the command's own. */
    static final List<String> TASKS =
            Stream.concat(Tasks.names().stream(), Stream.of("sql", "benchmark")).toList();

    /** One help line per task of the registry: its name, what it reads and what it adds. */
    static String taskLines() {
        StringBuilder sb = new StringBuilder();
        for (Task t : Tasks.ALL) {
            String line = String.format(
                    Locale.ROOT,
                    "  %-29s %s%n  %-29s reads %s (%s); adds %s",
                    t.name(),
                    t.summary(),
                    "",
                    t.source().description(),
                    t.inputList(),
                    t.outputs());
            sb.append(sb.length() > 0 ? "\n" : "").append(line);
        }
        return sb.toString();
    }

    private static final List<String> FLAGS = List.of("--normalize", "--help", "--verbose");

    final String task;
    final Map<String, String> values;

    private JobOptions(String task, Map<String, String> values) {
        this.task = task;
        this.values = values;
    }

    static JobOptions parse(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String key = a;
                String value;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    key = a.substring(0, eq);
                    value = a.substring(eq + 1);
                } else if (FLAGS.contains(a)) {
                    value = "true";
                } else {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option " + a + " needs a value");
                    }
                    value = args[++i];
                }
                flags.put(key.substring(2), value);
            } else {
                positional.add(a);
            }
        }
        // A config file gives defaults; flags on the command line override it.
        Map<String, String> values = new LinkedHashMap<>();
        if (flags.containsKey("config")) {
            values.putAll(ConfigFile.read(flags.get("config")));
            if (positional.isEmpty() && values.containsKey("task")) {
                positional.add(values.get("task"));
            }
            values.remove("task");
        }
        values.putAll(flags);
        if (positional.size() > 1) {
            throw new IllegalArgumentException("one task expected, got " + positional);
        }
        String task = positional.isEmpty() ? null : positional.get(0).toLowerCase(Locale.ROOT);
        if (task != null && !TASKS.contains(task)) {
            throw new IllegalArgumentException("unknown task '" + task + "'; expected one of " + TASKS);
        }
        JobOptions o = new JobOptions(task, values);
        o.check("format", "parquet", "json", "csv");
        if (o.values.containsKey("input-format")) {
            o.values.put("input-format", o.values.get("input-format").toLowerCase(Locale.ROOT));
        }
        o.check("input-format", "binaryfile", "image", "text", "json", "jsonl", "parquet");
        if ("error-if-exists".equals(o.values.get("mode"))) {
            o.values.put("mode", "errorifexists");
        }
        o.check("mode", "errorifexists", "overwrite", "append", "ignore");
        o.check("handle-invalid", "error", "skip", "keep");
        if (Tasks.names().contains(task)) {
            // Every other option is a Param of the task's stage: set on a throwaway stage now, so that a bad name or
            // value
            // is refused by the Param itself (listing the Params, or the Param's doc) before Spark starts.
            InferenceJob.configure(Tasks.named(task).stage().get(), o);
        } else {
            o.check("device", "cpu", "cuda", "auto");
            o.check(
                    "task",
                    "image-classification",
                    "feature-extraction",
                    "image-segmentation",
                    "text-bucketing",
                    "automatic-speech-recognition",
                    "sql");
            for (String n : List.of("batch-size", "rows")) {
                if (values.containsKey(n)) {
                    o.positiveInt(n, 1);
                }
            }
        }
        return o;
    }

    private void check(String key, String... allowed) {
        String v = values.get(key);
        if (v != null && !List.of(allowed).contains(v)) {
            throw new IllegalArgumentException(
                    "--" + key + " must be one of " + String.join("|", allowed) + ", got '" + v + "'");
        }
    }

    String get(String key, String dflt) {
        return values.getOrDefault(key, dflt);
    }

    String require(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required for " + task);
        }
        return v;
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }

    int positiveInt(String key, int dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a positive integer, got '" + v + "'");
        }
    }
}

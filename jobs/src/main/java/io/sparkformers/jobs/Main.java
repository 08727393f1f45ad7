package io.sparkformers.jobs;

import io.sparkformers.compat.SparkLine;
import io.sparkformers.compat.UnsupportedSparkException;
import io.sparkformers.model.ModelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code sparkformers} command, also the main class for {@code spark-submit}. With no arguments it runs the
 * embedded default: local Spark, the bundled all-MiniLM-L6-v2 and the bundled corpus.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        // First: parsing the options builds the task's stage, which refuses another Spark line with a stack trace.
        try {
            SparkLine.require();
        } catch (UnsupportedSparkException e) {
            System.err.println("sparkformers: " + e.getMessage());
            return UNSUPPORTED_SPARK;
        }
        JobOptions opts;
        try {
            opts = JobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sparkformers: " + e.getMessage());
            System.err.println("sparkformers: (--help lists the tasks and options)");
            return BAD_ARGUMENTS;
        }
        if (opts.flag("help")) {
            System.out.println(JobOptions.USAGE);
            return 0;
        }
        SparkSession spark;
        try {
            spark = session(opts);
        } catch (IOException e) {
            System.err.println("sparkformers: cannot start Spark: " + e.getMessage());
            return 1;
        }
        // The reason is said last: a failed job's sibling tasks are still being aborted (their interrupts, the output
        // committer's clean-up) when the failure reaches us, so their logs are silenced and Spark is stopped first.
        ByteArrayOutputStream reason = new ByteArrayOutputStream();
        int code;
        try {
            code = execute(spark, opts, new PrintStream(reason, true, StandardCharsets.UTF_8));
        } finally {
            if (reason.size() > 0 && !opts.flag("verbose")) {
                Configurator.setRootLevel(Level.OFF);
            }
            spark.stop();
        }
        System.err.print(reason.toString(StandardCharsets.UTF_8));
        System.err.flush();
        return code;
    }

    /**
     * Exit codes: 0 done, 1 the job failed, 2 bad arguments or input, 3 the model cannot be used, 4 this jar is not
     * for the Spark that runs it.
     */
    static final int FAILED = 1;

    static final int BAD_ARGUMENTS = 2;
    static final int BAD_MODEL = 3;
    static final int UNSUPPORTED_SPARK = 4;

    /**
     * Runs the command on {@code spark} and turns what went wrong into one line on {@code err} and an exit code; the
     * stack trace follows only with {@code --verbose}.
     */
    static int execute(SparkSession spark, JobOptions opts, PrintStream err) {
        try {
            if (opts.task == null) {
                DefaultDemo.run(spark);
            } else if (opts.task.equals("sql")) {
                SqlScript.run(spark, opts);
            } else if (opts.task.equals("benchmark")) {
                Benchmark.run(spark, opts);
            } else {
                InferenceJob.run(spark, opts);
            }
            return 0;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            int code;
            String line;
            Throwable model = find(e, ModelException.class);
            if (model != null) {
                code = BAD_MODEL;
                line = "model: " + model.getMessage();
            } else if (e instanceof IllegalArgumentException) {
                code = BAD_ARGUMENTS;
                line = e.getMessage();
            } else if (e instanceof AnalysisException a) {
                // Spark refused the input before any task ran: a missing path, a column that is not there.
                code = BAD_ARGUMENTS;
                line = "input: " + a.getMessage();
            } else {
                code = FAILED;
                // An I/O failure's own message names the path (s3a://bucket/key: getFileStatus ...: Forbidden); its
                // root cause, the storage client's, does not.
                Throwable io = find(e, IOException.class);
                Throwable told = io != null && io.getMessage() != null ? io : root;
                line = "failed: " + firstLine(told.getMessage() != null ? told.getMessage() : told.toString());
                if (find(e, java.nio.file.AccessDeniedException.class) != null) {
                    line += " (access denied: check the credentials — for s3a the AWS provider chain: AWS_ACCESS_KEY_ID"
                            + " and AWS_SECRET_ACCESS_KEY, a profile, an instance role — or spark.hadoop.fs.s3a.*)";
                }
            }
            // The reason is the last line: what a user reads, and what a scheduler's log tail shows.
            if (opts.flag("verbose")) {
                e.printStackTrace(err);
            } else if (code == FAILED) {
                err.println("sparkformers: (--verbose prints the stack trace)");
            }
            err.println("sparkformers: " + firstLine(line));
            return code;
        }
    }

    private static Throwable find(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The installation directory (set by bin/sparkformers), else the working directory. */
    static Path home() {
        String h = System.getenv("SPARKFORMERS_HOME");
        return Path.of(h == null || h.isBlank() ? "." : h);
    }

    /** spark-submit's settings win; otherwise --master (default local[*]) and conf/spark-defaults.conf. */
    static SparkSession session(JobOptions opts) throws IOException {
        SparkConf conf = new SparkConf();
        Path defaults = home().resolve("conf/spark-defaults.conf");
        if (!conf.contains("spark.master") && Files.isRegularFile(defaults)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(defaults)) {
                p.load(in);
            }
            for (String k : p.stringPropertyNames()) {
                conf.setIfMissing(k, p.getProperty(k).trim());
            }
        }
        if (opts.values.containsKey("master") || !conf.contains("spark.master")) {
            conf.setMaster(opts.get("master", "local[*]"));
        }
        conf.setIfMissing("spark.app.name", "sparkformers " + (opts.task == null ? "default" : opts.task));
        return SparkSession.builder().config(conf).getOrCreate();
    }
}

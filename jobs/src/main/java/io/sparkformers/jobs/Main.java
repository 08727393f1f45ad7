package io.sparkformers.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.SparkConf;
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
    JobOptions opts;
    try {
      opts = JobOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sparkformers: " + e.getMessage());
      System.err.println(JobOptions.USAGE);
      return 2;
    }
    if (opts.flag("help")) {
      System.out.println(JobOptions.USAGE);
      return 0;
    }
    try (SparkSession spark = session(opts)) {
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
    } catch (IllegalArgumentException e) {
      System.err.println("sparkformers: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("sparkformers: failed: " + e);
      e.printStackTrace();
      return 1;
    }
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

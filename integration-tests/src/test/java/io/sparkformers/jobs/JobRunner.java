package io.sparkformers.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

/** Runs a job task in an existing session (the integration tests' S3-configured one) and returns what it printed. */
public final class JobRunner {
    private JobRunner() {}

    public static String run(SparkSession spark, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            InferenceJob.run(spark, JobOptions.parse(args));
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }
}

package io.sparkformers.testing;

import org.apache.spark.sql.SparkSession;

/** One local SparkSession for every test class in the JVM (starting one costs seconds). */
public final class Spark {
    private static SparkSession session;

    private Spark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[4]")
                    .appName("sparkformers-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}

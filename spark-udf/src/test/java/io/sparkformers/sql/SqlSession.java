package io.sparkformers.sql;

import org.apache.spark.sql.SparkSession;

/** The test JVM's Spark session with the functions installed the production way, by {@code spark.sql.extensions}. */
final class SqlSession {
    private static SparkSession session;

    private SqlSession() {}

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.extensions", SparkformersExtensions.class.getName())
                    .getOrCreate();
        }
        return session;
    }
}

package io.sparkformers.jobs;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests that run the command in one local session of their own, started before them and stopped after. */
abstract class CommandSessionTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = MainTest.localSpark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }
}

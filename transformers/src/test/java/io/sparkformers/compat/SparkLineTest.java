package io.sparkformers.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SparkLineTest {
    private static final SparkLine SPARK4 = new SparkLine("4", "2.13", "1.2.3");
    private static final SparkLine SPARK35 = new SparkLine("3.5", "2.12", "1.2.3");

    @Test
    void theSpark4JarRunsOnEverySpark4AndOnlyThere() {
        for (String v : new String[] {"4.0.0", "4.0.5", "4.1.0", "4.2.1", "4.3.0", "4.1.0-preview2"}) {
            assertNull(SPARK4.refusal(v, "2.13.16"), v);
        }
        String other = SPARK4.refusal("3.5.9", "2.12.18");
        assertEquals(
                "this sparkformers jar (spark4_2.13) is for Spark 4.x on Scala 2.13, but Spark 3.5.9 (Scala 2.12.18)"
                        + " runs here: use the spark3.5_2.12 jar (sparkformers-jobs-1.2.3-spark3.5_2.12.jar, or the"
                        + " wheel, which picks it)",
                other);
    }

    @Test
    void theSpark35JarRunsOnSpark35Only() {
        assertNull(SPARK35.refusal("3.5.0", "2.12.18"));
        assertNull(SPARK35.refusal("3.5.9", "2.12.20"));
        String other = SPARK35.refusal("4.0.5", "2.13.16");
        assertTrue(
                other.startsWith("this sparkformers jar (spark3.5_2.12) is for Spark 3.5 on Scala 2.12, but "
                        + "Spark 4.0.5 (Scala 2.13.16) runs here: use the spark4_2.13 jar"),
                other);
    }

    @Test
    void aSparkNoLineSupportsIsRefusedNamingEveryLine() {
        String every = ": it runs on Spark 3.5 on Scala 2.12 (spark3.5_2.12) and Spark 4.0 to the newest 4.x on Scala"
                + " 2.13 (spark4_2.13)";
        assertEquals(
                "sparkformers 1.2.3 does not support Spark 3.4.4 (Scala 2.12.17)" + every,
                SPARK4.refusal("3.4.4", "2.12.17"));
        assertEquals(
                "sparkformers 1.2.3 does not support Spark 3.4.4 (Scala 2.12.17)" + every,
                SPARK35.refusal("3.4.4", "2.12.17"));
        // Spark 3.5 also comes built for Scala 2.13, Spark 4 never for 2.12: neither pairing has a jar.
        assertEquals(
                "sparkformers 1.2.3 does not support Spark 3.5.1 (Scala 2.13.8)" + every,
                SPARK35.refusal("3.5.1", "2.13.8"));
        assertNotNull(SPARK4.refusal("4.0.0", "2.12.18"));
        assertNotNull(SPARK4.refusal("5.0.0", "2.13.16"));
        assertNotNull(SPARK4.refusal("3.6.0", "2.12.18"));
        assertNotNull(SPARK4.refusal("4", "2.13.16"));
        assertNotNull(SPARK35.refusal("35.1", "2.12.18"));
    }

    @Test
    void requireThrowsTheRefusalAndPassesTheLinesOwnSpark() {
        SPARK4.require("4.0.5", "2.13.16");
        UnsupportedSparkException e = org.junit.jupiter.api.Assertions.assertThrows(
                UnsupportedSparkException.class, () -> SPARK4.require("3.5.9", "2.12.18"));
        assertEquals(SPARK4.refusal("3.5.9", "2.12.18"), e.getMessage());
    }

    @Test
    void versionsAreReadAsSparkAndScalaPrintThem() {
        assertEquals("3.5", SparkLine.lineOf("3.5.9"));
        assertEquals("4", SparkLine.lineOf("4.2.0-SNAPSHOT"));
        assertNull(SparkLine.lineOf("3.4.4"));
        assertNull(SparkLine.lineOf("4"));
        assertEquals("4", SparkLine.lineOf("4.2"));
        assertEquals("3.5", SparkLine.lineOf("3.5"));
        assertEquals("2.12", SparkLine.binary("2.12.18"));
        assertEquals("2.13", SparkLine.binary("2.13"));
        assertEquals("3", SparkLine.binary("3"));
    }

    @Test
    void thisBuildIsTheLineItRunsOn() {
        // The build's own Spark (pom.xml spark.version, per profile) is what the tests run on and what the jar says.
        assertEquals(System.getProperty("sparkformers.sparkVersion"), SparkLine.runningSpark());
        assertTrue(SparkLine.runningScala().startsWith(System.getProperty("sparkformers.scalaBinary") + "."));
        assertEquals(
                "Spark " + (System.getProperty("sparkformers.sparkVersion").startsWith("3.5") ? "3.5" : "4.x")
                        + " on Scala " + System.getProperty("sparkformers.scalaBinary"),
                SparkLine.BUILT.describe());
        assertNull(SparkLine.BUILT.refusal(SparkLine.runningSpark(), SparkLine.runningScala()));
        SparkLine.require();
        assertFalse(SparkLine.BUILT.name().isEmpty());
    }
}

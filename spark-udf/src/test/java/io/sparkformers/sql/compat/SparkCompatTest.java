package io.sparkformers.sql.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.compat.SparkLine;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.junit.jupiter.api.Test;

class SparkCompatTest {
    private static String qualified(String sparkVersion) {
        FunctionIdentifier id = SparkCompat.registeredName("hf_classify_image", sparkVersion);
        assertEquals("hf_classify_image", id.funcName());
        return id.catalog().isDefined()
                ? id.catalog().get() + "." + id.database().get()
                : "";
    }

    @Test
    void sparkFrom42OnGetsSystemBuiltinNamesAndEarlierSparkBareOnes() {
        if (SparkLine.BUILT.name().startsWith("spark4")) {
            // Spark 4.2 refuses an unqualified name in FunctionRegistry.registerFunction; 4.0 and 4.1 take it bare.
            for (String v : new String[] {"4.2.0", "4.2.1", "4.3.0", "4.10.0", "5.0.0", "4.2.0-preview1"}) {
                assertEquals("system.builtin", qualified(v), v);
            }
            for (String v : new String[] {"4.0.0", "4.0.5", "4.1.0", "4.1.4", "4.1.0-preview2"}) {
                assertEquals("", qualified(v), v);
            }
        } else {
            for (String v : new String[] {"3.5.0", "3.5.9"}) {
                assertEquals("", qualified(v), v);
            }
        }
    }
}

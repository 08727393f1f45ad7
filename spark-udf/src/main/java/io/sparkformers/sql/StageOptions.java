package io.sparkformers.sql;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;

/** The constant arguments of the SQL functions: strings, and stage options as {@code map<string,string>}. */
final class StageOptions {
    private StageOptions() {}

    static String string(String function, Expression e, String what) {
        if (!e.foldable() || !(e.dataType() instanceof StringType)) {
            throw new IllegalArgumentException(
                    function + ": the " + what + " argument must be a constant string, got " + e.sql());
        }
        Object v = e.eval(null);
        if (v == null) {
            throw new IllegalArgumentException(function + ": the " + what + " argument is null");
        }
        return v.toString();
    }

    static boolean isOptions(Expression e) {
        return e.dataType() instanceof MapType;
    }

    static Map<String, String> options(String function, Expression e) {
        if (!e.foldable()) {
            throw new IllegalArgumentException(
                    function + ": options must be a constant map('key', 'value', ...), got " + e.sql());
        }
        Object v = e.eval(null);
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof MapData m && e.dataType() instanceof MapType t) {
            // Values may be written as numbers or booleans (map('top_k', 3)); each Param parses its text.
            for (int i = 0; i < m.numElements(); i++) {
                out.put(
                        String.valueOf(m.keyArray().get(i, t.keyType())),
                        String.valueOf(m.valueArray().get(i, t.valueType())));
            }
            return out;
        }
        throw new IllegalArgumentException(function + ": options must be map<string, string>, got "
                + e.dataType().sql());
    }
}

package io.sparkformers.sql;

import io.sparkformers.ml.ModelStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;

/** The constant arguments of the SQL functions: strings, and stage options as {@code map<string,string>}. */
final class StageOptions {
  private StageOptions() {}

  static String string(String function, Expression e, String what) {
    if (!e.foldable() || !(e.dataType() instanceof StringType)) {
      throw new IllegalArgumentException(function + ": the " + what + " argument must be a constant string, got "
          + e.sql());
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
      throw new IllegalArgumentException(function + ": options must be a constant map('key', 'value', ...), got "
          + e.sql());
    }
    Object v = e.eval(null);
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof MapData m && e.dataType() instanceof MapType t) {
      // Values may be written as numbers or booleans (map('top_k', 3)); each Param parses its text.
      for (int i = 0; i < m.numElements(); i++) {
        out.put(String.valueOf(m.keyArray().get(i, t.keyType())), String.valueOf(m.valueArray().get(i, t.valueType())));
      }
      return out;
    }
    throw new IllegalArgumentException(function + ": options must be map<string, string>, got " + e.dataType().sql());
  }

  /** Sets Params from snake_case (or camelCase) names, parsed by each Param's type. */
  static void apply(String function, ModelStage<?> stage, Map<String, String> options) {
    for (Map.Entry<String, String> o : options.entrySet()) {
      String name = camel(o.getKey());
      if (!stage.hasParam(name)) {
        List<String> known = new ArrayList<>();
        Arrays.stream(stage.params()).forEach(p -> known.add(p.name()));
        throw new IllegalArgumentException(function + ": unknown option '" + o.getKey() + "' (Params: " + known + ")");
      }
      Param<?> p = stage.getParam(name);
      String v = o.getValue();
      Object value;
      try {
        if (p instanceof IntParam) {
          value = Integer.parseInt(v.trim());
        } else if (p instanceof LongParam) {
          value = Long.parseLong(v.trim());
        } else if (p instanceof DoubleParam) {
          value = Double.parseDouble(v.trim());
        } else if (p instanceof BooleanParam) {
          value = Boolean.parseBoolean(v.trim());
        } else if (p instanceof StringArrayParam) {
          value = v.isBlank() ? new String[0] : Arrays.stream(v.split(",")).map(String::trim).toArray(String[]::new);
        } else if (p instanceof IntArrayParam) {
          value = v.isBlank() ? new int[0] : Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } else {
          value = v;
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(function + ": option '" + o.getKey() + "' = '" + v + "' is not a valid value", e);
      }
      @SuppressWarnings("unchecked")
      Param<Object> typed = (Param<Object>) p;
      try {
        stage.set(typed, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(function + ": option '" + o.getKey() + "' = '" + v + "': " + e.getMessage(), e);
      }
    }
  }

  static String camel(String key) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}

package io.sparkformers.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Sets a stage's Params from text, as every front end that is not Java receives them: SQL's {@code map('top_k',
 * '3')}, the command's {@code --top-k 3}, a config file. Names may be camelCase, snake_case or kebab-case; each value
 * is parsed by its Param's type (lists comma-separated) and checked by the Param's validator.
 */
public final class StageParams {
    private StageParams() {}

    /**
     * Sets every option on {@code stage}; {@code where} prefixes the messages ("hf_classify_image", "--"), and an
     * unknown name is refused with the list of the stage's Params.
     */
    public static void apply(String where, Params stage, Map<String, String> options) {
        for (Map.Entry<String, String> o : options.entrySet()) {
            set(where, stage, o.getKey(), o.getValue());
        }
    }

    /** Sets one option; see {@link #apply}. */
    public static void set(String where, Params stage, String key, String v) {
        String name = camel(key);
        if (!stage.hasParam(name)) {
            List<String> known = new ArrayList<>();
            Arrays.stream(stage.params()).forEach(p -> known.add(p.name()));
            throw new IllegalArgumentException(where + ": unknown option '" + key + "' for "
                    + stage.getClass().getSimpleName() + " (its Params: " + known + ")");
        }
        Param<?> p = stage.getParam(name);
        Object value;
        try {
            value = parse(p, v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": option '" + key + "' = '" + v + "' is not a valid value", e);
        }
        @SuppressWarnings("unchecked")
        Param<Object> typed = (Param<Object>) p;
        try {
            stage.set(typed, value);
        } catch (IllegalArgumentException e) {
            // Spark's validators say only that the value is invalid; the Param's doc lists the valid ones.
            throw new IllegalArgumentException(
                    where + ": option '" + key + "' = '" + v + "' is not valid: " + p.doc(), e);
        }
    }

    private static Object parse(Param<?> p, String v) {
        if (p instanceof IntParam) {
            return Integer.parseInt(v.trim());
        } else if (p instanceof LongParam) {
            return Long.parseLong(v.trim());
        } else if (p instanceof DoubleParam) {
            return Double.parseDouble(v.trim());
        } else if (p instanceof BooleanParam) {
            String b = v.trim().toLowerCase(Locale.ROOT);
            if (!b.equals("true") && !b.equals("false")) {
                throw new NumberFormatException("not a boolean: " + v);
            }
            return Boolean.parseBoolean(b);
        } else if (p instanceof StringArrayParam) {
            return v.isBlank()
                    ? new String[0]
                    : Arrays.stream(v.split(",")).map(String::trim).toArray(String[]::new);
        } else if (p instanceof IntArrayParam) {
            return v.isBlank()
                    ? new int[0]
                    : Arrays.stream(v.split(","))
                            .map(String::trim)
                            .mapToInt(Integer::parseInt)
                            .toArray();
        }
        return v;
    }

    /** {@code top_k} and {@code top-k} → {@code topK}; camelCase stays. */
    public static String camel(String key) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
            if (c == '_' || c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /** How a front end spells a stage's options in what it tells the user. */
    public enum Spelling {
        /** Java, Scala and Python: {@code handleInvalid=error}. */
        PARAM,
        /** SQL's options map: {@code handle_invalid=error}. */
        SQL,
        /** The command's flags: {@code --handle-invalid error}. */
        COMMAND;

        /** {@code param} set to {@code value}, as this front end writes it. */
        public String setting(String param, String value) {
            return name(param) + (this == COMMAND ? " " : "=") + value;
        }

        /** {@code param}'s name, as this front end writes it. */
        public String name(String param) {
            return switch (this) {
                case PARAM -> param;
                case SQL -> kebab(param).replace('-', '_');
                case COMMAND -> "--" + kebab(param);
            };
        }
    }

    /** {@code topK} → {@code top-k}: the command's flag for a Param. */
    public static String kebab(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

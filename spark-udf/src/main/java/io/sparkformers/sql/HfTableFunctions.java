package io.sparkformers.sql;

import io.sparkformers.ml.ModelStage;
import io.sparkformers.sql.compat.SparkCompat;
import io.sparkformers.task.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * The table functions, one per task, named {@code hf_<pipeline task>}:
 * {@code SELECT * FROM hf_image_classification('s3a://models/convnext', 'images', 'content', map('top_k', '3'))}.
 * Arguments: the export directory, a table or view name, its input column(s) (comma-separated where a task reads
 * two: question/context, text/pair, prompt/choices), and optional stage options. The result is the table with the
 * stage's columns added, computed by the stage itself.
 */
final class HfTableFunctions {
    private HfTableFunctions() {}

    static ExpressionInfo info(Task t) {
        return new ExpressionInfo(
                HfTableFunctions.class.getName(),
                null,
                t.tableFunction(),
                t.tableFunction() + "(model, table, columns[, options]) - " + t.summary()
                        + " for every row of a table; columns: " + String.join(",", t.inputs()),
                "",
                "",
                "",
                "table_funcs",
                "",
                "",
                "java_udf");
    }

    /** The table function's builder, in Java types ({@link SparkCompat#builder} makes it the registry's). */
    static java.util.function.Function<List<Expression>, LogicalPlan> builder(Task t) {
        return args -> plan(t, args);
    }

    static LogicalPlan plan(Task t, List<Expression> args) {
        String fn = t.tableFunction();
        if (args.size() < 3 || args.size() > 4) {
            throw new IllegalArgumentException(
                    fn + " takes (model, table, columns[, options map]), got " + args.size() + " arguments");
        }
        String model = StageOptions.string(fn, args.get(0), "model");
        String table = StageOptions.string(fn, args.get(1), "table");
        String[] columns = Arrays.stream(
                        StageOptions.string(fn, args.get(2), "columns").split(","))
                .map(String::trim)
                .toArray(String[]::new);
        if (columns.length < t.required() || columns.length > t.inputs().size()) {
            throw new IllegalArgumentException(
                    fn + ": expected comma-separated columns (" + t.inputList() + "), got " + Arrays.toString(columns));
        }
        Map<String, String> options = args.size() == 4 ? StageOptions.options(fn, args.get(3)) : Map.of();
        ModelStage<?> stage = t.newStage(model, options, columns, fn);
        Dataset<Row> out = stage.transform(SparkSession.active().table(table));
        return SparkCompat.logicalPlan(out);
    }
}

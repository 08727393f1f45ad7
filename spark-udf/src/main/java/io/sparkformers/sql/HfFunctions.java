package io.sparkformers.sql;

import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.compat.SparkLine;
import io.sparkformers.sql.compat.SparkCompat;
import io.sparkformers.task.Task;
import io.sparkformers.task.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;

/**
 * The SQL functions. Two per task, one naming scheme each:
 * <ul>
 *   <li>scalar, {@code hf_<verb>_<object>(model, input...[, options])}, usable wherever an expression is, e.g.
 *       {@code SELECT path, hf_classify_image('s3a://models/convnext', content).predictedLabel FROM images}; they
 *       return a struct of the stage's output columns ({@code error} added when {@code handle_invalid} is
 *       {@code keep} or {@code skip}; {@code skip} makes the whole struct NULL for a bad row, since a scalar function
 *       cannot drop it);</li>
 *   <li>table, {@code hf_<pipeline task>(model, table, columns[, options])}, returning the table with the stage's
 *       columns added.</li>
 * </ul>
 * Options are {@code map<string,string>} of the stage's Params in snake_case ({@code top_k}, {@code batch_size},
 * {@code device}, {@code handle_invalid}, {@code error_col}, ...). Both kinds run the stage's batched operator on
 * the executors: the scalar calls are planned into it by {@link BatchHfCalls}, which {@link #register} adds to
 * the session's extra optimizations and {@link SparkformersExtensions} injects as an optimizer rule.
 */
public final class HfFunctions {
    private HfFunctions() {}

    /**
     * Installs every function and the planning rule in {@code spark}'s session (without spark.sql.extensions).
     * Idempotent: a function already there (from the extension, or an earlier call) is kept, so nothing is replaced
     * and Spark logs no "replaced a previously registered function" warning.
     */
    public static void register(SparkSession spark) {
        SparkLine.require();
        var state = SparkCompat.sessionState(spark);
        String version = spark.version();
        for (Task t : Tasks.ALL) {
            FunctionIdentifier scalar = SparkCompat.registeredName(t.scalarFunction(), version);
            if (!state.functionRegistry().functionExists(scalar)) {
                state.functionRegistry().registerFunction(scalar, scalarInfo(t), SparkCompat.builder(scalarBuilder(t)));
            }
            FunctionIdentifier table = SparkCompat.registeredName(t.tableFunction(), version);
            if (!state.tableFunctionRegistry().functionExists(table)) {
                state.tableFunctionRegistry()
                        .registerFunction(
                                table, HfTableFunctions.info(t), SparkCompat.builder(HfTableFunctions.builder(t)));
            }
        }
        var experimental = spark.experimental();
        List<Rule<LogicalPlan>> rules = new ArrayList<>(ScalaCollections.list(experimental.extraOptimizations()));
        if (rules.stream().noneMatch(r -> r instanceof BatchHfCalls)) {
            rules.add(new BatchHfCalls(spark));
            experimental.extraOptimizations_$eq(ScalaCollections.seq(rules));
        }
    }

    static ExpressionInfo scalarInfo(Task t) {
        return new ExpressionInfo(
                HfCall.class.getName(),
                null,
                t.scalarFunction(),
                t.scalarFunction() + "(model, " + t.inputList() + "[, options]) - " + t.summary()
                        + ", as a struct of the stage's output columns",
                "",
                "",
                "",
                "misc_funcs",
                "",
                "",
                "java_udf");
    }

    /** The scalar function's builder, in Java types ({@link SparkCompat#builder} makes it the registry's). */
    static java.util.function.Function<List<Expression>, Expression> scalarBuilder(Task t) {
        return args -> HfCall.build(t, args);
    }

    /** Every function name: the scalar ones, then the table ones. */
    public static List<String> names() {
        List<String> out = new ArrayList<>(scalarNames());
        out.addAll(tableNames());
        return out;
    }

    public static List<String> scalarNames() {
        return Tasks.ALL.stream().map(Task::scalarFunction).toList();
    }

    public static List<String> tableNames() {
        return Tasks.ALL.stream().map(Task::tableFunction).toList();
    }

    /** One usage line per function. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (Task t : Tasks.ALL) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-58s %s%n",
                    t.scalarFunction() + "(model, " + t.inputList() + "[, options])",
                    t.summary()));
        }
        for (Task t : Tasks.ALL) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-58s %s%n",
                    t.tableFunction() + "(model, table, columns[, options])",
                    t.summary() + " for each row"));
        }
        return sb.toString();
    }
}

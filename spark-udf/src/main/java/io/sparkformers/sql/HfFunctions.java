package io.sparkformers.sql;

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
import scala.Function1;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

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

    /** Installs every function and the planning rule in {@code spark}'s session (without spark.sql.extensions). */
    public static void register(SparkSession spark) {
        var state = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState();
        for (Task t : Tasks.ALL) {
            state.functionRegistry()
                    .registerFunction(FunctionIdentifier.apply(t.scalarFunction()), scalarInfo(t), scalarBuilder(t));
            state.tableFunctionRegistry()
                    .registerFunction(
                            FunctionIdentifier.apply(t.tableFunction()),
                            HfTableFunctions.info(t),
                            HfTableFunctions.builder(t));
        }
        var experimental = spark.experimental();
        List<Rule<LogicalPlan>> rules = new ArrayList<>(CollectionConverters.asJava(experimental.extraOptimizations()));
        if (rules.stream().noneMatch(r -> r instanceof BatchHfCalls)) {
            rules.add(new BatchHfCalls(spark));
            experimental.extraOptimizations_$eq(
                    CollectionConverters.asScala(rules).toList());
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

    static Function1<Seq<Expression>, Expression> scalarBuilder(Task t) {
        return new AbstractFunction1<>() {
            @Override
            public Expression apply(Seq<Expression> args) {
                return HfCall.build(t, CollectionConverters.asJava(args));
            }
        };
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

package io.sparkformers.sql.compat;

import io.sparkformers.compat.ScalaCollections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.internal.SessionState;
import scala.Function1;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;

/**
 * The Spark APIs the SQL functions use whose form differs between Spark lines, for Spark 4 (4.0 to the newest 4.x):
 * the session state, plans and {@code Dataset.ofRows} of the {@code classic} implementation, Scala 2.13 function
 * types, and function names, which Spark 4.2 and later want fully qualified when registered into a running session.
 * Its Spark 3.5 twin under {@code src/main/spark3.5_2.12} has the same methods.
 */
public final class SparkCompat {
    private SparkCompat() {}

    public static SessionState sessionState(SparkSession spark) {
        return ((org.apache.spark.sql.classic.SparkSession) spark).sessionState();
    }

    public static LogicalPlan logicalPlan(Dataset<Row> dataset) {
        return ((org.apache.spark.sql.classic.Dataset<Row>) dataset).logicalPlan();
    }

    public static Dataset<Row> ofRows(SparkSession spark, LogicalPlan plan) {
        return org.apache.spark.sql.classic.Dataset.ofRows((org.apache.spark.sql.classic.SparkSession) spark, plan);
    }

    /** A relation with {@code output}'s columns and no rows: a placeholder for a plan planned elsewhere. */
    public static LocalRelation emptyRelation(scala.collection.Seq<Attribute> output, boolean streaming) {
        return new LocalRelation(output.toList(), ScalaCollections.seq(List.of()), streaming, Option.empty());
    }

    /** A function builder as Spark's function registries take it: the arguments in, a plan or expression out. */
    public static <R> Function1<Seq<Expression>, R> builder(java.util.function.Function<List<Expression>, R> build) {
        return new AbstractFunction1<>() {
            @Override
            public R apply(Seq<Expression> args) {
                return build.apply(ScalaCollections.list(args));
            }
        };
    }

    /**
     * The identifier under which {@code HfFunctions.register} adds {@code name} to a running session's registry:
     * Spark 4.2 and later refuse an unqualified one there ("Function identifier must be fully qualified"), and
     * resolve an unqualified call through {@code system.builtin}; earlier 4.x want the bare name.
     */
    public static FunctionIdentifier registeredName(String name, String sparkVersion) {
        return qualifiedNames(sparkVersion)
                ? new FunctionIdentifier(name, Option.apply("builtin"), Option.apply("system"))
                : FunctionIdentifier.apply(name);
    }

    /** Whether {@code sparkVersion} (major.minor[...]) is 4.2 or later. */
    static boolean qualifiedNames(String sparkVersion) {
        String[] parts = sparkVersion.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return major > 4 || (major == 4 && minor >= 2);
    }
}

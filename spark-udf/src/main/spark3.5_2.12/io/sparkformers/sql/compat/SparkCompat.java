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
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;

/**
 * The Spark APIs the SQL functions use whose form differs between Spark lines, for Spark 3.5 on Scala 2.12: the
 * twin of the Spark 4 class under {@code src/main/spark4_2.13}, with the same methods. Spark 3.5 has one
 * {@code SparkSession} and {@code Dataset} (no {@code classic} package), a three-field {@code LocalRelation}, and
 * registers functions under their bare names.
 */
public final class SparkCompat {
    private SparkCompat() {}

    public static SessionState sessionState(SparkSession spark) {
        return spark.sessionState();
    }

    public static LogicalPlan logicalPlan(Dataset<Row> dataset) {
        return dataset.logicalPlan();
    }

    public static Dataset<Row> ofRows(SparkSession spark, LogicalPlan plan) {
        return Dataset.ofRows(spark, plan);
    }

    /** A relation with {@code output}'s columns and no rows: a placeholder for a plan planned elsewhere. */
    public static LocalRelation emptyRelation(Seq<Attribute> output, boolean streaming) {
        return new LocalRelation(output, ScalaCollections.seq(List.of()), streaming);
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

    /** The identifier under which {@code HfFunctions.register} adds {@code name}: the bare name on Spark 3.5. */
    public static FunctionIdentifier registeredName(String name, String sparkVersion) {
        return FunctionIdentifier.apply(name);
    }
}

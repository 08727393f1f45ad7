package io.sparkformers.sql;

import io.sparkformers.compat.SparkLine;
import io.sparkformers.sql.compat.SparkCompat;
import io.sparkformers.task.Task;
import io.sparkformers.task.Tasks;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * {@code spark.sql.extensions=io.sparkformers.sql.SparkformersExtensions}: every session gets the
 * {@link HfFunctions} (scalar {@code hf_classify_image}, ..., table {@code hf_image_classification}, ...) and the
 * optimizer rule {@link BatchHfCalls} that plans scalar calls into batches.
 */
public final class SparkformersExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        // On another Spark line the rule would break every query of the session: refuse the session instead.
        SparkLine.require();
        for (Task t : Tasks.ALL) {
            extensions.injectFunction(new Tuple3<>(
                    FunctionIdentifier.apply(t.scalarFunction()),
                    HfFunctions.scalarInfo(t),
                    SparkCompat.builder(HfFunctions.scalarBuilder(t))));
            extensions.injectTableFunction(new Tuple3<>(
                    FunctionIdentifier.apply(t.tableFunction()),
                    HfTableFunctions.info(t),
                    SparkCompat.builder(HfTableFunctions.builder(t))));
        }
        extensions.injectOptimizerRule(new AbstractFunction1<>() {
            @Override
            public BatchHfCalls apply(SparkSession spark) {
                return new BatchHfCalls(spark);
            }
        });
        return BoxedUnit.UNIT;
    }
}

package io.sparkformers.sql;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * {@code spark.sql.extensions=io.sparkformers.sql.SparkformersExtensions}: every session gets the
 * {@link HfTableFunctions} ({@code hf_image_classification}, {@code hf_feature_extraction}, ...).
 */
public final class SparkformersExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (HfTableFunctions.Task t : HfTableFunctions.TASKS) {
      extensions.injectTableFunction(new Tuple3<>(FunctionIdentifier.apply(t.name()), HfTableFunctions.info(t),
          HfTableFunctions.builder(t)));
    }
    return BoxedUnit.UNIT;
  }
}

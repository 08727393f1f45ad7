package io.sparkformers.ml;

import org.apache.spark.ml.param.Param;

/**
 * The {@code inputCol} Param of a stage that reads one column (an image, a clip, a text), as Spark ML's {@code
 * HasInputCol}. Stages that read named columns of their own ({@link QuestionAnswerer}: {@code questionCol}, {@code
 * contextCol}) do not implement it, so they do not show a Param they would not read.
 */
public interface InputColParams<S extends ModelStage<S>> {
    default Param<String> inputCol() {
        return ((ModelStage<?>) this).inputColParam();
    }

    /** Gets {@code inputCol} or its default. */
    default String getInputCol() {
        return ((ModelStage<?>) this).inputColumn();
    }

    @SuppressWarnings("unchecked")
    default S setInputCol(String v) {
        return ((ModelStage<S>) this).setParam(inputCol(), v);
    }
}

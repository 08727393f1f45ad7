package io.sparkformers.ml;

import org.apache.spark.ml.param.Param;

/**
 * The {@code vectorFormat} Param of a stage that writes vector columns (logits, probabilities, embeddings): Spark ML
 * Vectors or {@code array<float>}. Stages without a vector column do not implement it, so they do not show it.
 */
public interface VectorFormatParams<S extends ModelStage<S>> {
    default Param<String> vectorFormat() {
        return ((ModelStage<?>) this).vectorFormatParam();
    }

    /** Gets {@code vectorFormat} or its default. */
    default String getVectorFormat() {
        return ((ModelStage<?>) this).getOrDefault(vectorFormat());
    }

    @SuppressWarnings("unchecked")
    default S setVectorFormat(String v) {
        return ((ModelStage<S>) this).setParam(vectorFormat(), v);
    }
}

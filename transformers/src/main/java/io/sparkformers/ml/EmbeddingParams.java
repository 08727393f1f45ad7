package io.sparkformers.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;

/** The embedding Params and setters, shared by the embedding stages through their {@link EmbeddingColumns}. */
public interface EmbeddingParams<S extends ModelStage<S>> extends VectorFormatParams<S> {
    /** The stage's embedding columns. */
    EmbeddingColumns embeddingColumns();

    default Param<String> outputCol() {
        return embeddingColumns().outputCol;
    }

    default Param<String> pooling() {
        return embeddingColumns().pooling;
    }

    default BooleanParam normalize() {
        return embeddingColumns().normalize;
    }

    default Param<String> hiddenStateCol() {
        return embeddingColumns().hiddenStateCol;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    default S setOutputCol(String v) {
        return self().setParam(outputCol(), v);
    }

    /** Gets {@code outputCol} or its default. */
    default String getOutputCol() {
        return self().getOrDefault(outputCol());
    }

    default S setPooling(String v) {
        return self().setParam(pooling(), v);
    }

    /** Gets {@code pooling} or its default. */
    default String getPooling() {
        return self().getOrDefault(pooling());
    }

    default S setNormalize(boolean v) {
        return self().setParam(normalize(), v);
    }

    /** Gets {@code normalize} or its default. */
    default boolean getNormalize() {
        return (Boolean) self().getOrDefault(normalize());
    }

    default S setHiddenStateCol(String v) {
        return self().setParam(hiddenStateCol(), v);
    }

    /** Gets {@code hiddenStateCol} or its default. */
    default String getHiddenStateCol() {
        return self().getOrDefault(hiddenStateCol());
    }
}

package io.sparkformers.ml;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

/**
 * The classifier columns' Params and setters, shared by every classifier stage (image, text, audio) through its
 * {@link ClassifierColumns}.
 */
public interface ClassifierParams<S extends ModelStage<S>> extends VectorFormatParams<S> {
    /** The stage's classifier columns. */
    ClassifierColumns classifierColumns();

    default Param<String> rawPredictionCol() {
        return classifierColumns().rawPredictionCol;
    }

    default Param<String> probabilityCol() {
        return classifierColumns().probabilityCol;
    }

    default Param<String> predictionCol() {
        return classifierColumns().predictionCol;
    }

    default Param<String> predictedLabelCol() {
        return classifierColumns().predictedLabelCol;
    }

    default Param<String> topKCol() {
        return classifierColumns().topKCol;
    }

    default IntParam topK() {
        return classifierColumns().topK;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    default S setRawPredictionCol(String v) {
        return self().setParam(rawPredictionCol(), v);
    }

    /** Gets {@code rawPredictionCol} or its default. */
    default String getRawPredictionCol() {
        return self().getOrDefault(rawPredictionCol());
    }

    default S setProbabilityCol(String v) {
        return self().setParam(probabilityCol(), v);
    }

    /** Gets {@code probabilityCol} or its default. */
    default String getProbabilityCol() {
        return self().getOrDefault(probabilityCol());
    }

    default S setPredictionCol(String v) {
        return self().setParam(predictionCol(), v);
    }

    /** Gets {@code predictionCol} or its default. */
    default String getPredictionCol() {
        return self().getOrDefault(predictionCol());
    }

    default S setPredictedLabelCol(String v) {
        return self().setParam(predictedLabelCol(), v);
    }

    /** Gets {@code predictedLabelCol} or its default. */
    default String getPredictedLabelCol() {
        return self().getOrDefault(predictedLabelCol());
    }

    default S setTopKCol(String v) {
        return self().setParam(topKCol(), v);
    }

    /** Gets {@code topKCol} or its default. */
    default String getTopKCol() {
        return self().getOrDefault(topKCol());
    }

    default S setTopK(int v) {
        return self().setParam(topK(), v);
    }

    /** Gets {@code topK} or its default. */
    default int getTopK() {
        return (Integer) self().getOrDefault(topK());
    }
}

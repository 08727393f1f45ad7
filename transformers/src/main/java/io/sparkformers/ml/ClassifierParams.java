package io.sparkformers.ml;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

/**
 * The classifier columns' Params and setters, shared by every classifier stage (image, text, audio) through its
 * {@link ClassifierColumns}.
 */
public interface ClassifierParams<S extends ModelStage<S>> {
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

    default S setProbabilityCol(String v) {
        return self().setParam(probabilityCol(), v);
    }

    default S setPredictionCol(String v) {
        return self().setParam(predictionCol(), v);
    }

    default S setPredictedLabelCol(String v) {
        return self().setParam(predictedLabelCol(), v);
    }

    default S setTopKCol(String v) {
        return self().setParam(topKCol(), v);
    }

    default S setTopK(int v) {
        return self().setParam(topK(), v);
    }
}

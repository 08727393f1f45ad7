package io.sparkformers.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/** The Params of a stage's audio input ({@link AudioInput}), declared once for every audio stage. */
public interface AudioParams<S extends MediaStage<S>> {
    private AudioInput audio() {
        return (AudioInput) ((MediaStage<?>) this).media;
    }

    default Param<String> sampleRateCol() {
        return audio().sampleRateCol;
    }

    @SuppressWarnings("unchecked")
    default S setSampleRateCol(String v) {
        return ((S) this).setParam(sampleRateCol(), v);
    }

    /** Gets {@code sampleRateCol} or its default. */
    default String getSampleRateCol() {
        return ((MediaStage<?>) this).getOrDefault(sampleRateCol());
    }

    default DoubleParam maxSeconds() {
        return audio().maxSeconds;
    }

    @SuppressWarnings("unchecked")
    default S setMaxSeconds(double v) {
        return ((S) this).setParam(maxSeconds(), v);
    }

    /** Gets {@code maxSeconds} or its default. */
    default double getMaxSeconds() {
        return (Double) ((MediaStage<?>) this).getOrDefault(maxSeconds());
    }
}

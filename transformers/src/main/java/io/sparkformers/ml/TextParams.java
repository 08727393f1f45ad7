package io.sparkformers.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

/** The Params of a stage's text input ({@link TextInput}), declared once for every text stage. */
public interface TextParams<S extends MediaStage<S>> {
    private TextInput text() {
        return (TextInput) ((MediaStage<?>) this).media;
    }

    default IntParam maxLength() {
        return text().maxLength;
    }

    @SuppressWarnings("unchecked")
    default S setMaxLength(int v) {
        return ((S) this).setParam(maxLength(), v);
    }

    /** Gets {@code maxLength} or its default. */
    default int getMaxLength() {
        return (Integer) ((MediaStage<?>) this).getOrDefault(maxLength());
    }

    default BooleanParam bucketing() {
        return text().bucketing;
    }

    @SuppressWarnings("unchecked")
    default S setBucketing(boolean v) {
        return ((S) this).setParam(bucketing(), v);
    }

    /** Gets {@code bucketing} or its default. */
    default boolean getBucketing() {
        return (Boolean) ((MediaStage<?>) this).getOrDefault(bucketing());
    }

    default Param<String> truncatedCol() {
        return text().truncatedCol;
    }

    @SuppressWarnings("unchecked")
    default S setTruncatedCol(String v) {
        return ((S) this).setParam(truncatedCol(), v);
    }

    /** Gets {@code truncatedCol} or its default. */
    default String getTruncatedCol() {
        return ((MediaStage<?>) this).getOrDefault(truncatedCol());
    }
}

package io.sparkformers.ml;

import org.apache.spark.ml.param.LongParam;

/** The Params of a stage's image input ({@link ImageInput}), declared once for every vision stage. */
public interface ImageParams<S extends MediaStage<S>> {
    private ImageInput image() {
        return (ImageInput) ((MediaStage<?>) this).media;
    }

    default LongParam maxPixels() {
        return image().maxPixels;
    }

    @SuppressWarnings("unchecked")
    default S setMaxPixels(long v) {
        return ((S) this).setParam(maxPixels(), v);
    }

    /** Gets {@code maxPixels} or its default. */
    default long getMaxPixels() {
        return (Long) ((MediaStage<?>) this).getOrDefault(maxPixels());
    }
}

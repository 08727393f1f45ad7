package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.ImageProcessor;
import io.sparkformers.runtime.OnnxModel;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.sql.types.DataType;

/**
 * What every vision stage shares: the accepted image columns, the decompression-bomb bound, and the driver-side
 * check that the graph takes {@code pixel_values} of the size the export's processor produces.
 */
public abstract class ImageStage<S extends ImageStage<S>> extends ModelStage<S> implements InputColParams<S> {
    private static final long serialVersionUID = 1L;

    protected final ImageInput image = new ImageInput(this);

    protected ImageStage(String uid) {
        super(uid);
        setDefault(inputCol(), "image");
    }

    public LongParam maxPixels() {
        return image.maxPixels;
    }

    public S setMaxPixels(long v) {
        return setParam(image.maxPixels, v);
    }

    /** Gets {@code maxPixels} or its default. */
    public long getMaxPixels() {
        return (Long) $(image.maxPixels);
    }

    @Override
    protected void checkInputType(String column, DataType type) {
        image.checkInputType(column, type);
    }

    /** Checks that the graph takes {@code pixel_values} of the size the export's processor produces. */
    protected ImageProcessor checkImageModel(ModelDirectory model, OnnxModel session) {
        return image.check(model, session);
    }
}

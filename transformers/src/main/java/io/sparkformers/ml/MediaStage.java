package io.sparkformers.ml;

import java.util.function.Function;
import org.apache.spark.sql.types.DataType;

/**
 * A stage made of one input part ({@link MediaInput}: images, audio or text) and a head: the part checks the input
 * columns, says how many rows are gathered before batching, and builds the task's input; the stage adds its head's
 * Params and checks. A stage that reads one column implements {@link InputColParams} (its default is the modality's
 * name); its modality's Params are shown by {@link ImageParams}, {@link AudioParams} or {@link TextParams}.
 */
public abstract class MediaStage<S extends MediaStage<S>> extends ModelStage<S> {
    private static final long serialVersionUID = 1L;

    final MediaInput media;

    /** {@code part} creates the input part, with its Params, on this stage. */
    protected MediaStage(String uid, Function<ModelStage<?>, MediaInput> part) {
        super(uid);
        this.media = part.apply(this);
        if (inputColParam() != null) {
            setDefault(inputColParam(), media.modality());
        }
    }

    ImageInput image() {
        return (ImageInput) media;
    }

    AudioInput audio() {
        return (AudioInput) media;
    }

    TextInput text() {
        return (TextInput) media;
    }

    @Override
    protected void checkInputType(String column, DataType type) {
        media.checkInputType(column, type);
    }

    @Override
    protected int window() {
        return media.window(getBatchSize());
    }
}

package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.OnnxModel;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataType;

/**
 * What every audio stage shares: its {@link AudioInput} (accepted columns, {@code maxSeconds}, the export's front end
 * and the graph check) and the window clips are sorted in.
 */
public abstract class AudioStage<S extends AudioStage<S>> extends ModelStage<S> implements InputColParams<S> {
    private static final long serialVersionUID = 1L;

    protected final AudioInput audio = new AudioInput(this);

    protected AudioStage(String uid) {
        super(uid);
        setDefault(inputCol(), "audio");
    }

    public Param<String> sampleRateCol() {
        return audio.sampleRateCol;
    }

    public DoubleParam maxSeconds() {
        return audio.maxSeconds;
    }

    public S setSampleRateCol(String v) {
        return setParam(audio.sampleRateCol, v);
    }

    /** Gets {@code sampleRateCol} or its default. */
    public String getSampleRateCol() {
        return $(audio.sampleRateCol);
    }

    public S setMaxSeconds(double v) {
        return setParam(audio.maxSeconds, v);
    }

    /** Gets {@code maxSeconds} or its default. */
    public double getMaxSeconds() {
        return (Double) $(audio.maxSeconds);
    }

    @Override
    protected int window() {
        return audio.window(getBatchSize());
    }

    @Override
    protected void checkInputType(String column, DataType type) {
        audio.checkInputType(column, type);
    }

    /** See {@link AudioInput#checkWaveform}. */
    protected void checkWaveformModel(ModelDirectory model, OnnxModel session) {
        audio.checkWaveform(model, session);
    }
}

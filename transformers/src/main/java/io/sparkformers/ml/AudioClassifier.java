package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Audio classification (keyword spotting, language id, emotions, ...) with any audio-classification export whose
 * front end is known (wav2vec2-style waveforms, Whisper log-mel): an audio input in front of the {@link
 * ClassifierHead} (softmax, as the pipeline scores), with the classifier columns of {@link ImageClassifier}.
 */
public class AudioClassifier extends AudioStage<AudioClassifier> implements ClassifierParams<AudioClassifier> {
    private static final long serialVersionUID = 1L;

    private final ClassifierColumns columns = new ClassifierColumns(this);

    public AudioClassifier() {
        this(Identifiable.randomUID("audioClassifier"));
    }

    public AudioClassifier(String uid) {
        super(uid);
        setClassifierDefaults(columns);
    }

    public static MLReader<AudioClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static AudioClassifier load(String path) {
        return read().load(path);
    }

    @Override
    public ClassifierColumns classifierColumns() {
        return columns;
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        audio.check(model, session);
        ClassifierHead.check(this, model, session, "an audio-classification");
    }

    @Override
    protected List<StructField> outputFields() {
        return columns.fields(this);
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return audio.task(inputSchema, conf, ClassifierHead.factory(columns.spec(this), "softmax"));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public AudioClassifier copy(ParamMap extra) {
        return (AudioClassifier) super.copy(extra);
    }
}

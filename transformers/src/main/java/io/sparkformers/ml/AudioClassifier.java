package io.sparkformers.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Audio classification (keyword spotting, language id, emotions, ...) with any audio-classification export whose
 * front end is known (wav2vec2-style waveforms, Whisper log-mel): an audio input in front of the {@link
 * ClassifierHead} (softmax, as the pipeline scores), with the classifier columns of {@link ClassifierStage}.
 */
public class AudioClassifier extends ClassifierStage<AudioClassifier> implements AudioParams<AudioClassifier> {
    private static final long serialVersionUID = 1L;

    public AudioClassifier() {
        this(Identifiable.randomUID("audioClassifier"));
    }

    public AudioClassifier(String uid) {
        super(uid, AudioInput::new);
    }

    public static MLReader<AudioClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static AudioClassifier load(String path) {
        return read().load(path);
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public AudioClassifier copy(ParamMap extra) {
        return (AudioClassifier) super.copy(extra);
    }
}

package io.sparkformers.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Audio classification (keyword spotting, language id, emotions, ...) with any audio-classification export whose
 * front end is known (wav2vec2-style waveforms, Whisper log-mel): {@link MediaClassifier} with an {@code audio} input
 * column by default.
 */
public class AudioClassifier extends MediaClassifier<AudioClassifier> {
    private static final long serialVersionUID = 1L;

    public AudioClassifier() {
        this(Identifiable.randomUID("audioClassifier"));
    }

    public AudioClassifier(String uid) {
        super(uid);
        setDefault(inputCol(), "audio");
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

package io.sparkformers.audio;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * {@code Wav2Vec2FeatureExtractor} from {@code preprocessor_config.json}: mono audio at {@code sampling_rate}
 * (resampled as the HF pipelines do), then per utterance {@code (x - mean) / sqrt(var + 1e-7)} over its real
 * samples (population variance) when {@code do_normalize}. Padding (0.0 after normalising) is the batcher's job.
 */
public final class Wav2Vec2Features implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int samplingRate;
    private final boolean normalize;

    public Wav2Vec2Features(JsonNode cfg, String where) {
        if (cfg == null || cfg.isMissingNode()) {
            throw new ModelException(where + " is missing; an audio model needs preprocessor_config.json");
        }
        if (cfg.path("feature_size").asInt(1) != 1) {
            throw new ModelException(
                    where + ": feature_size " + cfg.path("feature_size") + " is not a raw-waveform extractor");
        }
        this.samplingRate = cfg.path("sampling_rate").asInt(16000);
        this.normalize = cfg.path("do_normalize").asBoolean(true);
    }

    public int samplingRate() {
        return samplingRate;
    }

    /** The model's input values for one clip. */
    public float[] inputValues(Audio audio) {
        float[] x = SincResampler.resample(audio.samples(), audio.sampleRate(), samplingRate);
        return normalize ? normalized(x, 0, x.length) : x;
    }

    /** The model's input values for samples {@code [from, to)} of a clip already at {@link #samplingRate()}. */
    public float[] inputValues(float[] resampled, int from, int to) {
        return normalize ? normalized(resampled, from, to) : Arrays.copyOfRange(resampled, from, to);
    }

    /** {@code (x - mean) / sqrt(var + 1e-7)} over {@code x[from, to)}, in float32 as numpy computes it. */
    private static float[] normalized(float[] x, int from, int to) {
        int n = to - from;
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += x[i];
        }
        mean /= n;
        double var = 0;
        for (int i = from; i < to; i++) {
            var += (x[i] - mean) * (x[i] - mean);
        }
        var /= n;
        float m = (float) mean;
        float d = (float) Math.sqrt((float) var + 1e-7);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (x[from + i] - m) / d;
        }
        return out;
    }
}

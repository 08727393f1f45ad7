package io.sparkformers.preprocess;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelException;
import io.sparkformers.runtime.TensorStaging;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Wav2Vec2FeatureExtractor} from {@code preprocessor_config.json}: mono audio at {@code sampling_rate}
 * (resampled as the HF pipelines do), then per utterance {@code (x - mean) / sqrt(var + 1e-7)} over its real
 * samples (population variance) when {@code do_normalize}. Padding (0.0 after normalising) is the batcher's job.
 */
public final class Wav2Vec2Features implements AudioFeatures {
    private static final long serialVersionUID = 1L;
    public static final String INPUT_VALUES = "input_values";
    public static final String ATTENTION_MASK = "attention_mask";
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

    @Override
    public int samplingRate() {
        return samplingRate;
    }

    @Override
    public String inputName() {
        return INPUT_VALUES;
    }

    @Override
    public boolean fixedSize() {
        return false;
    }

    /** The model's input values for samples {@code [from, to)} of a clip already at {@link #samplingRate()}. */
    @Override
    public float[] features(float[] resampled, int from, int to) {
        return normalize ? normalized(resampled, from, to) : Arrays.copyOfRange(resampled, from, to);
    }

    /**
     * {@code input_values} [rows, longest] right-padded with 0.0 and, when the graph takes one, an {@code
     * attention_mask} of 1 over each clip's own samples.
     */
    @Override
    public Map<String, OnnxTensor> collate(List<float[]> clips, int rows, TensorStaging staging, boolean takesMask)
            throws OrtException {
        int len = 1;
        for (float[] v : clips) {
            len = Math.max(len, v.length);
        }
        FloatBuffer values = staging.floats(INPUT_VALUES, (long) rows * len);
        LongBuffer mask = takesMask ? staging.longs(ATTENTION_MASK, (long) rows * len, 0) : null;
        for (int i = 0; i < clips.size(); i++) {
            float[] v = clips.get(i);
            values.put(i * len, v);
            if (mask != null) {
                for (int k = 0; k < v.length; k++) {
                    mask.put(i * len + k, 1L);
                }
            }
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        feed.put(INPUT_VALUES, TensorStaging.tensor(values, new long[] {rows, len}));
        if (mask != null) {
            feed.put(ATTENTION_MASK, TensorStaging.tensor(mask, new long[] {rows, len}));
        }
        return feed;
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

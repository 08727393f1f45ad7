package io.sparkformers.preprocess;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.Audio;
import io.sparkformers.model.ModelException;
import io.sparkformers.runtime.TensorStaging;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * An audio model's front end, rebuilt from {@code preprocessor_config.json}: what a clip at the extractor's rate
 * becomes (raw normalised samples, or log-mel frames) and how a batch of those fills the graph's inputs. Chosen by
 * {@code feature_extractor_type}; a type not listed in {@link #fromConfig} is refused, never guessed.
 */
public interface AudioFeatures extends Serializable {
    /** The rate clips are resampled to. */
    int samplingRate();

    /** The graph input the features fill ({@code input_values}, {@code input_features}). */
    String inputName();

    /** The features of samples {@code [from, to)} of a clip already at {@link #samplingRate()}. */
    float[] features(float[] resampled, int from, int to);

    /** The features of a whole clip: resampled as the pipelines do, then {@link #features(float[], int, int)}. */
    default float[] features(Audio audio) {
        float[] x = SincResampler.resample(audio.samples(), audio.sampleRate(), samplingRate());
        return features(x, 0, x.length);
    }

    /** Samples of a clip the features read: beyond this, transformers cuts the clip (0: no limit). */
    default int maxSamples() {
        return 0;
    }

    /** Whether every clip's features have one size, so that clips of any length share a batch without a mask. */
    boolean fixedSize();

    /** The batch's input tensors ({@code mask}: the graph takes an {@code attention_mask}). */
    Map<String, OnnxTensor> collate(List<float[]> items, int rows, TensorStaging staging, boolean mask)
            throws OrtException;

    /** The front end for a {@code preprocessor_config.json} that names its {@code feature_extractor_type}. */
    static AudioFeatures fromConfig(JsonNode cfg, String where) {
        return fromConfig(cfg, null, where);
    }

    /**
     * The front end for {@code preprocessor_config.json}, of the class transformers builds for it ({@link
     * ProcessorTypes#featureExtractor}: the type it names, else {@code modelConfig}'s).
     */
    static AudioFeatures fromConfig(JsonNode cfg, JsonNode modelConfig, String where) {
        if (cfg == null || cfg.isMissingNode() || !cfg.isObject()) {
            throw new ModelException(where + " is missing; an audio model needs preprocessor_config.json");
        }
        String type = ProcessorTypes.featureExtractor(cfg, modelConfig);
        return switch (type) {
            case "Wav2Vec2FeatureExtractor" -> new Wav2Vec2Features(cfg, where);
            case "WhisperFeatureExtractor" -> new WhisperFeatures(cfg, where);
            default ->
                throw new ModelException(where + ": feature_extractor_type '" + type
                        + "' is not supported; known: [Wav2Vec2FeatureExtractor, WhisperFeatureExtractor]");
        };
    }
}

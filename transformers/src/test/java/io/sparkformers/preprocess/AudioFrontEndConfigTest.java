package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelException;
import io.sparkformers.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The audio front ends' configurations: what each reads from {@code preprocessor_config.json}, with transformers'
 * defaults where a key is missing (Whisper: 80 mels, hop 160, n_fft 400, 30 s at 16 kHz), and the values refused with
 * their reason — at the edges of what is accepted.
 */
class AudioFrontEndConfigTest {
    static JsonNode json(String s) throws Exception {
        return Fixtures.JSON.readTree(s);
    }

    static String refused(String config) {
        return assertThrows(ModelException.class, () -> AudioFeatures.fromConfig(json(config), "cfg"))
                .getMessage();
    }

    @Test
    void whisperDefaultsAndLimits() throws Exception {
        AudioFeatures d =
                AudioFeatures.fromConfig(json("{\"feature_extractor_type\": \"WhisperFeatureExtractor\"}"), "cfg");
        assertEquals(16000, d.samplingRate());
        assertEquals(30 * 16000, d.maxSamples(), "a clip is cut at chunk_length seconds");
        assertEquals("input_features", d.inputName());
        assertTrue(d.fixedSize());
        assertEquals(80 * 3000, d.features(new float[16000], 0, 16000).length, "80 mels × 3000 frames of hop 160");
        AudioFeatures small = AudioFeatures.fromConfig(
                json(
                        "{\"feature_extractor_type\": \"WhisperFeatureExtractor\", \"sampling_rate\": 8000, \"feature_size\": 1,"
                                + " \"hop_length\": 1, \"n_fft\": 2, \"chunk_length\": 1}"),
                "cfg");
        assertEquals(8000, small.maxSamples());
        assertEquals(8000, small.features(new float[100], 0, 100).length, "1 mel × 8000 frames");
        String why = "feature_size, hop_length, n_fft and chunk_length must be positive";
        for (String bad : new String[] {
            "\"feature_size\": 0",
            "\"hop_length\": 0",
            "\"n_fft\": 1",
            "\"chunk_length\": 0",
            "\"sampling_rate\": 100, \"n_fft\": 101, \"chunk_length\": 1"
        }) {
            String m = refused("{\"feature_extractor_type\": \"WhisperFeatureExtractor\", " + bad + "}");
            assertTrue(m.startsWith("cfg: " + why), bad + ": " + m);
        }
        // n_fft exactly chunk_length × sampling_rate is enough.
        assertEquals(
                100,
                AudioFeatures.fromConfig(
                                json(
                                        "{\"feature_extractor_type\": \"WhisperFeatureExtractor\", \"sampling_rate\": 100,"
                                                + " \"n_fft\": 100, \"chunk_length\": 1, \"hop_length\": 10, \"feature_size\": 2}"),
                                "cfg")
                        .maxSamples());
    }

    @Test
    void wav2vec2DefaultsAndLimits() throws Exception {
        AudioFeatures d =
                AudioFeatures.fromConfig(json("{\"feature_extractor_type\": \"Wav2Vec2FeatureExtractor\"}"), "cfg");
        assertEquals(16000, d.samplingRate());
        assertEquals("input_values", d.inputName());
        assertFalse(d.fixedSize());
        assertEquals(0, d.maxSamples(), "no limit of its own");
        float[] x = {1, 3};
        float[] normalised = d.features(x, 0, 2);
        assertTrue(normalised[0] < 0 && normalised[1] > 0, "normalised by default");
        AudioFeatures raw = AudioFeatures.fromConfig(
                json(
                        "{\"feature_extractor_type\": \"Wav2Vec2FeatureExtractor\", \"do_normalize\": false, \"feature_size\": 1,"
                                + " \"sampling_rate\": 8000}"),
                "cfg");
        assertEquals(8000, raw.samplingRate());
        assertEquals(3f, raw.features(x, 0, 2)[1]);
        assertEquals(
                "cfg: feature_size 2 is not a raw-waveform extractor",
                refused("{\"feature_extractor_type\": \"Wav2Vec2FeatureExtractor\", \"feature_size\": 2}"));
        assertEquals(
                "cfg is missing; an audio model needs preprocessor_config.json",
                assertThrows(ModelException.class, () -> new Wav2Vec2Features(null, "cfg"))
                        .getMessage());
        assertEquals(
                "cfg is missing; an audio model needs preprocessor_config.json",
                assertThrows(ModelException.class, () -> AudioFeatures.fromConfig(json("[]"), "cfg"))
                        .getMessage());
    }
}

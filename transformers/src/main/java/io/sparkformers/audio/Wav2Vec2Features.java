package io.sparkformers.audio;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelException;
import java.io.Serializable;

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
      throw new ModelException(where + ": feature_size " + cfg.path("feature_size") + " is not a raw-waveform extractor");
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
    if (!normalize) {
      return x;
    }
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (float v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= x.length;
    float m = (float) mean;
    float d = (float) Math.sqrt((float) var + 1e-7);
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (x[i] - m) / d;
    }
    return out;
  }
}

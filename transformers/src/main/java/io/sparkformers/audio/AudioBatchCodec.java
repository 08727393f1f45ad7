package io.sparkformers.audio;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.sparkformers.runtime.BatchCodec;
import io.sparkformers.runtime.TensorStaging;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * The shared front half of every audio task: decode, resample and normalise a clip on the preprocessing pool,
 * then right-pad the batch with 0.0 and an {@code attention_mask} of 0. A graph without an {@code attention_mask}
 * input would see the padding as signal, so its clips are only batched with clips of the same length.
 */
public abstract class AudioBatchCodec<O> implements BatchCodec<Row, PreparedAudio, O> {
  public static final String INPUT_VALUES = "input_values";
  public static final String ATTENTION_MASK = "attention_mask";

  private final AudioSource source;
  private final Wav2Vec2Features features;
  private final AudioActivations activations;
  private final boolean takesMask;
  private final Set<String> outputs;

  /** {@code outputs}: the graph outputs the task decodes. */
  protected AudioBatchCodec(AudioSource source, Wav2Vec2Features features, AudioActivations activations,
      boolean takesMask, Set<String> outputs) {
    this.source = source;
    this.features = features;
    this.activations = activations;
    this.takesMask = takesMask;
    this.outputs = outputs;
  }

  @Override
  public Set<String> outputs() {
    return outputs;
  }

  @Override
  public PreparedAudio prepare(Row row) throws Exception {
    Audio audio = source.read(row);
    return new PreparedAudio(features.inputValues(audio), audio.seconds());
  }

  @Override
  public Object groupKey(PreparedAudio item) {
    return takesMask ? null : item.length();
  }

  @Override
  public int sortKey(PreparedAudio item) {
    return item.length();
  }

  @Override
  public long activationBytes(PreparedAudio item) {
    return activations.bytes(item.length());
  }

  @Override
  public String describeSize(PreparedAudio item) {
    return activations.describe(item.length(), features.samplingRate());
  }

  @Override
  public String remedy(PreparedAudio item) {
    return "this head reads a clip whole (its answer depends on every frame), so raise maxInferenceMemory or cut the "
        + "clip";
  }

  @Override
  public long inputBytes(Row row) {
    return source.preparedBytes(row);
  }

  @Override
  public Map<String, OnnxTensor> collate(List<PreparedAudio> items, int rows, TensorStaging staging) throws OrtException {
    List<float[]> values = new java.util.ArrayList<>(items.size());
    items.forEach(a -> values.add(a.inputValues()));
    return collate(values, rows, takesMask, staging);
  }

  /**
   * {@code input_values} [rows, longest] right-padded with 0.0 and, when the graph takes one, an {@code attention_mask}
   * of 1 over each clip's own samples.
   */
  static Map<String, OnnxTensor> collate(List<float[]> clips, int rows, boolean takesMask, TensorStaging staging)
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

  /** Frames the conv feature encoder makes of {@code samples} samples: L = ⌊(L − k) / s⌋ + 1 per layer. */
  public static int frames(int samples, int[] kernels, int[] strides) {
    int l = samples;
    for (int i = 0; i < kernels.length; i++) {
      l = Math.max(0, (l - kernels[i]) / strides[i] + 1);
    }
    return l;
  }
}

package io.sparkformers.audio;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.runtime.BatchCodec;
import io.sparkformers.runtime.Outputs;
import io.sparkformers.runtime.TensorStaging;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Long-audio CTC as transformers' ASR pipeline does it ({@code chunk_length_s}, {@code stride_length_s}): chunks
 * aligned to the encoder's hop, each normalised on its own, run as batch rows; each chunk's frames lose their
 * left/right stride (rescaled with Python's round-half-even) and the rest are concatenated before CTC decoding.
 * Memory per clip is its samples; the model only ever sees chunks.
 */
public final class ChunkedCtcCodec implements BatchCodec<Row, List<ChunkedCtcCodec.Chunk>, Object[]> {
  /** One chunk's input values and its (samples, left stride, right stride) in samples. */
  public record Chunk(PreparedAudio audio, int samples, int left, int right) {}

  private final AudioSource source;
  private final Wav2Vec2Features features;
  private final boolean takesMask;
  private final CtcDecoder ctc;
  private final String logits;
  private final int[][] conv;
  private final int ratio;
  private final int chunkLen;
  private final int strideLen;
  private final boolean skip;

  public ChunkedCtcCodec(AudioSource source, Wav2Vec2Features features, boolean takesMask, CtcDecoder ctc, String logits,
      int[][] conv, double chunkSeconds, double strideSeconds, boolean skip) {
    this.source = source;
    this.features = features;
    this.takesMask = takesMask;
    this.ctc = ctc;
    this.logits = logits;
    this.conv = conv;
    int r = 1;
    for (int s : conv[1]) {
      r *= s;
    }
    this.ratio = r;
    int rate = features.samplingRate();
    this.chunkLen = (int) Math.rint(chunkSeconds * rate / ratio) * ratio;
    this.strideLen = (int) Math.rint(strideSeconds * rate / ratio) * ratio;
    this.skip = skip;
  }

  @Override
  public List<Chunk> prepare(Row row) throws Exception {
    Audio audio = source.read(row);
    float[] x = SincResampler.resample(audio.samples(), audio.sampleRate(), features.samplingRate());
    int rate = features.samplingRate();
    int step = chunkLen - 2 * strideLen;
    List<Chunk> chunks = new ArrayList<>();
    for (int start = 0; start < x.length; start += step) {
      int end = Math.min(x.length, start + chunkLen);
      float[] piece = java.util.Arrays.copyOfRange(x, start, end);
      int left = start == 0 ? 0 : strideLen;
      boolean last = strideLen > 0 ? start + chunkLen > x.length : start + chunkLen >= x.length;
      int right = last ? 0 : strideLen;
      if (piece.length > left) {
        float[] values = features.inputValues(new Audio(piece, rate));
        chunks.add(new Chunk(new PreparedAudio(values, (double) piece.length / rate), piece.length, left, right));
      }
      if (last) {
        break;
      }
    }
    return chunks;
  }

  @Override
  public int sortKey(List<Chunk> item) {
    return item.size();
  }

  @Override
  public Map<String, OnnxTensor> collate(List<List<Chunk>> items, int rows, TensorStaging staging) throws OrtException {
    List<PreparedAudio> flat = new ArrayList<>();
    items.forEach(chunks -> chunks.forEach(c -> flat.add(c.audio())));
    return new AudioBatchCodec<Object>(source, features, takesMask, Set.of()) {
      @Override
      public List<Object> decode(OrtSession.Result result, List<PreparedAudio> items) {
        return List.of();
      }
    }.collate(flat, flat.size(), staging);
  }

  @Override
  public Set<String> outputs() {
    return Set.of(logits);
  }

  /** transformers' {@code rescale_stride}: samples to logit frames, rounding half to even like Python. */
  static int[] rescale(int samples, int left, int right, int ratio) {
    int tokens = (int) Math.rint(samples / (double) ratio);
    return new int[] {tokens, (int) Math.rint((double) left / samples * tokens), (int) Math.rint((double) right / samples * tokens)};
  }

  @Override
  public List<Object[]> decode(OrtSession.Result result, List<List<Chunk>> items) throws OrtException {
    Outputs.Batch batch = Outputs.floats(result, logits);
    int frames = (int) batch.shape()[1];
    int vocab = (int) batch.shape()[2];
    List<Object[]> out = new ArrayList<>(items.size());
    int r = 0;
    for (List<Chunk> chunks : items) {
      List<int[]> pieces = new ArrayList<>();
      int total = 0;
      for (Chunk c : chunks) {
        int[] s = rescale(c.samples(), c.left(), c.right(), ratio);
        int own = Math.min(frames, AudioBatchCodec.frames(c.audio().length(), conv[0], conv[1]));
        int to = Math.min(own, s[0] - s[2]);
        int[] ids = CtcDecoder.argmax(batch.data(), r * frames, Math.min(s[1], to), to, vocab);
        pieces.add(ids);
        total += ids.length;
        r++;
      }
      int[] all = new int[total];
      int p = 0;
      for (int[] ids : pieces) {
        System.arraycopy(ids, 0, all, p, ids.length);
        p += ids.length;
      }
      out.add(new Object[] {ctc.decode(all, skip)});
    }
    return out;
  }
}

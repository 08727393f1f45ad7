package io.sparkformers.batch;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.sparkformers.codec.Audio;
import io.sparkformers.preprocess.AudioFeatures;
import io.sparkformers.preprocess.SincResampler;
import io.sparkformers.runtime.TensorStaging;
import io.sparkformers.source.AudioSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Long audio in chunks, as transformers' ASR pipeline cuts it ({@code chunk_length_s}, {@code stride_length_s}): chunks
 * aligned to the encoder's hop, each normalised on its own, run as batch rows (the engine spreads a clip's chunks over
 * as many ONNX Runtime calls as the batch size and memory budget need); each chunk carries the left/right strides its
 * frames lose, which the head drops ({@link #rescale}) before it joins the chunks. A clip that fits in one chunk runs
 * whole — exactly the pipeline without chunking. Memory per clip is its samples at the model's rate (4 bytes each); the
 * model only ever sees a chunk.
 */
public final class ChunkedAudioInput extends ClipInput<ChunkedAudioInput.Piece> {
    /**
     * Samples {@code [from, to)} of a clip at the model's rate, with the strides (in samples) its frames lose; a whole
     * clip when {@code chunk} is false.
     */
    public record Piece(float[] samples, int from, int to, int left, int right, boolean chunk)
            implements ClipInput.Clip {
        @Override
        public int length() {
            return to - from;
        }
    }

    private final int chunkLen;
    private final int strideLen;

    /** {@code chunkSeconds} 0: every clip runs whole. */
    public ChunkedAudioInput(
            AudioSource source,
            AudioFeatures features,
            AudioActivations activations,
            boolean takesMask,
            double chunkSeconds,
            double strideSeconds) {
        super(source, features, activations, takesMask);
        int ratio = activations.hop();
        int rate = features.samplingRate();
        this.chunkLen = (int) Math.rint(chunkSeconds * rate / ratio) * ratio;
        this.strideLen = (int) Math.rint(strideSeconds * rate / ratio) * ratio;
    }

    @Override
    public Piece prepare(Row row) throws Exception {
        Audio audio = source.read(row);
        float[] x = SincResampler.resample(audio.samples(), audio.sampleRate(), features.samplingRate());
        return new Piece(x, 0, x.length, 0, 0, false);
    }

    /** The pipeline's {@code chunk_iter}; null when the clip is a single chunk (it then runs whole). */
    @Override
    public List<Piece> split(Piece clip) {
        if (chunkLen <= 0) {
            return null;
        }
        float[] x = clip.samples();
        int step = chunkLen - 2 * strideLen;
        List<Piece> chunks = new ArrayList<>();
        for (int start = 0; start < x.length; start += step) {
            int end = Math.min(x.length, start + chunkLen);
            int left = start == 0 ? 0 : strideLen;
            // chunk_iter's is_last is "end > length" with a right stride and "end >= length" without; without one
            // both give the same chunks (the loop ends at the length either way), so one test serves. Its
            // "chunk longer than its left stride" always holds with equal strides: a chunk after one that was not
            // the last has at least two strides of samples.
            boolean last = start + chunkLen > x.length;
            int right = last ? 0 : strideLen;
            chunks.add(new Piece(x, start, end, left, right, true));
            if (last) {
                break;
            }
        }
        return chunks.size() == 1 && chunks.get(0).length() == x.length ? null : chunks;
    }

    @Override
    public String describeSize(Piece item) {
        String size = super.describeSize(item);
        return item.chunk() ? "a chunk of " + size.substring("a clip of ".length()) : size;
    }

    @Override
    public String remedy(Piece item) {
        return item.chunk() || chunkLen > 0
                ? "lower chunkLengthS or raise maxInferenceMemory"
                : "set chunkLengthS to transcribe it in chunks, or raise maxInferenceMemory";
    }

    @Override
    public Map<String, OnnxTensor> collate(List<Piece> items, int rows, TensorStaging staging) throws OrtException {
        List<float[]> values = new ArrayList<>(items.size());
        for (Piece p : items) {
            values.add(features.features(p.samples(), p.from(), p.to()));
        }
        return features.collate(values, rows, staging, takesMask);
    }

    /** transformers' {@code rescale_stride}: samples to logit frames, rounding half to even like Python. */
    public static int[] rescale(int samples, int left, int right, int ratio) {
        int tokens = (int) Math.rint(samples / (double) ratio);
        return new int[] {
            tokens,
            (int) Math.rint((double) left / samples * tokens),
            (int) Math.rint((double) right / samples * tokens)
        };
    }
}

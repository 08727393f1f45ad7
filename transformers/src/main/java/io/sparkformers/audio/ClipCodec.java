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
import org.apache.spark.sql.Row;

/**
 * What every audio codec shares once a row is a clip (or a chunk of one) of some length at the model's rate: how
 * clips are grouped and sorted into batches, what their activations are estimated at, how much reading them ahead
 * costs, and how a batch of them becomes {@code input_values} and {@code attention_mask}.
 *
 * @param <P> one prepared clip or chunk
 */
public abstract class ClipCodec<P extends ClipCodec.Clip, O> implements BatchCodec<Row, P, O> {
    public static final String INPUT_VALUES = "input_values";
    public static final String ATTENTION_MASK = "attention_mask";

    /** A prepared clip or chunk: its length in samples at the model's rate. */
    public interface Clip {
        int length();
    }

    protected final AudioSource source;
    protected final Wav2Vec2Features features;
    protected final AudioActivations activations;
    protected final boolean takesMask;

    protected ClipCodec(
            AudioSource source, Wav2Vec2Features features, AudioActivations activations, boolean takesMask) {
        this.source = source;
        this.features = features;
        this.activations = activations;
        this.takesMask = takesMask;
    }

    /** A graph without an {@code attention_mask} would read padding as signal: only equal lengths share a batch. */
    @Override
    public Object groupKey(P item) {
        return takesMask ? null : item.length();
    }

    @Override
    public int sortKey(P item) {
        return item.length();
    }

    @Override
    public long activationBytes(P item) {
        return activations.bytes(item.length());
    }

    @Override
    public String describeSize(P item) {
        return activations.describe(item.length(), features.samplingRate());
    }

    @Override
    public long inputBytes(Row row) {
        return source.preparedBytes(row);
    }

    /**
     * {@code input_values} [rows, longest] right-padded with 0.0 and, when the graph takes one, an {@code attention_mask}
     * of 1 over each clip's own samples.
     */
    protected Map<String, OnnxTensor> collateValues(List<float[]> clips, int rows, TensorStaging staging)
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
}

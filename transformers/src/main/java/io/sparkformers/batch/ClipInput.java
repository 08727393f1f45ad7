package io.sparkformers.batch;

import io.sparkformers.preprocess.AudioFeatures;
import io.sparkformers.source.AudioSource;
import org.apache.spark.sql.Row;

/**
 * What every audio input shares once a row is a clip (or a chunk of one) of some length at the model's rate: how
 * clips are grouped and sorted into batches, what their activations are estimated at, how much reading them ahead
 * costs; the model's front end ({@link AudioFeatures}) lays a batch out as the graph's inputs.
 *
 * @param <P> one prepared clip or chunk
 */
public abstract class ClipInput<P extends ClipInput.Clip> implements Input<P> {

    /** A prepared clip or chunk: its length in samples at the model's rate. */
    public interface Clip {
        int length();
    }

    protected final AudioSource source;
    protected final AudioFeatures features;
    protected final AudioActivations activations;
    protected final boolean takesMask;

    protected ClipInput(AudioSource source, AudioFeatures features, AudioActivations activations, boolean takesMask) {
        this.source = source;
        this.features = features;
        this.activations = activations;
        this.takesMask = takesMask;
    }

    /**
     * A graph without an {@code attention_mask} would read padding as signal: only equal lengths share a batch, unless
     * the front end gives every clip features of one size (log-mel over a fixed window).
     */
    @Override
    public Object groupKey(P item) {
        return takesMask || features.fixedSize() ? null : item.length();
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
}

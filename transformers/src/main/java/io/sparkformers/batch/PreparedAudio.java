package io.sparkformers.batch;

/**
 * A clip's model inputs (its features at the extractor's rate), how long it was, and how many samples at that rate
 * the features read: the length the batcher sorts, groups and estimates activations by.
 */
public record PreparedAudio(float[] inputValues, double seconds, int samples) implements ClipInput.Clip {
    @Override
    public int length() {
        return samples;
    }
}

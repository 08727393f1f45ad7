package io.sparkformers.audio;

/** A clip's model input values (normalised, at the extractor's rate) and how long it was. */
public record PreparedAudio(float[] inputValues, double seconds) implements ClipCodec.Clip {
    @Override
    public int length() {
        return inputValues.length;
    }
}

package io.sparkformers.codec;

/** Mono float samples in [-1, 1] at {@code sampleRate} Hz. */
public record Audio(float[] samples, int sampleRate) {
    public double seconds() {
        return (double) samples.length / sampleRate;
    }
}

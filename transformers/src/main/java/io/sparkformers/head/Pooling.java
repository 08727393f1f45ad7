package io.sparkformers.head;

import java.util.Locale;

/** How one vector is made from a sequence of token states. */
public enum Pooling {
    /** The first token's state (BERT's [CLS], RoBERTa's {@code <s>}). */
    CLS,
    /** The mean over real tokens (attention mask 1), as sentence-transformers does. */
    MEAN,
    /** The graph's own {@code pooler_output}. */
    POOLER;

    public static final String[] NAMES = {"cls", "mean", "pooler"};

    public static Pooling parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /**
     * Pools row {@code row} of a [batch, seq, hidden] output; only the first {@code length} positions are real.
     */
    public static float[] pool(Pooling p, float[] states, int seq, int hidden, int row, long[] mask) {
        float[] out = new float[hidden];
        int base = row * seq * hidden;
        if (p == CLS) {
            System.arraycopy(states, base, out, 0, hidden);
            return out;
        }
        double[] acc = new double[hidden];
        int n = 0;
        for (int t = 0; t < Math.min(seq, mask.length); t++) {
            if (mask[t] != 0) {
                n++;
                int o = base + t * hidden;
                for (int h = 0; h < hidden; h++) {
                    acc[h] += states[o + h];
                }
            }
        }
        // sentence-transformers clamps the token count at 1e-9 so an all-masked row is zeros, not NaN.
        double denom = Math.max(n, 1e-9);
        for (int h = 0; h < hidden; h++) {
            out[h] = (float) (acc[h] / denom);
        }
        return out;
    }

    /**
     * Global average pooling of row {@code row} of a channels-first [batch, channels, height, width] feature map: the
     * mean of each channel's {@code plane} values, what CNN backbones' poolers compute (ResNet's, RegNet's
     * {@code AdaptiveAvgPool2d}; ConvNeXt's before its LayerNorm).
     */
    public static float[] channelMeans(float[] maps, int channels, int plane, int row) {
        float[] out = new float[channels];
        int base = row * channels * plane;
        for (int c = 0; c < channels; c++) {
            double acc = 0;
            for (int i = base + c * plane, end = i + plane; i < end; i++) {
                acc += maps[i];
            }
            out[c] = (float) (acc / plane);
        }
        return out;
    }

    /** The final embedding: optionally L2-normalised, widened to double for a Spark ML vector. */
    public static double[] embedding(float[] v, boolean normalize) {
        if (normalize) {
            l2Normalize(v);
        }
        double[] d = new double[v.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Scales to unit L2 norm; a zero vector stays zero. */
    public static void l2Normalize(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        double norm = Math.max(Math.sqrt(s), 1e-12);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }
}

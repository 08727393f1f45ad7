package io.sparkformers.head;

import java.util.Arrays;
import java.util.Locale;

/**
 * How one vector is made from a sequence of token states: the modes of sentence-transformers' {@code Pooling} module
 * (2.5), computed as it computes them over the real tokens (attention mask 1), and the graph's own pooled output.
 */
public enum Pooling {
    /** The first token's state (BERT's [CLS], RoBERTa's {@code <s>}). */
    CLS,
    /** The mean over real tokens, as sentence-transformers does. */
    MEAN,
    /** The per-dimension maximum over real tokens (padding counts as -1e9, as sentence-transformers sets it). */
    MAX,
    /** The sum over real tokens divided by the square root of their count. */
    MEAN_SQRT_LEN,
    /** The mean over real tokens weighted by position (1, 2, 3, ...), as for decoder-only embedding models. */
    WEIGHTEDMEAN,
    /** The last real token's state. */
    LASTTOKEN,
    /** The graph's own pooled output ({@code pooler_output}, or a sentence-transformers export's {@code sentence_embedding}). */
    POOLER;

    public static final String[] NAMES = {"cls", "mean", "max", "mean_sqrt_len", "weightedmean", "lasttoken", "pooler"};

    /** Where sentence-transformers' {@code max} puts padding positions: below any state. */
    static final float PADDING_FOR_MAX = -1e9f;

    public static Pooling parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /**
     * Pools row {@code row} of a [batch, seq, hidden] output; the positions whose {@code mask} is 0, or past its end,
     * are padding.
     */
    public static float[] pool(Pooling p, float[] states, int seq, int hidden, int row, long[] mask) {
        float[] out = new float[hidden];
        int base = row * seq * hidden;
        int real = Math.min(seq, mask.length);
        if (p == CLS || p == LASTTOKEN) {
            int t = 0;
            if (p == LASTTOKEN) {
                t = Math.max(real - 1, 0);
                while (t > 0 && mask[t] == 0) {
                    t--;
                }
            }
            System.arraycopy(states, base + t * hidden, out, 0, hidden);
            return out;
        }
        if (p == MAX) {
            Arrays.fill(out, Float.NEGATIVE_INFINITY);
            int n = 0;
            for (int t = 0; t < real; t++) {
                if (mask[t] != 0) {
                    n++;
                    int o = base + t * hidden;
                    for (int h = 0; h < hidden; h++) {
                        out[h] = Math.max(out[h], states[o + h]);
                    }
                }
            }
            if (n < seq) {
                for (int h = 0; h < hidden; h++) {
                    out[h] = Math.max(out[h], PADDING_FOR_MAX);
                }
            }
            return out;
        }
        double[] acc = new double[hidden];
        double weights = 0;
        for (int t = 0; t < real; t++) {
            if (mask[t] != 0) {
                double w = p == WEIGHTEDMEAN ? t + 1 : 1;
                weights += w;
                int o = base + t * hidden;
                for (int h = 0; h < hidden; h++) {
                    acc[h] += w * states[o + h];
                }
            }
        }
        // sentence-transformers clamps the weight sum at 1e-9 so an all-masked row is zeros, not NaN.
        double clamped = Math.max(weights, 1e-9);
        double denom = p == MEAN_SQRT_LEN ? Math.sqrt(clamped) : clamped;
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

package io.sparkformers.head;

import java.io.Serializable;

/** Softmax and top-k over class logits, with Hugging Face's tie rule: equal scores keep label-index order. */
public final class Classification implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] labels;

    public Classification(String[] labels) {
        this.labels = labels.clone();
    }

    public int numClasses() {
        return labels.length;
    }

    public String label(int i) {
        return labels[i];
    }

    /** transformers' {@code function_to_apply}: softmax (single-label), sigmoid (multi-label) or none (regression). */
    public static double[] apply(String function, float[] logits) {
        switch (function) {
            case "sigmoid": {
                double[] p = new double[logits.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = 1.0 / (1.0 + Math.exp(-logits[i]));
                }
                return p;
            }
            case "none": {
                double[] p = new double[logits.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = logits[i];
                }
                return p;
            }
            default:
                return softmax(logits);
        }
    }

    /** The function transformers' pipelines apply for a {@code config.json}: problem_type, then the label count. */
    public static String defaultFunction(String problemType, int numLabels) {
        if ("multi_label_classification".equals(problemType) || numLabels == 1) {
            return "sigmoid";
        }
        if ("regression".equals(problemType)) {
            return "none";
        }
        return "softmax";
    }

    public static double[] softmax(float[] logits) {
        return softmax(logits, 0, logits.length);
    }

    /** Softmax of {@code n} logits from {@code offset} (one token's row of a [tokens, labels] output). */
    public static double[] softmax(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[offset + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Indices of the {@code k} largest scores, best first; ties keep the lower index first. A bounded insertion over
     * primitive arrays: O(n·k), no boxing, fine for vocabularies with small k.
     */
    public static int[] topK(double[] scores, int k) {
        int n = Math.max(0, Math.min(k, scores.length));
        int[] best = new int[n];
        if (n == 0) {
            return best;
        }
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (size == n && !(s > scores[best[n - 1]])) {
                continue;
            }
            int at = size < n ? size++ : n - 1;
            while (at > 0 && s > scores[best[at - 1]]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}

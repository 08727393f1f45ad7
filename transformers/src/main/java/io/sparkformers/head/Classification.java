package io.sparkformers.head;

import java.io.Serializable;
import java.util.Arrays;

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

  public static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Indices of the {@code k} largest scores, best first; ties keep the lower index first. */
  public static int[] topK(double[] scores, int k) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a])); // stable: ties keep index order
    int n = Math.min(k, idx.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = idx[i];
    }
    return out;
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

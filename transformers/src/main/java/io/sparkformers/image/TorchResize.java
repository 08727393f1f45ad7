package io.sparkformers.image;

/**
 * PyTorch's {@code interpolate} as Hugging Face's post-processors call it on float maps: bilinear with
 * {@code align_corners=False} (no antialiasing) and legacy {@code nearest}, in float arithmetic like the CPU
 * kernels, so argmax maps agree except where two scores tie within rounding.
 */
public final class TorchResize {
  private TorchResize() {}

  /** Per output index: the two source indices and their weights along one axis. */
  public record Axis(int[] i0, int[] i1, float[] w0, float[] w1) {
    public int size() {
      return i0.length;
    }
  }

  /** {@code area_pixel_compute_source_index} and {@code guard_index_and_lambda}, align_corners=False. */
  public static Axis bilinear(int in, int out) {
    float scale = (float) in / (float) out;
    int[] i0 = new int[out];
    int[] i1 = new int[out];
    float[] w0 = new float[out];
    float[] w1 = new float[out];
    for (int o = 0; o < out; o++) {
      float src = scale * (o + 0.5f) - 0.5f;
      if (src < 0) {
        src = 0;
      }
      int idx = Math.min((int) Math.floor(src), in - 1);
      float lambda = Math.min(Math.max(src - idx, 0f), 1f);
      i0[o] = idx;
      i1[o] = idx + (idx < in - 1 ? 1 : 0);
      w0[o] = 1f - lambda;
      w1[o] = lambda;
    }
    return new Axis(i0, i1, w0, w1);
  }

  /** {@code nearest_idx}: floor(o * in / out) in float, with torch's exact-size and 2× shortcuts. */
  public static int[] nearest(int in, int out) {
    int[] idx = new int[out];
    float scale = (float) in / (float) out;
    for (int o = 0; o < out; o++) {
      if (out == in) {
        idx[o] = o;
      } else if (out == 2 * in) {
        idx[o] = o >> 1;
      } else {
        idx[o] = Math.min((int) Math.floor(o * scale), in - 1);
      }
    }
    return idx;
  }

  /** One bilinear sample of plane {@code p} (row-major {@code w} wide) at output (y, x). */
  public static float sample(float[] plane, int offset, int w, Axis ys, Axis xs, int y, int x) {
    int r0 = offset + ys.i0[y] * w;
    int r1 = offset + ys.i1[y] * w;
    float t0 = plane[r0 + xs.i0[x]] * xs.w0[x] + plane[r0 + xs.i1[x]] * xs.w1[x];
    float t1 = plane[r1 + xs.i0[x]] * xs.w0[x] + plane[r1 + xs.i1[x]] * xs.w1[x];
    return t0 * ys.w0[y] + t1 * ys.w1[y];
  }

  /** Bilinear resize of {@code n} planes of h×w to oh×ow. */
  public static float[] resizePlanes(float[] planes, int n, int h, int w, int oh, int ow) {
    Axis ys = bilinear(h, oh);
    Axis xs = bilinear(w, ow);
    float[] out = new float[n * oh * ow];
    for (int p = 0; p < n; p++) {
      int src = p * h * w;
      int dst = p * oh * ow;
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          out[dst + y * ow + x] = sample(planes, src, w, ys, xs, y, x);
        }
      }
    }
    return out;
  }
}

package io.sparkformers.preprocess;

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

    /**
     * Planes upsampled by torch's bilinear kernel, computed separably with the same float operations: each source
     * row is interpolated along x once ({@code t = v0·w0 + v1·w1}), then each output pixel combines two such rows
     * ({@code t0·w0 + t1·w1}).
     */
    public static final class Bilinear {
        private final float[] rows;
        private final Axis ys;
        private final int inH;
        private final int outW;

        /** {@code n} planes of h×w starting at {@code offset}, to be sampled at oh×ow. */
        public Bilinear(float[] planes, int offset, int n, int h, int w, int oh, int ow) {
            Axis xs = bilinear(w, ow);
            this.ys = bilinear(h, oh);
            this.inH = h;
            this.outW = ow;
            this.rows = new float[n * h * ow];
            for (int p = 0; p < n; p++) {
                for (int r = 0; r < h; r++) {
                    int src = offset + (p * h + r) * w;
                    int dst = (p * h + r) * ow;
                    for (int x = 0; x < ow; x++) {
                        rows[dst + x] = planes[src + xs.i0[x]] * xs.w0[x] + planes[src + xs.i1[x]] * xs.w1[x];
                    }
                }
            }
        }

        public float get(int plane, int y, int x) {
            int base = plane * inH;
            return rows[(base + ys.i0[y]) * outW + x] * ys.w0[y] + rows[(base + ys.i1[y]) * outW + x] * ys.w1[y];
        }
    }

    /** Bilinear resize of {@code n} planes of h×w to oh×ow. */
    public static float[] resizePlanes(float[] planes, int n, int h, int w, int oh, int ow) {
        Bilinear b = new Bilinear(planes, 0, n, h, w, oh, ow);
        float[] out = new float[n * oh * ow];
        for (int p = 0; p < n; p++) {
            for (int y = 0; y < oh; y++) {
                int o = (p * oh + y) * ow;
                for (int x = 0; x < ow; x++) {
                    out[o + x] = b.get(p, y, x);
                }
            }
        }
        return out;
    }
}

package io.sparkformers.codec;

import java.util.Arrays;

/** VP8 intra prediction as libwebp computes it (dsp/dec.c): 16x16 luma and 8x8 chroma modes, and the ten 4x4 modes. */
final class Vp8Intra {
    // Mode numbers as RFC 6386 orders them (the order of its probability tables).
    static final int DC_PRED = 0;
    static final int V_PRED = 1;
    static final int H_PRED = 2;
    static final int TM_PRED = 3;
    static final int B_PRED = 4;
    static final int B_DC = 0;
    static final int B_TM = 1;
    static final int B_VE = 2;
    static final int B_HE = 3;
    static final int B_LD = 4;
    static final int B_RD = 5;
    static final int B_VR = 6;
    static final int B_VL = 7;
    static final int B_HD = 8;
    static final int B_HU = 9;
    private final int[] pred = new int[16];
    private final int[] values = new int[10];

    /** 16x16 luma or 8x8 chroma prediction (DC with libwebp's variants at the frame's edges). */
    static void predict16(
            byte[] plane, int stride, int x0, int y0, int n, int mode, int[] top, int[] left, int mx, int my) {
        int shift = n == 16 ? 4 : 3;
        for (int y = 0; y < n; y++) {
            int row = (y0 + y) * stride + x0;
            for (int x = 0; x < n; x++) {
                int v;
                switch (mode) {
                    case V_PRED -> v = top[1 + x];
                    case H_PRED -> v = left[y];
                    case TM_PRED -> v = clipInt(top[1 + x] + left[y] - top[0]);
                    default -> v = -1;
                }
                if (v >= 0) {
                    plane[row + x] = (byte) v;
                }
            }
        }
        if (mode == DC_PRED) {
            int dc;
            if (mx > 0 && my > 0) {
                int s = 0;
                for (int i = 0; i < n; i++) {
                    s += top[1 + i] + left[i];
                }
                dc = (s + n) >> (shift + 1);
            } else if (my > 0) {
                int s = 0;
                for (int i = 0; i < n; i++) {
                    s += top[1 + i];
                }
                dc = (s + (n >> 1)) >> shift;
            } else if (mx > 0) {
                int s = 0;
                for (int i = 0; i < n; i++) {
                    s += left[i];
                }
                dc = (s + (n >> 1)) >> shift;
            } else {
                dc = 128;
            }
            for (int y = 0; y < n; y++) {
                Arrays.fill(plane, (y0 + y) * stride + x0, (y0 + y) * stride + x0 + n, (byte) dc);
            }
        }
    }

    private static int clipInt(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static int avg3(int a, int b, int c) {
        return (a + 2 * b + c + 2) >> 2;
    }

    private static int avg2(int a, int b) {
        return (a + b + 1) >> 1;
    }

    /**
     * Where each value of a directional 4x4 mode goes (RFC 6386 §12.3): per mode, per value in the order
     * {@link #predict4} computes them, the (x, y) pairs of the pixels that take it.
     */
    private static final int[][][] PIXELS = new int[10][][];

    static {
        PIXELS[B_LD] = pixels(new int[][] {
            {0, 0}, {1, 0, 0, 1}, {2, 0, 1, 1, 0, 2}, {3, 0, 2, 1, 1, 2, 0, 3}, {3, 1, 2, 2, 1, 3}, {3, 2, 2, 3}, {3, 3}
        });
        PIXELS[B_RD] = pixels(new int[][] {
            {0, 3}, {1, 3, 0, 2}, {2, 3, 1, 2, 0, 1}, {3, 3, 2, 2, 1, 1, 0, 0}, {3, 2, 2, 1, 1, 0}, {3, 1, 2, 0}, {3, 0}
        });
        PIXELS[B_VR] = pixels(new int[][] {
            {0, 0, 1, 2},
            {1, 0, 2, 2},
            {2, 0, 3, 2},
            {3, 0},
            {0, 3},
            {0, 2},
            {0, 1, 1, 3},
            {1, 1, 2, 3},
            {2, 1, 3, 3},
            {3, 1}
        });
        PIXELS[B_VL] = pixels(new int[][] {
            {0, 0},
            {1, 0, 0, 2},
            {2, 0, 1, 2},
            {3, 0, 2, 2},
            {0, 1},
            {1, 1, 0, 3},
            {2, 1, 1, 3},
            {3, 1, 2, 3},
            {3, 2},
            {3, 3}
        });
        PIXELS[B_HD] = pixels(new int[][] {
            {0, 0, 2, 1},
            {0, 1, 2, 2},
            {0, 2, 2, 3},
            {0, 3},
            {3, 0},
            {2, 0},
            {1, 0, 3, 1},
            {1, 1, 3, 2},
            {1, 2, 3, 3},
            {1, 3}
        });
        PIXELS[B_HU] = pixels(new int[][] {
            {0, 0}, {2, 0, 0, 1}, {2, 1, 0, 2}, {1, 0}, {3, 0, 1, 1}, {3, 1, 1, 2}, {3, 2, 2, 2, 0, 3, 1, 3, 2, 3, 3, 3}
        });
    }

    private static int[][] pixels(int[][] xy) {
        int[][] out = new int[xy.length][];
        for (int v = 0; v < xy.length; v++) {
            out[v] = new int[xy[v].length / 2];
            for (int n = 0; n < out[v].length; n++) {
                out[v][n] = xy[v][2 * n + 1] * 4 + xy[v][2 * n];
            }
        }
        return out;
    }

    /** The ten 4x4 modes; {@code t[0]} is the corner, {@code t[1..8]} above and above-right, {@code l} the left. */
    void predict4(byte[] plane, int dst, int stride, int mode, int[] t, int[] l) {
        int[] p = pred;
        int[] v = values;
        int x = t[0];
        int a = t[1];
        int b = t[2];
        int c = t[3];
        int d = t[4];
        int e = t[5];
        int f = t[6];
        int g = t[7];
        int h = t[8];
        int i = l[0];
        int j = l[1];
        int k = l[2];
        int ll = l[3];
        switch (mode) {
            case B_DC -> Arrays.fill(p, (a + b + c + d + i + j + k + ll + 4) >> 3);
            case B_TM -> {
                for (int yy = 0; yy < 4; yy++) {
                    for (int xx = 0; xx < 4; xx++) {
                        p[yy * 4 + xx] = clipInt(t[1 + xx] + l[yy] - x);
                    }
                }
            }
            case B_VE -> {
                v[0] = avg3(x, a, b);
                v[1] = avg3(a, b, c);
                v[2] = avg3(b, c, d);
                v[3] = avg3(c, d, e);
                for (int n = 0; n < 16; n++) {
                    p[n] = v[n & 3];
                }
            }
            case B_HE -> {
                v[0] = avg3(x, i, j);
                v[1] = avg3(i, j, k);
                v[2] = avg3(j, k, ll);
                v[3] = avg3(k, ll, ll);
                for (int n = 0; n < 16; n++) {
                    p[n] = v[n >> 2];
                }
            }
            case B_LD -> {
                v[0] = avg3(a, b, c);
                v[1] = avg3(b, c, d);
                v[2] = avg3(c, d, e);
                v[3] = avg3(d, e, f);
                v[4] = avg3(e, f, g);
                v[5] = avg3(f, g, h);
                v[6] = avg3(g, h, h);
            }
            case B_RD -> {
                v[0] = avg3(j, k, ll);
                v[1] = avg3(i, j, k);
                v[2] = avg3(x, i, j);
                v[3] = avg3(a, x, i);
                v[4] = avg3(b, a, x);
                v[5] = avg3(c, b, a);
                v[6] = avg3(d, c, b);
            }
            case B_VR -> {
                v[0] = avg2(x, a);
                v[1] = avg2(a, b);
                v[2] = avg2(b, c);
                v[3] = avg2(c, d);
                v[4] = avg3(k, j, i);
                v[5] = avg3(j, i, x);
                v[6] = avg3(i, x, a);
                v[7] = avg3(x, a, b);
                v[8] = avg3(a, b, c);
                v[9] = avg3(b, c, d);
            }
            case B_VL -> {
                v[0] = avg2(a, b);
                v[1] = avg2(b, c);
                v[2] = avg2(c, d);
                v[3] = avg2(d, e);
                v[4] = avg3(a, b, c);
                v[5] = avg3(b, c, d);
                v[6] = avg3(c, d, e);
                v[7] = avg3(d, e, f);
                v[8] = avg3(e, f, g);
                v[9] = avg3(f, g, h);
            }
            case B_HD -> {
                v[0] = avg2(i, x);
                v[1] = avg2(j, i);
                v[2] = avg2(k, j);
                v[3] = avg2(ll, k);
                v[4] = avg3(a, b, c);
                v[5] = avg3(x, a, b);
                v[6] = avg3(i, x, a);
                v[7] = avg3(j, i, x);
                v[8] = avg3(k, j, i);
                v[9] = avg3(ll, k, j);
            }
            default -> { // B_HU
                v[0] = avg2(i, j);
                v[1] = avg2(j, k);
                v[2] = avg2(k, ll);
                v[3] = avg3(i, j, k);
                v[4] = avg3(j, k, ll);
                v[5] = avg3(k, ll, ll);
                v[6] = ll;
            }
        }
        int[][] pixels = PIXELS[mode];
        if (pixels != null) {
            for (int n = 0; n < pixels.length; n++) {
                for (int q : pixels[n]) {
                    p[q] = v[n];
                }
            }
        }
        for (int yy = 0; yy < 4; yy++) {
            for (int xx = 0; xx < 4; xx++) {
                plane[dst + yy * stride + xx] = (byte) p[yy * 4 + xx];
            }
        }
    }
}

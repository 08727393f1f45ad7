package io.sparkformers.codec;

/**
 * libwebp's loop filters (dsp/dec.c) over a whole decoded frame, in macroblock order: the simple filter on luma, or
 * the normal one (6-tap on macroblock edges, 4-tap inside, 2-tap on high edge variance) on luma and chroma.
 */
final class Vp8LoopFilter {
    private final Vp8Frame frame;
    private final boolean simpleFilter;
    private final int filterLevel;
    private final int sharpness;
    private final boolean useSegment;
    private final boolean absoluteDelta;
    private final int[] segFilter;
    private final boolean useLfDelta;
    private final int[] refLfDelta;
    private final int[] modeLfDelta;

    Vp8LoopFilter(
            Vp8Frame frame,
            boolean simpleFilter,
            int filterLevel,
            int sharpness,
            boolean useSegment,
            boolean absoluteDelta,
            int[] segFilter,
            boolean useLfDelta,
            int[] refLfDelta,
            int[] modeLfDelta) {
        this.frame = frame;
        this.simpleFilter = simpleFilter;
        this.filterLevel = filterLevel;
        this.sharpness = sharpness;
        this.useSegment = useSegment;
        this.absoluteDelta = absoluteDelta;
        this.segFilter = segFilter;
        this.useLfDelta = useLfDelta;
        this.refLfDelta = refLfDelta;
        this.modeLfDelta = modeLfDelta;
    }

    void apply(int[] mbSegment, boolean[] mbInner, boolean[] mbIs4x4) {
        if (filterLevel == 0) {
            return;
        }
        for (int my = 0; my < frame.mbh(); my++) {
            for (int mx = 0; mx < frame.mbw(); mx++) {
                int idx = my * frame.mbw() + mx;
                int segment = mbSegment[idx];
                int level = useSegment ? segFilter[segment] + (absoluteDelta ? 0 : filterLevel) : filterLevel;
                if (useLfDelta) {
                    level += refLfDelta[0];
                    if (mbIs4x4[idx]) {
                        level += modeLfDelta[0];
                    }
                }
                level = level < 0 ? 0 : Math.min(level, 63);
                if (level == 0) {
                    continue;
                }
                int ilevel = level;
                if (sharpness > 0) {
                    ilevel >>= sharpness > 4 ? 2 : 1;
                    if (ilevel > 9 - sharpness) {
                        ilevel = 9 - sharpness;
                    }
                }
                if (ilevel < 1) {
                    ilevel = 1;
                }
                int limit = 2 * level + ilevel;
                int hev = level >= 40 ? 2 : level >= 15 ? 1 : 0;
                boolean inner = mbInner[idx];
                int y = my * 16 * frame.yStride() + mx * 16;
                int u = my * 8 * frame.uvStride() + mx * 8;
                // libwebp's order: the left edge, the inner vertical edges, the top edge, the inner horizontal edges.
                if (mx > 0) {
                    filterEdges(y, u, false, false, limit, ilevel, hev);
                }
                if (inner) {
                    filterEdges(y, u, false, true, limit, ilevel, hev);
                }
                if (my > 0) {
                    filterEdges(y, u, true, false, limit, ilevel, hev);
                }
                if (inner) {
                    filterEdges(y, u, true, true, limit, ilevel, hev);
                }
            }
        }
    }

    /**
     * The macroblock's left ({@code horizontal} false) or top edge, or its three inner edges of that direction, in
     * luma and (for the normal filter) chroma; macroblock edges filter with {@code limit + 4}.
     */
    private void filterEdges(int y, int u, boolean horizontal, boolean inner, int limit, int ilevel, int hev) {
        int ys = horizontal ? frame.yStride() : 1;
        int yAlong = horizontal ? 1 : frame.yStride();
        int us = horizontal ? frame.uvStride() : 1;
        int uAlong = horizontal ? 1 : frame.uvStride();
        int thresh = inner ? limit : limit + 4;
        for (int k = inner ? 1 : 0; k < (inner ? 4 : 1); k++) {
            if (simpleFilter) {
                simple(frame.y(), y + 4 * k * ys, ys, yAlong, thresh);
            } else {
                loop(frame.y(), y + 4 * k * ys, ys, yAlong, 16, thresh, ilevel, hev, !inner);
            }
        }
        if (!simpleFilter) {
            int at = inner ? u + 4 * us : u;
            loop(frame.u(), at, us, uAlong, 8, thresh, ilevel, hev, !inner);
            loop(frame.v(), at, us, uAlong, 8, thresh, ilevel, hev, !inner);
        }
    }

    private static int px(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int sclip1(int v) {
        return v < -128 ? -128 : Math.min(v, 127);
    }

    private static int sclip2(int v) {
        return v < -16 ? -16 : Math.min(v, 15);
    }

    /** The simple filter across the edge at {@code p} (pixels step {@code hstride} apart) for 16 positions. */
    private static void simple(byte[] b, int p, int hstride, int vstride, int thresh) {
        int thresh2 = 2 * thresh + 1;
        for (int i = 0; i < 16; i++, p += vstride) {
            if (needsFilter(b, p, hstride, thresh2)) {
                filter2(b, p, hstride);
            }
        }
    }

    private static boolean needsFilter(byte[] b, int p, int s, int t) {
        int p1 = px(b, p - 2 * s);
        int p0 = px(b, p - s);
        int q0 = px(b, p);
        int q1 = px(b, p + s);
        return 4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) <= t;
    }

    private static boolean needsFilter2(byte[] b, int p, int s, int t, int it) {
        if (!needsFilter(b, p, s, t)) {
            return false;
        }
        int p3 = px(b, p - 4 * s);
        int p2 = px(b, p - 3 * s);
        int p1 = px(b, p - 2 * s);
        int p0 = px(b, p - s);
        int q0 = px(b, p);
        int q1 = px(b, p + s);
        int q2 = px(b, p + 2 * s);
        int q3 = px(b, p + 3 * s);
        return Math.abs(p3 - p2) <= it
                && Math.abs(p2 - p1) <= it
                && Math.abs(p1 - p0) <= it
                && Math.abs(q3 - q2) <= it
                && Math.abs(q2 - q1) <= it
                && Math.abs(q1 - q0) <= it;
    }

    private static boolean hev(byte[] b, int p, int s, int thresh) {
        return Math.abs(px(b, p - 2 * s) - px(b, p - s)) > thresh || Math.abs(px(b, p + s) - px(b, p)) > thresh;
    }

    private static void filter2(byte[] b, int p, int s) {
        int p1 = px(b, p - 2 * s);
        int p0 = px(b, p - s);
        int q0 = px(b, p);
        int q1 = px(b, p + s);
        int a = 3 * (q0 - p0) + sclip1(p1 - q1);
        int a1 = sclip2((a + 4) >> 3);
        int a2 = sclip2((a + 3) >> 3);
        b[p - s] = Vp8Transforms.clip8(p0 + a2);
        b[p] = Vp8Transforms.clip8(q0 - a1);
    }

    private static void filter4(byte[] b, int p, int s) {
        int p1 = px(b, p - 2 * s);
        int p0 = px(b, p - s);
        int q0 = px(b, p);
        int q1 = px(b, p + s);
        int a = 3 * (q0 - p0);
        int a1 = sclip2((a + 4) >> 3);
        int a2 = sclip2((a + 3) >> 3);
        int a3 = (a1 + 1) >> 1;
        b[p - 2 * s] = Vp8Transforms.clip8(p1 + a3);
        b[p - s] = Vp8Transforms.clip8(p0 + a2);
        b[p] = Vp8Transforms.clip8(q0 - a1);
        b[p + s] = Vp8Transforms.clip8(q1 - a3);
    }

    private static void filter6(byte[] b, int p, int s) {
        int p2 = px(b, p - 3 * s);
        int p1 = px(b, p - 2 * s);
        int p0 = px(b, p - s);
        int q0 = px(b, p);
        int q1 = px(b, p + s);
        int q2 = px(b, p + 2 * s);
        int a = sclip1(3 * (q0 - p0) + sclip1(p1 - q1));
        int a1 = (27 * a + 63) >> 7;
        int a2 = (18 * a + 63) >> 7;
        int a3 = (9 * a + 63) >> 7;
        b[p - 3 * s] = Vp8Transforms.clip8(p2 + a3);
        b[p - 2 * s] = Vp8Transforms.clip8(p1 + a2);
        b[p - s] = Vp8Transforms.clip8(p0 + a1);
        b[p] = Vp8Transforms.clip8(q0 - a1);
        b[p + s] = Vp8Transforms.clip8(q1 - a2);
        b[p + 2 * s] = Vp8Transforms.clip8(q2 - a3);
    }

    /** The normal filter across {@code size} positions: 6-tap on macroblock edges, 4-tap inside, 2-tap on high variance. */
    private static void loop(
            byte[] b,
            int p,
            int hstride,
            int vstride,
            int size,
            int thresh,
            int ithresh,
            int hevT,
            boolean macroblockEdge) {
        int thresh2 = 2 * thresh + 1;
        for (int n = 0; n < size; n++, p += vstride) {
            if (needsFilter2(b, p, hstride, thresh2, ithresh)) {
                if (hev(b, p, hstride, hevT)) {
                    filter2(b, p, hstride);
                } else if (macroblockEdge) {
                    filter6(b, p, hstride);
                } else {
                    filter4(b, p, hstride);
                }
            }
        }
    }
}

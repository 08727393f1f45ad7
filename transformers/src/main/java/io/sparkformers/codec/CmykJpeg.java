package io.sparkformers.codec;

import java.awt.image.Raster;

/**
 * Four-component JPEGs (CMYK, YCCK) as Pillow turns them into RGB: the raw samples libjpeg decodes (YCCK → CMYK with
 * libjpeg's fixed-point tables), inverted as Pillow always assumes Adobe's convention ({@code CMYK;I}), then
 * Pillow's {@code cmyk2rgb}. ICC profiles are ignored, as Pillow ignores them.
 */
final class CmykJpeg {
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0, x = -128; i < 256; i++, x++) {
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private CmykJpeg() {}

    private static int fix(double v) {
        return (int) (v * (1L << SCALEBITS) + 0.5);
    }

    /** What the markers before the scan say about the components, or null when the stream is not a JPEG. */
    record Markers(int components, boolean adobe, int adobeTransform) {
        /** libjpeg's rule: four components are YCCK only under an Adobe marker with a non-zero transform. */
        boolean ycck() {
            return components == 4 && adobe && adobeTransform != 0;
        }
    }

    static Markers markers(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return null;
        }
        int components = -1;
        boolean adobe = false;
        int transform = -1;
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            int length = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            int data = p + 4;
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && data + 5 < b.length) {
                components = b[data + 5] & 0xFF;
            } else if (marker == 0xEE
                    && length >= 14
                    && data + 12 <= b.length
                    && b[data] == 'A'
                    && b[data + 1] == 'd'
                    && b[data + 2] == 'o'
                    && b[data + 3] == 'b'
                    && b[data + 4] == 'e') {
                adobe = true;
                transform = b[data + 11] & 0xFF;
            }
            p += 2 + length;
        }
        return components < 0 ? null : new Markers(components, adobe, transform);
    }

    /** The raw four-band raster (CMYK or YCCK as stored) to RGB as Pillow's {@code convert("RGB")} gives it. */
    static RgbImage toRgb(Raster raw, boolean ycck) {
        int w = raw.getWidth();
        int h = raw.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raw.getPixels(raw.getMinX(), raw.getMinY() + y, w, 1, row);
            for (int x = 0, s = 0, o = y * w * 3; x < w; x++, s += 4, o += 3) {
                int c = row[s];
                int m = row[s + 1];
                int ye = row[s + 2];
                int k = row[s + 3];
                if (ycck) {
                    int luma = c;
                    int cb = m;
                    int cr = ye;
                    c = clamp(255 - (luma + CR_R[cr]));
                    m = clamp(255 - (luma + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS)));
                    ye = clamp(255 - (luma + CB_B[cb]));
                }
                // Pillow reads four-component JPEGs as "CMYK;I" (inverted), whatever the markers say.
                int nk = k; // 255 - (255 - k)
                out[o] = (byte) clamp(nk - mulDiv255(255 - c, nk));
                out[o + 1] = (byte) clamp(nk - mulDiv255(255 - m, nk));
                out[o + 2] = (byte) clamp(nk - mulDiv255(255 - ye, nk));
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}

package io.sparkformers.codec;

/** libwebp's "fancy" chroma upsampling (UpsampleRgbLinePair) and its fixed-point BT.601 YUV to RGB conversion. */
final class Vp8Upsampler {
    private final Vp8Frame frame;

    Vp8Upsampler(Vp8Frame frame) {
        this.frame = frame;
    }

    private static int px(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    RgbImage toRgb() {
        byte[] out = new byte[frame.width() * frame.height() * 3];
        upsample(0, -1, 0, 0, out);
        int y = 1;
        for (; y + 1 < frame.height(); y += 2) {
            upsample(y, y + 1, (y - 1) >> 1, (y + 1) >> 1, out);
        }
        if ((frame.height() & 1) == 0) {
            int last = (frame.height() - 1) >> 1;
            upsample(frame.height() - 1, -1, last, last, out);
        }
        return new RgbImage(frame.width(), frame.height(), out);
    }

    /** libwebp's UpsampleRgbLinePair: rows {@code top} and {@code bottom} (-1: none) between two chroma rows. */
    private void upsample(int topRow, int bottomRow, int topUv, int curUv, byte[] out) {
        int tu = topUv * frame.uvStride();
        int cu = curUv * frame.uvStride();
        int tlU = px(frame.u(), tu);
        int tlV = px(frame.v(), tu);
        int lU = px(frame.u(), cu);
        int lV = px(frame.v(), cu);
        pixel(topRow, 0, (3 * tlU + lU + 2) >> 2, (3 * tlV + lV + 2) >> 2, out);
        if (bottomRow >= 0) {
            pixel(bottomRow, 0, (3 * lU + tlU + 2) >> 2, (3 * lV + tlV + 2) >> 2, out);
        }
        int lastPair = (frame.width() - 1) >> 1;
        for (int x = 1; x <= lastPair; x++) {
            int tU = px(frame.u(), tu + x);
            int tV = px(frame.v(), tu + x);
            int cU = px(frame.u(), cu + x);
            int cV = px(frame.v(), cu + x);
            int avgU = tlU + tU + lU + cU + 8;
            int avgV = tlV + tV + lV + cV + 8;
            int d12U = (avgU + 2 * (tU + lU)) >> 3;
            int d12V = (avgV + 2 * (tV + lV)) >> 3;
            int d03U = (avgU + 2 * (tlU + cU)) >> 3;
            int d03V = (avgV + 2 * (tlV + cV)) >> 3;
            pixel(topRow, 2 * x - 1, (d12U + tlU) >> 1, (d12V + tlV) >> 1, out);
            pixel(topRow, 2 * x, (d03U + tU) >> 1, (d03V + tV) >> 1, out);
            if (bottomRow >= 0) {
                pixel(bottomRow, 2 * x - 1, (d03U + lU) >> 1, (d03V + lV) >> 1, out);
                pixel(bottomRow, 2 * x, (d12U + cU) >> 1, (d12V + cV) >> 1, out);
            }
            tlU = tU;
            tlV = tV;
            lU = cU;
            lV = cV;
        }
        if ((frame.width() & 1) == 0) {
            pixel(topRow, frame.width() - 1, (3 * tlU + lU + 2) >> 2, (3 * tlV + lV + 2) >> 2, out);
            if (bottomRow >= 0) {
                pixel(bottomRow, frame.width() - 1, (3 * lU + tlU + 2) >> 2, (3 * lV + tlV + 2) >> 2, out);
            }
        }
    }

    private void pixel(int row, int x, int u, int v, byte[] out) {
        int y = px(frame.y(), row * frame.yStride() + x);
        int o = (row * frame.width() + x) * 3;
        int yy = (y * 19077) >> 8;
        out[o] = (byte) clipYuv(yy + ((v * 26149) >> 8) - 14234);
        out[o + 1] = (byte) clipYuv(yy - ((u * 6419) >> 8) - ((v * 13320) >> 8) + 8708);
        out[o + 2] = (byte) clipYuv(yy + ((u * 33050) >> 8) - 17685);
    }

    private static int clipYuv(int v) {
        return (v & ~((256 << 6) - 1)) == 0 ? v >> 6 : v < 0 ? 0 : 255;
    }
}

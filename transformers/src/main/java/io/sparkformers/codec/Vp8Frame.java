package io.sparkformers.codec;

/**
 * A decoded VP8 frame's Y, U and V planes, padded to whole macroblocks (16 luma, 8 chroma pixels), with the image's
 * size: what the decoder writes and the loop filter and the upsampler read.
 */
record Vp8Frame(byte[] y, byte[] u, byte[] v, int yStride, int uvStride, int width, int height, int mbw, int mbh) {
    static Vp8Frame of(int width, int height) {
        int mbw = (width + 15) >> 4;
        int mbh = (height + 15) >> 4;
        return new Vp8Frame(
                new byte[mbw * 16 * mbh * 16],
                new byte[mbw * 8 * mbh * 8],
                new byte[mbw * 8 * mbh * 8],
                mbw * 16,
                mbw * 8,
                width,
                height,
                mbw,
                mbh);
    }
}

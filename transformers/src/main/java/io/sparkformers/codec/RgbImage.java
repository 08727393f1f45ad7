package io.sparkformers.codec;

/** An 8-bit RGB image, rows top to bottom, pixels interleaved R, G, B: what Pillow's {@code convert("RGB")} yields. */
public record RgbImage(int width, int height, byte[] data) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image has 0 pixels (" + width + "x" + height + ")");
        }
        if (data.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "RGB data of " + data.length + " bytes does not fit " + width + "x" + height);
        }
    }

    public int get(int x, int y, int c) {
        return data[(y * width + x) * 3 + c] & 0xFF;
    }
}

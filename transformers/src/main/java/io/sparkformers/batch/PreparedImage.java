package io.sparkformers.batch;

import io.sparkformers.codec.RgbImage;

/** An image after the processor's uint8 stage, with the size it had after decoding (for mapping results back). */
public record PreparedImage(RgbImage pixels, int originalWidth, int originalHeight) {}

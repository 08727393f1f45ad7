/**
 * Decoding: JPEG, PNG, GIF, BMP, WebP (VP8 key frames decoded here, as libwebp does) and TIFF images, WAV, FLAC,
 * AIFF and AU audio, into pixels and samples as Pillow and the reference decoders give them, with a reason for what
 * cannot be decoded. Step 2 of source → codec → preprocess → batch → runtime → head → ml; pure Java, no Spark.
 */
package io.sparkformers.codec;

package io.sparkformers.codec;

import io.sparkformers.runtime.InvalidInputException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG (CMYK and YCCK as Pillow converts them, see {@link CmykJpeg}), PNG (8/16-bit, gray, palette, alpha), GIF, BMP, WebP and TIFF with ImageIO and
 * TwelveMonkeys, applies the EXIF orientation and converts to RGB the way Pillow's {@code convert("RGB")} does:
 * gray is replicated, palettes are looked up, alpha is dropped without compositing.
 */
public final class ImageDecoder {
    /** Default bound on width × height; Pillow warns at 89 M pixels and refuses at twice that. */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

    static {
        // Executors load user jars after ImageIO's first scan: register the TwelveMonkeys readers explicitly.
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            Thread.currentThread().setContextClassLoader(ImageDecoder.class.getClassLoader());
            ImageIO.scanForPlugins();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    public static RgbImage decode(byte[] bytes, long maxPixels) throws InvalidInputException {
        if (bytes == null) {
            throw new InvalidInputException("null input");
        }
        if (bytes.length == 0) {
            throw new InvalidInputException("empty file (0 bytes)");
        }
        if (PngChunks.isPng(bytes)) {
            PngChunks.verify(bytes);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException("unrecognised image format (first bytes " + hexPrefix(bytes) + ")");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new InvalidInputException("image has 0 pixels (" + w + "x" + h + ")");
                }
                if (w * h > maxPixels) {
                    throw new InvalidInputException("image of " + w + "x" + h + " = " + (w * h)
                            + " pixels exceeds maxPixels=" + maxPixels + " (possible decompression bomb)");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                if (format.equals("WEBP")) {
                    // Lossy WebP through our VP8 decoder: the plugin's differs from libwebp, and so from Pillow.
                    RgbImage lossy = Vp8Decoder.decodeWebP(bytes, maxPixels);
                    if (lossy != null) {
                        return ExifOrientation.apply(lossy, ExifOrientation.read(bytes));
                    }
                }
                CmykJpeg.Markers jpeg = format.equals("JPEG") ? CmykJpeg.markers(bytes) : null;
                if (jpeg != null && jpeg.components() == 4) {
                    // Raw samples, not the reader's colour-managed RGB: Pillow converts CMYK with its own arithmetic.
                    Raster raw = reader.readRaster(0, null);
                    checkWarnings(warnings, format);
                    return ExifOrientation.apply(CmykJpeg.toRgb(raw, jpeg.ycck()), ExifOrientation.read(bytes));
                }
                BufferedImage img = reader.read(0);
                checkWarnings(warnings, format);
                return ExifOrientation.apply(toRgb(img), ExifOrientation.read(bytes));
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException("corrupt " + format + ": " + e.getMessage(), e);

            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new InvalidInputException("unreadable image: " + e.getMessage(), e);
        }
    }

    /** libjpeg only warns on a cut-off file and fills the rest with gray; Pillow refuses such files. */
    private static void checkWarnings(List<String> warnings, String format) throws InvalidInputException {
        for (String w : warnings) {
            String lw = w.toLowerCase(Locale.ROOT);
            if (lw.contains("premature end") || lw.contains("truncat")) {
                throw new InvalidInputException("truncated " + format + ": " + w);
            }
        }
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    /** Raw samples to RGB as Pillow converts them; embedded ICC profiles are ignored, as Pillow does. */
    public static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        boolean sixteen = r.getTransferType() == DataBuffer.TYPE_USHORT;
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w * bands];
        IndexColorModel palette = img.getColorModel() instanceof IndexColorModel icm ? icm : null;
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, row);
            int o = y * w * 3;
            for (int x = 0; x < w; x++, o += 3) {
                int s = x * bands;
                if (palette != null) {
                    int idx = row[s];
                    out[o] = (byte) palette.getRed(idx);
                    out[o + 1] = (byte) palette.getGreen(idx);
                    out[o + 2] = (byte) palette.getBlue(idx);
                } else if (bands < 3) {
                    // Pillow opens 16-bit gray as mode I and clips it to 0..255 when converting (it does not rescale).
                    int v = sixteen ? Math.min(row[s], 255) : row[s];
                    out[o] = out[o + 1] = out[o + 2] = (byte) v;
                } else {
                    // 16-bit RGB(A): Pillow keeps the most significant byte.
                    int shift = sixteen ? 8 : 0;
                    out[o] = (byte) (row[s] >> shift);
                    out[o + 1] = (byte) (row[s + 1] >> shift);
                    out[o + 2] = (byte) (row[s + 2] >> shift);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * Spark's image struct ({@code spark.read.format("image")}): BGR(A) or gray bytes, row-wise. EXIF is lost by
     * then; Spark does not apply it.
     */
    public static RgbImage fromSparkImage(int height, int width, int nChannels, byte[] data, long maxPixels)
            throws InvalidInputException {
        if (data == null || height <= 0 || width <= 0) {
            throw new InvalidInputException(
                    "invalid image row (height=" + height + ", width=" + width + "): Spark could not decode the file");
        }
        if ((long) height * width > maxPixels) {
            throw new InvalidInputException(
                    "image of " + width + "x" + height + " pixels exceeds maxPixels=" + maxPixels);
        }
        if (nChannels != 1 && nChannels != 3 && nChannels != 4) {
            throw new InvalidInputException(
                    "image struct has nChannels=" + nChannels + "; expected 1 (gray), 3 (BGR) or 4 (BGRA)");
        }
        if ((long) height * width * nChannels != data.length) {
            throw new InvalidInputException("image struct data has " + data.length
                    + " bytes, expected height*width*nChannels = " + ((long) height * width * nChannels));
        }
        byte[] out = new byte[width * height * 3];
        for (int p = 0, s = 0, o = 0; p < width * height; p++, s += nChannels, o += 3) {
            if (nChannels == 1) {
                out[o] = out[o + 1] = out[o + 2] = data[s];
            } else {
                out[o] = data[s + 2];
                out[o + 1] = data[s + 1];
                out[o + 2] = data[s];
            }
        }
        return new RgbImage(width, height, out);
    }
}

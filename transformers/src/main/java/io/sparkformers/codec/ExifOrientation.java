package io.sparkformers.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation tag (0x0112) of JPEG, PNG, WebP and TIFF files, and the transposition Pillow's
 * {@code ImageOps.exif_transpose} applies for it, so that models see the picture the way viewers show it.
 */
public final class ExifOrientation {
    private ExifOrientation() {}

    /** 1 (as stored) when the file has no EXIF orientation or it cannot be read. */
    public static int read(byte[] file) {
        try {
            int tiff = locateTiff(file);
            return tiff < 0 ? 1 : orientationInTiff(file, tiff);
        } catch (RuntimeException e) {
            return 1; // a damaged EXIF block must not fail an image that decodes
        }
    }

    private static int locateTiff(byte[] b) {
        if (b.length > 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            int p = 2;
            while (p + 4 <= b.length && (b[p] & 0xFF) == 0xFF) {
                int marker = b[p + 1] & 0xFF;
                if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 || marker == 0xFF) {
                    p += marker == 0xFF ? 1 : 2;
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) {
                    return -1;
                }
                int len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
                if (marker == 0xE1 && len >= 8 && startsWith(b, p + 4, "Exif\0\0")) {
                    return p + 10;
                }
                p += 2 + len;
            }
            return -1;
        }
        if (b.length > 8 && (b[0] & 0xFF) == 0x89 && startsWith(b, 1, "PNG")) {
            int p = 8;
            while (p + 12 <= b.length) {
                int len = ByteBuffer.wrap(b, p, 4).getInt();
                if (len < 0) {
                    return -1;
                }
                if (startsWith(b, p + 4, "eXIf")) {
                    return startsWith(b, p + 8, "Exif\0\0") ? p + 14 : p + 8;
                }
                if (startsWith(b, p + 4, "IEND")) {
                    return -1; // an eXIf after the image data counts too: Pillow's getexif() loads the file to find it
                }
                p += 12 + len;
            }
            return -1;
        }
        if (b.length > 12 && startsWith(b, 0, "RIFF") && startsWith(b, 8, "WEBP")) {
            int p = 12;
            while (p + 8 <= b.length) {
                int len = ByteBuffer.wrap(b, p + 4, 4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getInt();
                if (len < 0) {
                    return -1;
                }
                if (startsWith(b, p, "EXIF")) {
                    return startsWith(b, p + 8, "Exif\0\0") ? p + 14 : p + 8;
                }
                p += 8 + len + (len & 1);
            }
            return -1;
        }
        if (b.length > 8 && (startsWith(b, 0, "II*\0") || startsWith(b, 0, "MM\0*"))) {
            return 0;
        }
        return -1;
    }

    private static int orientationInTiff(byte[] b, int start) {
        ByteOrder order;
        if (startsWith(b, start, "II")) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (startsWith(b, start, "MM")) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            return 1;
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(order);
        int ifd = start + bb.getInt(start + 4);
        int entries = bb.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            if ((bb.getShort(e) & 0xFFFF) == 0x0112) {
                int type = bb.getShort(e + 2) & 0xFFFF;
                int v = type == 3 ? bb.getShort(e + 8) & 0xFFFF : type == 4 ? bb.getInt(e + 8) : 1;
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        byte[] s = ascii.getBytes(StandardCharsets.ISO_8859_1);
        if (at < 0 || at + s.length > b.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (b[at + i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    /** Pillow's transposition for each orientation value (2..8); 1 returns the image itself. */
    public static RgbImage apply(RgbImage img, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return img;
        }
        int w = img.width();
        int h = img.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] out = new byte[img.data().length];
        byte[] in = img.data();
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - x;
                        sy = y;
                    } // FLIP_LEFT_RIGHT
                    case 3 -> {
                        sx = w - 1 - x;
                        sy = h - 1 - y;
                    } // ROTATE_180
                    case 4 -> {
                        sx = x;
                        sy = h - 1 - y;
                    } // FLIP_TOP_BOTTOM
                    case 5 -> {
                        sx = y;
                        sy = x;
                    } // TRANSPOSE
                    case 6 -> {
                        sx = y;
                        sy = h - 1 - x;
                    } // ROTATE_270 (90 clockwise)
                    case 7 -> {
                        sx = w - 1 - y;
                        sy = h - 1 - x;
                    } // TRANSVERSE
                    default -> {
                        sx = w - 1 - y;
                        sy = x;
                    } // 8: ROTATE_90 (90 counter-clockwise)
                }
                System.arraycopy(in, (sy * w + sx) * 3, out, (y * ow + x) * 3, 3);
            }
        }
        return new RgbImage(ow, oh, out);
    }
}

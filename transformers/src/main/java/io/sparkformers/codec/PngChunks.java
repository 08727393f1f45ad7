package io.sparkformers.codec;

import io.sparkformers.runtime.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * PNG chunk checksums as Pillow checks them: every chunk before the first {@code IDAT} (the header {@code IHDR},
 * the palette {@code PLTE}, and the ancillary chunks read with them) must match its CRC-32, or the file is refused
 * — libpng refuses a critical chunk with a bad CRC too. Pillow does not check the CRCs of the image data and of
 * the chunks after it, and neither does this; ImageIO's reader checks none.
 */
final class PngChunks {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngChunks() {}

    static boolean isPng(byte[] b) {
        if (b.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (b[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Throws when a chunk before the image data does not match its checksum; a truncated file is left to the reader. */
    static void verify(byte[] b) throws InvalidInputException {
        int at = SIGNATURE.length;
        while (at + 12 <= b.length) {
            long length = readInt(b, at) & 0xFFFFFFFFL;
            String type = new String(b, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IDAT") || length > b.length - at - 12L) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(b, at + 4, 4 + (int) length);
            int stored = readInt(b, at + 8 + (int) length);
            if ((int) crc.getValue() != stored) {
                throw new InvalidInputException("broken PNG file (bad checksum in its " + type + " chunk)");
            }
            at += 12 + (int) length;
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}

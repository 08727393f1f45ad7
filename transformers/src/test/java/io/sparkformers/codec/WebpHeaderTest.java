package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Pillow;
import io.sparkformers.testing.References;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebP container and VP8 frame header around the lossy decoder, on a file Pillow writes from a fixture photo:
 * each header field broken on its own is refused with its reason, a frame larger than {@code maxPixels} is refused
 * before any decoding, and chunks the decoder must step over (odd-sized, padded) do not change the pixels.
 */
class WebpHeaderTest {
    static final String SCRIPT = Pillow.script(
            "src, out = sys.argv[1], sys.argv[2]",
            "im = Image.open(src).convert('RGB')",
            "im.save(out + '/lossy.webp', 'WEBP', quality=60)");

    static byte[] lossy;
    static RgbImage clean;

    @BeforeAll
    static void writeWithPillow() throws Exception {
        Path photo = Fixtures.image("PNG", "RGB").file();
        Path dir = References.once(
                "pillow-webp-lossy",
                List.of(SCRIPT, photo),
                out -> Pillow.run(
                        Pillow.python(),
                        Files.writeString(out.resolve("webp.py"), SCRIPT),
                        photo.toString(),
                        out.toString()));
        lossy = Files.readAllBytes(dir.resolve("lossy.webp"));
        clean = Vp8Decoder.decodeWebP(lossy, Long.MAX_VALUE);
        assertEquals("VP8 ", new String(lossy, 12, 4, "ISO-8859-1"), "Pillow writes a simple lossy file");
    }

    static String refused(byte[] file, long maxPixels) {
        return assertThrows(InvalidInputException.class, () -> Vp8Decoder.decodeWebP(file, maxPixels))
                .getMessage();
    }

    /** The file with byte {@code at} of the VP8 chunk's payload (offset 20) replaced. */
    static byte[] withPayloadByte(int at, int value) {
        byte[] f = lossy.clone();
        f[20 + at] = (byte) value;
        return f;
    }

    static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Test
    void frameHeaderFields() throws Exception {
        int w = clean.width();
        int h = clean.height();
        assertEquals(
                "corrupt WebP: the VP8 frame is not a key frame", refused(withPayloadByte(0, lossy[20] | 1), 1L << 40));
        assertEquals("corrupt WebP: bad VP8 start code", refused(withPayloadByte(3, 0x9c), 1L << 40));
        assertEquals("corrupt WebP: bad VP8 start code", refused(withPayloadByte(4, 0x02), 1L << 40));
        assertEquals("corrupt WebP: bad VP8 start code", refused(withPayloadByte(5, 0x2b), 1L << 40));
        byte[] noWidth = withPayloadByte(6, 0);
        noWidth[27] = (byte) 0xC0; // only the scaling bits above the 14-bit width
        assertEquals("image has 0 pixels (0x" + h + ")", refused(noWidth, 1L << 40));
        byte[] noHeight = withPayloadByte(8, 0);
        noHeight[29] = 0;
        assertEquals("image has 0 pixels (" + w + "x0)", refused(noHeight, 1L << 40));
        assertEquals(
                "image of " + w + "x" + h + " = " + (long) w * h + " pixels exceeds maxPixels=" + ((long) w * h - 1)
                        + " (possible decompression bomb)",
                refused(lossy, (long) w * h - 1));
        assertEquals(w, Vp8Decoder.decodeWebP(lossy, (long) w * h).width(), "exactly maxPixels is allowed");
        // The first partition's size (19 bits of the frame tag) beyond the chunk.
        byte[] overrun = lossy.clone();
        overrun[20] = (byte) ((overrun[20] & 0x1F) | 0xE0);
        overrun[21] = (byte) 0xFF;
        overrun[22] = (byte) 0xFF;
        int tag = (overrun[20] & 0xFF) | (overrun[21] & 0xFF) << 8 | (overrun[22] & 0xFF) << 16;
        assertEquals(
                "corrupt WebP: first VP8 partition of " + (tag >>> 5) + " bytes overruns", refused(overrun, 1L << 40));
    }

    @Test
    void chunkSizes() throws Exception {
        byte[] tiny = lossy.clone();
        System.arraycopy(le32(9), 0, tiny, 16, 4);
        assertEquals("truncated WebP: VP8 chunk of 9 bytes in a file of " + lossy.length, refused(tiny, 1L << 40));
        byte[] cut = Arrays.copyOf(lossy, lossy.length - 1);
        int size = ByteBuffer.wrap(lossy, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(
                "truncated WebP: VP8 chunk of " + size + " bytes in a file of " + cut.length, refused(cut, 1L << 40));
        // A header that holds no frame: ten bytes of frame header only, or a file that ends after the chunk header.
        byte[] headerOnly = lossy.clone();
        System.arraycopy(le32(10), 0, headerOnly, 16, 4);
        assertTrue(refused(headerOnly, 1L << 40).startsWith("corrupt WebP: first VP8 partition of "));
        byte[] empty = Arrays.copyOf(lossy, 20);
        System.arraycopy(le32(0), 0, empty, 16, 4);
        assertEquals("truncated WebP: VP8 chunk of 0 bytes in a file of 20", refused(empty, 1L << 40));
        // Exactly as long as stated decodes (the sizes of Pillow's file are exact).
        assertEquals(lossy.length, 20 + size + (size & 1));
    }

    @Test
    void chunksBeforeTheFrameAreSteppedOver() throws Exception {
        // An unknown odd-sized chunk (padded to even) before VP8: the same pixels.
        byte[] unknown = {'X', 'Y', 'Z', 'W', 3, 0, 0, 0, 1, 2, 3, 0};
        byte[] f = new byte[lossy.length + unknown.length];
        System.arraycopy(lossy, 0, f, 0, 12);
        System.arraycopy(unknown, 0, f, 12, unknown.length);
        System.arraycopy(lossy, 12, f, 12 + unknown.length, lossy.length - 12);
        System.arraycopy(le32(f.length - 8), 0, f, 4, 4);
        assertArrayEquals(clean.data(), Vp8Decoder.decodeWebP(f, 1L << 40).data());
        // Not a WebP, a lossless or an animated one: left to the ImageIO reader.
        byte[] riff = lossy.clone();
        riff[9] = 'X';
        assertNull(Vp8Decoder.decodeWebP(riff, 1L << 40));
        for (String type : new String[] {"VP8L", "ANMF"}) {
            byte[] other = f.clone();
            System.arraycopy(type.getBytes(), 0, other, 12, 4);
            assertNull(Vp8Decoder.decodeWebP(other, 1L << 40), type);
        }
        // A negative chunk size ends the search (stepping by it could go back or stand still).
        for (int size : new int[] {-4, -8}) {
            byte[] negative = f.clone();
            System.arraycopy(le32(size), 0, negative, 16, 4);
            assertNull(Vp8Decoder.decodeWebP(negative, 1L << 40));
        }
        assertNull(Vp8Decoder.decodeWebP(Arrays.copyOf(lossy, 19), 1L << 40));
        assertNull(Vp8Decoder.decodeWebP(Arrays.copyOf(lossy, 11), 1L << 40));
        // An empty chunk before the frame is stepped over too.
        byte[] emptyChunk = new byte[lossy.length + 8];
        System.arraycopy(lossy, 0, emptyChunk, 0, 12);
        System.arraycopy(new byte[] {'X', 'Y', 'Z', 'W', 0, 0, 0, 0}, 0, emptyChunk, 12, 8);
        System.arraycopy(lossy, 12, emptyChunk, 20, lossy.length - 12);
        System.arraycopy(le32(emptyChunk.length - 8), 0, emptyChunk, 4, 4);
        assertArrayEquals(
                clean.data(), Vp8Decoder.decodeWebP(emptyChunk, 1L << 40).data());
        // A frame chunk whose header is the last eight bytes of the file.
        byte[] bare = new byte[28];
        System.arraycopy(lossy, 0, bare, 0, 12);
        System.arraycopy(new byte[] {'X', 'Y', 'Z', 'W', 0, 0, 0, 0, 'V', 'P', '8', ' ', 0, 0, 0, 0}, 0, bare, 12, 16);
        assertEquals("truncated WebP: VP8 chunk of 0 bytes in a file of 28", refused(bare, 1L << 40));
    }
}

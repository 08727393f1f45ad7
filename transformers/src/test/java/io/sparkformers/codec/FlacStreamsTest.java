package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * FLAC streams written field by field after RFC 9639, with their CRCs computed here: every subframe kind with samples
 * worked out by hand from the spec's prediction formulas, every block-size, sample-rate and channel-assignment code,
 * MD5 signatures, an ID3v2 tag in front — and one stream per check the decoder makes, each broken in exactly one field
 * (CRCs still right), so every refusal is shown to fire on its own with its own reason.
 */
class FlacStreamsTest {
    /** MSB-first bit writer. */
    static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int acc;
        private int n;

        Bits put(long value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                acc = (acc << 1) | (int) ((value >>> i) & 1);
                if (++n == 8) {
                    out.write(acc);
                    acc = 0;
                    n = 0;
                }
            }
            return this;
        }

        Bits unary(int zeros) {
            for (int i = 0; i < zeros; i++) {
                put(0, 1);
            }
            return put(1, 1);
        }

        Bits bytes(byte[] b) {
            for (byte x : b) {
                put(x & 0xFF, 8);
            }
            return this;
        }

        byte[] aligned() {
            while (n != 0) {
                put(0, 1);
            }
            return out.toByteArray();
        }
    }

    static int crc8(byte[] d) {
        int c = 0;
        for (byte x : d) {
            c ^= x & 0xFF;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x80) != 0 ? ((c << 1) ^ 0x07) & 0xFF : (c << 1) & 0xFF;
            }
        }
        return c;
    }

    static int crc16(byte[] d) {
        int c = 0;
        for (byte x : d) {
            c ^= (x & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x8000) != 0 ? ((c << 1) ^ 0x8005) & 0xFFFF : (c << 1) & 0xFFFF;
            }
        }
        return c;
    }

    /** A frame: header fields (defaults: block size in 8 bits after the number, rate and size from STREAMINFO). */
    static final class Frame {
        int blockCode = 6;
        int blockSize;
        int rateCode = 0;
        int rateValue;
        int assignment = 0;
        int sizeCode = 0;
        int reserved = 0;
        byte[] number = {0};
        boolean badHeaderCrc;
        boolean badFrameCrc;
        Consumer<Bits> subframes;

        Frame(int blockSize, Consumer<Bits> subframes) {
            this.blockSize = blockSize;
            this.subframes = subframes;
        }

        byte[] bytes() {
            Bits h = new Bits().put(0xFFF8, 16).put(blockCode, 4).put(rateCode, 4);
            h.put(assignment, 4).put(sizeCode, 3).put(reserved, 1).bytes(number);
            if (blockCode == 6) {
                h.put(blockSize - 1, 8);
            } else if (blockCode == 7) {
                h.put(blockSize - 1, 16);
            }
            if (rateCode == 12) {
                h.put(rateValue / 1000, 8);
            } else if (rateCode == 13) {
                h.put(rateValue, 16);
            } else if (rateCode == 14) {
                h.put(rateValue / 10, 16);
            }
            byte[] header = h.aligned();
            Bits f = new Bits().bytes(header).put(crc8(header) ^ (badHeaderCrc ? 1 : 0), 8);
            subframes.accept(f);
            byte[] body = f.aligned();
            byte[] frame = Arrays.copyOf(body, body.length + 2);
            int crc = crc16(body) ^ (badFrameCrc ? 1 : 0);
            frame[body.length] = (byte) (crc >> 8);
            frame[body.length + 1] = (byte) crc;
            return frame;
        }
    }

    static byte[] metadataBlock(boolean last, int type, byte[] body) {
        return new Bits()
                .put(last ? 1 : 0, 1)
                .put(type, 7)
                .put(body.length, 24)
                .bytes(body)
                .aligned();
    }

    static byte[] streamInfo(int rate, int channels, int bps, long total, byte[] md5) {
        return new Bits()
                .put(4096, 16)
                .put(16, 16)
                .put(0, 24)
                .put(0, 24)
                .put(rate, 20)
                .put(channels - 1, 3)
                .put(bps - 1, 5)
                .put(total, 36)
                .bytes(md5)
                .aligned();
    }

    /** The parts one after another (the container tests of this package build their files with it). */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** "fLaC", STREAMINFO as the last metadata block, then the frames. */
    static byte[] stream(int rate, int channels, int bps, long total, byte[] md5, Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("fLaC".getBytes());
        out.writeBytes(metadataBlock(true, 0, streamInfo(rate, channels, bps, total, md5)));
        for (Frame f : frames) {
            out.writeBytes(f.bytes());
        }
        return out.toByteArray();
    }

    static byte[] mono16(Frame... frames) {
        return stream(16000, 1, 16, 0, new byte[16], frames);
    }

    // Subframes: a zero padding bit, the 6-bit type, the wasted-bits flag (then its unary count).
    static void constant(Bits b, int bps, long value) {
        b.put(0, 1).put(0, 6).put(0, 1).put(value, bps);
    }

    static void verbatim(Bits b, int bps, long... values) {
        b.put(0, 1).put(1, 6).put(0, 1);
        for (long v : values) {
            b.put(v, bps);
        }
    }

    /** A Rice-coded residual (method 0) in one partition with parameter k. */
    static void rice(Bits b, int k, long... residuals) {
        b.put(0, 2).put(0, 4).put(k, 4);
        riceValues(b, k, residuals);
    }

    static void riceValues(Bits b, int k, long... residuals) {
        for (long r : residuals) {
            long u = r >= 0 ? 2 * r : -2 * r - 1;
            b.unary((int) (u >>> k));
            b.put(u & ((1L << k) - 1), k);
        }
    }

    static void fixed(Bits b, int bps, int order, long[] warm, int k, long... residuals) {
        b.put(0, 1).put(8 + order, 6).put(0, 1);
        for (long w : warm) {
            b.put(w, bps);
        }
        rice(b, k, residuals);
    }

    static float[] scaled(int bps, long... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (values[i] / (double) (1L << (bps - 1)));
        }
        return out;
    }

    static Audio decode(byte[] file) throws InvalidInputException {
        assertTrue(FlacDecoder.isFlac(file));
        return AudioDecoder.decode(file, 3600);
    }

    static void refused(byte[] file, String reason) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> decode(file));
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say '" + reason + "'");
    }

    @Test
    void constantAndVerbatimSubframes() throws Exception {
        Audio a = decode(mono16(
                new Frame(3, b -> constant(b, 16, -1234)), new Frame(4, b -> verbatim(b, 16, 5, -6, 32767, -32768))));
        assertEquals(16000, a.sampleRate());
        assertArrayEquals(scaled(16, -1234, -1234, -1234, 5, -6, 32767, -32768), a.samples(), 0f);
    }

    @Test
    void fixedPredictorsOfEveryOrder() throws Exception {
        // s[i] = residual + prediction; predictions (RFC 9639 §9.2.5.1): order 0: 0; 1: s1; 2: 2s1-s2; 3: 3s1-3s2+s3;
        // 4: 4s1-6s2+4s3-s4 (s1 = the previous sample). Residuals 2, -1, 0 after the warm-up samples given.
        Frame order0 = new Frame(3, b -> fixed(b, 16, 0, new long[0], 2, 2, -1, 0));
        Frame order1 = new Frame(4, b -> fixed(b, 16, 1, new long[] {10}, 2, 2, -1, 0));
        Frame order2 = new Frame(5, b -> fixed(b, 16, 2, new long[] {10, 13}, 2, 2, -1, 0));
        Frame order3 = new Frame(6, b -> fixed(b, 16, 3, new long[] {1, 2, 4}, 2, 2, -1, 0));
        Frame order4 = new Frame(7, b -> fixed(b, 16, 4, new long[] {1, 2, 4, 8}, 2, 2, -1, 0));
        Audio a = decode(mono16(order0, order1, order2, order3, order4));
        long[] want = {
            2,
            -1,
            0, // order 0: the residuals
            10,
            12,
            11,
            11, // order 1: 10 + 2, 12 - 1, 11 + 0
            10,
            13,
            18,
            22,
            26, // order 2: 2*13 - 10 + 2, 2*18 - 13 - 1, 2*22 - 18 + 0
            1,
            2,
            4,
            9,
            16,
            25, // order 3: 3*4 - 3*2 + 1 + 2, 3*9 - 3*4 + 2 - 1, 3*16 - 3*9 + 4 + 0
            1,
            2,
            4,
            8,
            17,
            33,
            58 // order 4: 4*8 - 6*4 + 4*2 - 1 + 2, 4*17 - 6*8 + 4*4 - 2 - 1, 4*33 - 6*17 + 4*8 - 4
        };
        assertArrayEquals(scaled(16, want), a.samples(), 0f);
    }

    @Test
    void lpcWithoutShiftAndAFirstPartitionOfWarmUpOnly() throws Exception {
        // Order 1, 2-bit coefficient 1, shift 0: s[i] = r + s[i-1].
        Frame lpc = new Frame(4, b -> {
            b.put(0, 1).put(32, 6).put(0, 1).put(-7, 16);
            b.put(2 - 1, 4).put(0, 5).put(1, 2);
            rice(b, 1, 3, -1, 2);
        });
        // Fixed order 2 over 4 samples in 2 partitions of 2: the first holds only the warm-up, no residual.
        Frame warmOnly = new Frame(4, b -> {
            b.put(0, 1).put(10, 6).put(0, 1).put(5, 16).put(6, 16);
            b.put(0, 2).put(1, 4).put(0, 4).put(0, 4);
            riceValues(b, 0, 1, -2);
        });
        // 2*6 - 5 + 1 = 8; 2*8 - 6 - 2 = 8
        assertArrayEquals(
                scaled(16, -7, -4, -5, -3, 5, 6, 8, 8),
                decode(mono16(lpc, warmOnly)).samples(),
                0f);
    }

    @Test
    void lpcWithShiftAndPrecision() throws Exception {
        // Order 2, 5-bit coefficients (3, -1), shift 1: s[i] = r + ((3 s[i-1] - s[i-2]) >> 1), arithmetic shift.
        Frame lpc = new Frame(6, b -> {
            b.put(0, 1).put(32 + 1, 6).put(0, 1); // LPC of order 2
            b.put(100, 16).put(-50, 16); // warm-up
            b.put(5 - 1, 4).put(1, 5); // precision 5, shift 1
            b.put(3, 5).put(-1, 5);
            rice(b, 3, 1, -3, 0, 7);
        });
        // (3*-50 - 100) >> 1 = -125, +1 = -124; (3*-124 + 50) >> 1 = -161, -3 = -164;
        // (3*-164 + 124) >> 1 = -184, +0 = -184; (3*-184 + 164) >> 1 = -194, +7 = -187
        assertArrayEquals(
                scaled(16, 100, -50, -124, -164, -184, -187),
                decode(mono16(lpc)).samples(),
                0f);
    }

    @Test
    void wastedBitsEscapedAndPartitionedResiduals() throws Exception {
        // Verbatim with 3 wasted bits: 13-bit values shifted left by 3.
        Frame wasted = new Frame(3, b -> {
            b.put(0, 1).put(1, 6).put(1, 1).unary(2);
            b.put(7, 13).put(-2, 13).put(4095, 13);
        });
        // Fixed order 1 over 8 samples in 2 partitions: the first escaped (raw 4-bit residuals), the second Rice k=0;
        // then fixed order 0 with an escaped partition of raw width 0 (all residuals 0) using method 1 (5-bit k).
        Frame partitions = new Frame(8, b -> {
            b.put(0, 1).put(9, 6).put(0, 1).put(20, 16);
            b.put(0, 2).put(1, 4);
            b.put(15, 4).put(4, 5).put(3, 4).put(-4, 4).put(7, 4); // partition 0: 4 - 1 residuals, raw
            b.put(0, 4);
            riceValues(b, 0, 1, -1, 0, 2); // partition 1
        });
        Frame zeros = new Frame(4, b -> {
            b.put(0, 1).put(8, 6).put(0, 1);
            b.put(1, 2).put(0, 4).put(31, 5).put(0, 5);
        });
        long[] want = {56, -16, 32760, 20, 23, 19, 26, 27, 26, 26, 28, 0, 0, 0, 0};
        assertArrayEquals(
                scaled(16, want), decode(mono16(wasted, partitions, zeros)).samples(), 0f);
    }

    static Frame stereo(int assignment, long[] first, int firstBits, long[] second, int secondBits) {
        Frame f = new Frame(first.length, b -> {
            verbatim(b, firstBits, first);
            verbatim(b, secondBits, second);
        });
        f.assignment = assignment;
        return f;
    }

    @Test
    void stereoDecorrelations() throws Exception {
        long[] left = {1000, -200, 7};
        long[] right = {400, 300, -9};
        long[] side = new long[3];
        long[] mid = new long[3];
        for (int i = 0; i < 3; i++) {
            side[i] = left[i] - right[i];
            mid[i] = (left[i] + right[i]) >> 1;
        }
        // Assignments 1 (independent), 8 (left/side), 9 (side/right), 10 (mid/side): the side channel has one bit more.
        Frame independent = stereo(1, left, 16, right, 16);
        Frame leftSide = stereo(8, left, 16, side, 17);
        Frame sideRight = stereo(9, side, 17, right, 16);
        Frame midSide = stereo(10, mid, 16, side, 17);
        Audio a = decode(stream(44100, 2, 16, 12, new byte[16], independent, leftSide, sideRight, midSide));
        float[] one = new float[3];
        for (int i = 0; i < 3; i++) {
            one[i] = (float) ((left[i] / 32768.0 + right[i] / 32768.0) / 2);
        }
        float[] want = new float[12];
        for (int k = 0; k < 4; k++) {
            System.arraycopy(one, 0, want, 3 * k, 3);
        }
        assertArrayEquals(want, a.samples(), 0f);
    }

    @Test
    void everyBlockSizeAndSampleRateCode() throws Exception {
        // Block-size codes 1..15 (6 and 7 carry the size) with a constant subframe each; the sizes from the RFC's
        // table.
        int[] sizes = {0, 192, 576, 1152, 2304, 4608, 9, 300, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
        int total = 0;
        Frame[] frames = new Frame[15];
        for (int code = 1; code <= 15; code++) {
            frames[code - 1] = new Frame(sizes[code], b -> constant(b, 16, 3));
            frames[code - 1].blockCode = code;
            total += sizes[code];
        }
        Audio a = decode(stream(8000, 1, 16, total, new byte[16], frames));
        assertEquals(total, a.samples().length);
        float three = 3f / 32768;
        for (float s : a.samples()) {
            assertEquals(three, s, 0f);
        }
        // Rates stated in the frame: a code of the table, kHz in 8 bits, Hz in 16 bits, tens of Hz in 16 bits.
        int[][] rates = {
            {1, 88200},
            {2, 176400},
            {3, 192000},
            {4, 8000},
            {5, 16000},
            {6, 22050},
            {7, 24000},
            {8, 32000},
            {9, 44100},
            {10, 48000},
            {11, 96000},
            {12, 22000},
            {13, 44321},
            {14, 11020}
        };
        for (int[] r : rates) {
            Frame f = new Frame(2, b -> constant(b, 16, 1));
            f.rateCode = r[0];
            f.rateValue = r[1];
            assertEquals(r[1], decode(stream(r[1], 1, 16, 2, new byte[16], f)).sampleRate(), "rate code " + r[0]);
        }
        // Sample sizes stated in the frame.
        int[][] widths = {{1, 8}, {2, 12}, {4, 16}, {5, 20}, {6, 24}, {7, 32}};
        for (int[] w : widths) {
            Frame f = new Frame(1, b -> constant(b, w[1], -1));
            f.sizeCode = w[0];
            assertArrayEquals(
                    scaled(w[1], -1),
                    decode(stream(16000, 1, w[1], 1, new byte[16], f)).samples(),
                    0f,
                    "size code " + w[0]);
        }
    }

    @Test
    void frameNumbersOfEveryLength() throws Exception {
        // UTF-8-like coded numbers of 1 to 7 bytes: the lead byte says how many 10xxxxxx bytes follow.
        byte[][] numbers = {
            {0x7F},
            {(byte) 0xC0, (byte) 0x80},
            {(byte) 0xDF, (byte) 0xBF},
            {(byte) 0xC2, (byte) 0x80},
            {(byte) 0xE0, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF0, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFC, (byte) 0x84, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFE, (byte) 0x82, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}
        };
        Frame[] frames = new Frame[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            frames[i] = new Frame(1, b -> constant(b, 16, 9));
            frames[i].number = numbers[i];
        }
        assertEquals(numbers.length, decode(mono16(frames)).samples().length);
        for (byte[] bad : new byte[][] {
            {(byte) 0x80},
            {(byte) 0xBF},
            {(byte) 0x80, (byte) 0x80},
            {(byte) 0xBF, (byte) 0x80},
            {(byte) 0xFF},
            {(byte) 0xC2, (byte) 0x40},
            {(byte) 0xE0, (byte) 0xA0, (byte) 0xC0}
        }) {
            Frame f = new Frame(1, b -> constant(b, 16, 9));
            f.number = bad;
            refused(mono16(f), "invalid coded frame number");
        }
    }

    @Test
    void md5SignatureIsChecked() throws Exception {
        long[] values = {1, -2, 300, -32768};
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (long v : values) {
            md5.update(new byte[] {(byte) v, (byte) (v >> 8)});
        }
        byte[] signature = md5.digest();
        Frame f = new Frame(4, b -> verbatim(b, 16, values));
        assertArrayEquals(
                scaled(16, values),
                decode(stream(16000, 1, 16, 4, signature, f)).samples(),
                0f);
        byte[] wrong = signature.clone();
        wrong[15] ^= 1;
        refused(stream(16000, 1, 16, 4, wrong, f), "does not match its MD5 signature");
        // Signed 24-bit stereo samples: three little-endian bytes per sample, channels interleaved.
        MessageDigest md5s = MessageDigest.getInstance("MD5");
        md5s.update(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, 0x00, 0x00, (byte) 0x80});
        byte[] file =
                stream(48000, 2, 24, 1, md5s.digest(), stereo(1, new long[] {-2}, 24, new long[] {-0x800000}, 24));
        assertArrayEquals(
                new float[] {(float) ((-2 / 8388608.0 + -1.0) / 2)},
                decode(file).samples(),
                0f);
    }

    @Test
    void anId3TagInFrontIsSkipped() throws Exception {
        byte[] flac = mono16(new Frame(2, b -> verbatim(b, 16, 11, -11)));
        // ID3v2 header: "ID3", version, flags (0x10 = a 10-byte footer follows the tag), size in 4 x 7 bits.
        byte[] tag = new byte[10 + 130];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[8] = 1; // 130 = 1 * 128 + 2
        tag[9] = 2;
        assertArrayEquals(scaled(16, 11, -11), decode(concat(tag, flac)).samples(), 0f);
        byte[] footed = concat(tag, new byte[10], flac);
        footed[5] = 0x10;
        assertArrayEquals(scaled(16, 11, -11), decode(footed).samples(), 0f);
        assertFalse(
                FlacDecoder.isFlac(concat(tag, new byte[10], flac)),
                "without the footer flag the footer is not skipped");
        assertFalse(FlacDecoder.isFlac("fLa".getBytes()));
        assertTrue(FlacDecoder.isFlac("fLaC".getBytes()), "the magic alone is a (broken) FLAC file");
        // A tag whose size uses all four 7-bit bytes: (1 << 21) + (2 << 14) + (3 << 7) + 4 bytes.
        byte[] big = new byte[10 + (1 << 21) + (2 << 14) + (3 << 7) + 4];
        big[0] = 'I';
        big[1] = 'D';
        big[2] = '3';
        big[6] = 1;
        big[7] = 2;
        big[8] = 3;
        big[9] = 4;
        assertArrayEquals(scaled(16, 11, -11), decode(concat(big, flac)).samples(), 0f);
        for (int i = 0; i < 4; i++) {
            byte[] magic = "fLaC".getBytes();
            magic[i] ^= 0x20;
            assertFalse(FlacDecoder.isFlac(concat(magic, new byte[40])), new String(magic));
        }
        // Bytes after the last frame that are not a frame (an ID3v1 tag) end the stream; one stray byte too.
        byte[] id3v1 = new byte[128];
        id3v1[0] = 'T';
        assertArrayEquals(scaled(16, 11, -11), decode(concat(flac, id3v1)).samples(), 0f);
        assertArrayEquals(
                scaled(16, 11, -11),
                decode(concat(flac, new byte[] {(byte) 0xFF})).samples(),
                0f);
        byte[] almostSync = {(byte) 0xFF, (byte) 0xF4};
        assertArrayEquals(scaled(16, 11, -11), decode(concat(flac, almostSync)).samples(), 0f);
        // A sync code with nothing after it is a cut frame, not trailing bytes.
        refused(concat(flac, new byte[] {(byte) 0xFF, (byte) 0xF8}), "truncated FLAC stream");
    }

    @Test
    void metadataIsChecked() throws Exception {
        Frame one = new Frame(1, b -> constant(b, 16, 1));
        byte[] info = streamInfo(16000, 1, 16, 1, new byte[16]);
        // Other blocks before STREAMINFO are skipped by their length.
        byte[] padding = metadataBlock(false, 1, new byte[7]);
        byte[] withPadding = concat("fLaC".getBytes(), padding, metadataBlock(true, 0, info), one.bytes());
        assertArrayEquals(scaled(16, 1), decode(withPadding).samples(), 0f);
        refused(concat("fLaC".getBytes(), metadataBlock(true, 1, new byte[3]), one.bytes()), "without STREAMINFO");
        refused(concat("fLaC".getBytes(), metadataBlock(true, 0, Arrays.copyOf(info, 33))), "STREAMINFO of 33 bytes");
        refused(
                concat("fLaC".getBytes(), metadataBlock(false, 127, new byte[2]), metadataBlock(true, 0, info)),
                "invalid FLAC metadata block type 127");
        byte[] cut = concat("fLaC".getBytes(), metadataBlock(true, 0, info));
        refused(Arrays.copyOf(cut, cut.length - 1), "truncated FLAC metadata block (type 0, 34 bytes)");
        refused(
                concat("fLaC".getBytes(), metadataBlock(false, 1, new byte[0]), new byte[] {(byte) 0x80, 0, 0}),
                "truncated FLAC metadata");
        refused(stream(0, 1, 16, 1, new byte[16], one), "sampling rate 0");
        Frame tiny = new Frame(1, b -> constant(b, 3, 1));
        refused(stream(16000, 1, 3, 1, new byte[16], tiny), "has 3 bits per sample");
        Frame four = new Frame(2, b -> verbatim(b, 4, -8, 7));
        assertArrayEquals(
                scaled(4, -8, 7),
                decode(stream(16000, 1, 4, 2, new byte[16], four)).samples(),
                0f);
        refused(concat("fLaC".getBytes(), metadataBlock(true, 0, info)), "audio has 0 samples");
        // An empty last block ending exactly at the end of the file is whole.
        refused(
                concat("fLaC".getBytes(), metadataBlock(false, 0, info), metadataBlock(true, 1, new byte[0])),
                "audio has 0 samples");
    }

    @Test
    void lengthIsCheckedBeforeAndWhileDecoding() throws Exception {
        // 1.5 s at 8 kHz: refused up front when STREAMINFO states it, frame by frame when it does not (total 0).
        Frame[] frames = new Frame[3];
        for (int i = 0; i < 3; i++) {
            frames[i] = new Frame(4000, b -> constant(b, 16, 2));
            frames[i].blockCode = 7;
        }
        byte[] stated = stream(8000, 1, 16, 12000, new byte[16], frames);
        byte[] unstated = stream(8000, 1, 16, 0, new byte[16], frames);
        assertEquals(12000, AudioDecoder.decode(stated, 1.5).samples().length);
        assertEquals(12000, AudioDecoder.decode(unstated, 1.5).samples().length);
        InvalidInputException up = assertThrows(InvalidInputException.class, () -> AudioDecoder.decode(stated, 1.4));
        assertEquals("clip of 1.5 s exceeds maxSeconds=1.4", up.getMessage());
        InvalidInputException late =
                assertThrows(InvalidInputException.class, () -> AudioDecoder.decode(unstated, 1.4));
        assertEquals("clip of more than 1.5 s exceeds maxSeconds=1.4", late.getMessage());
        // A header that claims more samples than the file could hold is not trusted to size anything.
        byte[] lying = stream(8000, 1, 16, 1L << 35, new byte[16], frames);
        refused(lying, "exceeds maxSeconds");
        assertEquals(
                12000,
                AudioDecoder.decode(stream(8000, 1, 16, 1_000_000, new byte[16], frames), 3600)
                        .samples()
                        .length);
        // More samples than the header states (a stream of many frames) grow the buffer without losing any.
        Frame[] many = new Frame[300];
        for (int i = 0; i < many.length; i++) {
            long v = i;
            many[i] = new Frame(100, b -> constant(b, 16, v));
        }
        float[] got = AudioDecoder.decode(stream(8000, 1, 16, 5, new byte[16], many), 3600)
                .samples();
        assertEquals(30000, got.length);
        for (int i = 0; i < got.length; i++) {
            assertEquals((i / 100) / 32768f, got[i], 0f, "sample " + i);
        }
    }

    /** One stream per refusal: the field named is the only one wrong. */
    @Test
    void everyFrameCheckRefusesWithItsReason() {
        refused(mono16(with(f -> f.reserved = 1)), "reserved bit set");
        refused(mono16(with(f -> f.blockCode = 0)), "reserved block size");
        refused(mono16(with(f -> f.rateCode = 15)), "invalid sample rate code");
        refused(mono16(with(f -> f.sizeCode = 3)), "reserved sample size");
        refused(mono16(with(f -> f.badHeaderCrc = true)), "header CRC mismatch");
        refused(mono16(with(f -> f.badFrameCrc = true)), "frame CRC mismatch");
        refused(mono16(with(f -> f.rateCode = 4)), "frame of 8000 Hz / 16 bits in a stream of 16000 Hz / 16 bits");
        refused(mono16(with(f -> f.sizeCode = 6)), "frame of 16000 Hz / 24 bits in a stream of 16000 Hz / 16 bits");
        for (int assignment = 11; assignment <= 15; assignment++) {
            int a = assignment;
            refused(mono16(with(f -> f.assignment = a)), "reserved channel assignment " + a);
        }
        refused(mono16(with(f -> f.assignment = 8)), "2 channels in a stream of 1");
        Frame mono = with(f -> {});
        refused(stream(16000, 2, 16, 0, new byte[16], mono), "1 channels in a stream of 2");
        refused(mono16(sub(b -> b.put(1, 1).put(0, 6).put(0, 1).put(0, 16))), "subframe padding bit set");
        for (int type : new int[] {2, 3, 7, 13, 20, 31}) {
            refused(mono16(sub(b -> b.put(0, 1).put(type, 6).put(0, 1).put(0, 16))), "reserved subframe type " + type);
        }
        refused(mono16(sub(b -> b.put(0, 1).put(0, 6).put(1, 1).unary(15))), "16 wasted bits of 16");
        refused(mono16(sub(b -> b.put(0, 1).put(0, 6).put(1, 1).unary(16))), "17 wasted bits of 16");
        refused(
                mono16(sub(b -> b.put(0, 1).put(8 + 3, 6).put(0, 1).put(0, 32))),
                "predictor order 3 above block size 2");
        refused(
                mono16(sub(b -> b.put(0, 1).put(32 + 2, 6).put(0, 1).put(0, 32))),
                "predictor order 3 above block size 2");
        refused(
                mono16(sub(b -> b.put(0, 1).put(32, 6).put(0, 1).put(0, 16).put(15, 4))),
                "invalid LPC coefficient precision");
        refused(
                mono16(sub(b ->
                        b.put(0, 1).put(32, 6).put(0, 1).put(0, 16).put(3, 4).put(-1, 5))),
                "negative LPC shift");
        refused(mono16(sub(b -> b.put(0, 1).put(8, 6).put(0, 1).put(2, 2))), "reserved residual coding method");
        refused(mono16(sub(b -> b.put(0, 1).put(8, 6).put(0, 1).put(3, 2))), "reserved residual coding method");
        // Block size 2: partition order 1 gives 1 sample per partition (fits order 1 only if 1 >= order); 2 does not.
        refused(
                mono16(sub(b -> b.put(0, 1).put(8, 6).put(0, 1).put(0, 2).put(2, 4))),
                "residual partition order 2 does not fit block size 2");
        refused(
                mono16(sub(b ->
                        b.put(0, 1).put(10, 6).put(0, 1).put(0, 32).put(0, 2).put(1, 4))),
                "residual partition order 1 does not fit block size 2");
        // Block size 3 cannot be split in two.
        Frame odd = new Frame(3, b -> b.put(0, 1).put(8, 6).put(0, 1).put(0, 2).put(1, 4));
        refused(mono16(odd), "residual partition order 1 does not fit block size 3");
    }

    /** A 2-sample verbatim frame with one header field changed. */
    static Frame with(Consumer<Frame> change) {
        Frame f = new Frame(2, b -> verbatim(b, 16, 1, 2));
        change.accept(f);
        return f;
    }

    /** A 2-sample frame whose one subframe is {@code write} (the rest of its bits zero). */
    static Frame sub(Consumer<Bits> write) {
        return new Frame(2, b -> {
            write.accept(b);
            b.put(0, 64);
        });
    }
}

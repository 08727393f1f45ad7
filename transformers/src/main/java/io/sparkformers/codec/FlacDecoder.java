package io.sparkformers.codec;

import io.sparkformers.runtime.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A FLAC decoder (RFC 9639) for whole files in memory: every subframe kind (constant, verbatim, fixed, LPC up to
 * order 32), Rice and escaped residuals, wasted bits, the three stereo decorrelations, 4 to 32 bits per sample and
 * any block size and sample rate a frame header can state. Frame header CRC-8 and frame CRC-16 are checked, so a
 * corrupt or cut file is an invalid row with its reason, never wrong samples. Samples come out as soundfile reads
 * them: {@code int / 2^(bits-1)}, channels averaged to mono.
 */
final class FlacDecoder {
    private static final int STREAMINFO = 0;

    private final byte[] data;
    private final double maxSeconds;
    private int bit;
    private int sampleRate;
    private int channels;
    private int bitsPerSample;
    private byte[] md5;

    private FlacDecoder(byte[] data, double maxSeconds) {
        this.data = data;
        this.maxSeconds = maxSeconds;
    }

    /** Whether {@code file} starts like a FLAC stream (possibly after an ID3v2 tag). */
    static boolean isFlac(byte[] file) {
        int start = id3Length(file);
        return file.length >= start + 4
                && file[start] == 'f'
                && file[start + 1] == 'L'
                && file[start + 2] == 'a'
                && file[start + 3] == 'C';
    }

    static Audio decode(byte[] file, double maxSeconds) throws InvalidInputException {
        try {
            return new FlacDecoder(file, maxSeconds).decode();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new InvalidInputException("truncated FLAC stream (" + file.length + " bytes)", e);
        }
    }

    private static int id3Length(byte[] f) {
        if (f.length >= 10 && f[0] == 'I' && f[1] == 'D' && f[2] == '3') {
            int size = ((f[6] & 0x7F) << 21) | ((f[7] & 0x7F) << 14) | ((f[8] & 0x7F) << 7) | (f[9] & 0x7F);
            return 10 + size + ((f[5] & 0x10) != 0 ? 10 : 0);
        }
        return 0;
    }

    private Audio decode() throws InvalidInputException {
        bit = (id3Length(data) + 4) * 8;
        long totalSamples = readMetadata();
        if (totalSamples > 0 && totalSamples / (double) sampleRate > maxSeconds) {
            throw new InvalidInputException(String.format(
                    "clip of %.1f s exceeds maxSeconds=%s", totalSamples / (double) sampleRate, maxSeconds));
        }
        long limit = (long) Math.ceil(maxSeconds * sampleRate);
        // The header's count is a hint, not trusted for memory: it sizes the buffer only when the file could hold that
        // many samples (at most 16 per byte, far beyond what speech or music compresses to); otherwise the buffer grows
        // with the samples really decoded.
        long plausible = Math.min(limit + 1, 16L * data.length);
        float[] mono = new float
                [(int) Math.min(
                        Math.max(totalSamples <= plausible ? totalSamples : 1 << 20, 4096),
                        Math.min(plausible, Integer.MAX_VALUE - 8))];
        int n = 0;
        double scale = 1.0 / (1L << (bitsPerSample - 1));
        // The encoder's MD5 of the interleaved little-endian samples (all zero when it did not compute one).
        MessageDigest digest = Arrays.equals(md5, new byte[16]) ? null : md5();
        byte[] le = new byte[channels * ((bitsPerSample + 7) / 8) * 4608];
        while (bit / 8 < data.length) {
            if (data.length - bit / 8 < 2 || !atSync()) {
                // Trailing bytes that are not a frame (an ID3v1 tag, padding) end the stream.
                break;
            }
            long[][] frame = readFrame();
            int samples = frame[0].length;
            if (n + (long) samples > limit) {
                throw new InvalidInputException(String.format(
                        "clip of more than %.1f s exceeds maxSeconds=%s",
                        (n + (long) samples) / (double) sampleRate, maxSeconds));
            }
            if (n + samples > mono.length) {
                mono = Arrays.copyOf(
                        mono, (int) Math.min(Math.max(2L * mono.length, n + samples), Integer.MAX_VALUE - 8));
            }
            if (digest != null) {
                update(digest, frame, le);
            }
            for (int i = 0; i < samples; i++) {
                double sum = 0;
                for (long[] channel : frame) {
                    sum += channel[i] * scale;
                }
                mono[n + i] = frame.length == 1 ? (float) sum : (float) (sum / frame.length);
            }
            n += samples;
        }
        if (n == 0) {
            throw new InvalidInputException("audio has 0 samples");
        }
        if (digest != null && !Arrays.equals(digest.digest(), md5)) {
            throw new InvalidInputException("FLAC stream does not match its MD5 signature (corrupt or truncated)");
        }
        return new Audio(n == mono.length ? mono : Arrays.copyOf(mono, n), sampleRate);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    private void update(MessageDigest digest, long[][] frame, byte[] buffer) {
        int width = (bitsPerSample + 7) / 8;
        int perSample = frame.length * width;
        int chunk = Math.max(1, buffer.length / perSample);
        for (int from = 0; from < frame[0].length; from += chunk) {
            int to = Math.min(frame[0].length, from + chunk);
            int p = 0;
            for (int i = from; i < to; i++) {
                for (long[] channel : frame) {
                    long v = channel[i];
                    for (int b = 0; b < width; b++) {
                        buffer[p++] = (byte) (v >> (8 * b));
                    }
                }
            }
            digest.update(buffer, 0, p);
        }
    }

    /** Reads the metadata blocks; returns STREAMINFO's total samples per channel (0 = unknown). */
    private long readMetadata() throws InvalidInputException {
        boolean last = false;
        boolean info = false;
        long total = 0;
        while (!last) {
            if (bit / 8 + 4 > data.length) {
                throw new InvalidInputException("truncated FLAC metadata");
            }
            last = bits(1) == 1;
            int type = (int) bits(7);
            int length = (int) bits(24);
            int end = bit / 8 + length;
            if (end > data.length) {
                throw new InvalidInputException(
                        "truncated FLAC metadata block (type " + type + ", " + length + " bytes)");
            }
            if (type == STREAMINFO) {
                if (length < 34) {
                    throw new InvalidInputException("FLAC STREAMINFO of " + length + " bytes; expected 34");
                }
                bits(16 + 16 + 24 + 24);
                sampleRate = (int) bits(20);
                channels = (int) bits(3) + 1;
                bitsPerSample = (int) bits(5) + 1;
                total = bits(36);
                md5 = new byte[16];
                for (int i = 0; i < 16; i++) {
                    md5[i] = (byte) bits(8);
                }
                info = true;
            } else if (type == 127) {
                throw new InvalidInputException("invalid FLAC metadata block type 127");
            }
            bit = end * 8;
        }
        if (!info) {
            throw new InvalidInputException("FLAC stream without STREAMINFO");
        }
        if (sampleRate == 0) {
            throw new InvalidInputException("FLAC stream has sampling rate 0");
        }
        if (bitsPerSample < 4) {
            throw new InvalidInputException("FLAC stream has " + bitsPerSample + " bits per sample");
        }
        return total;
    }

    private boolean atSync() {
        int p = bit / 8;
        return (data[p] & 0xFF) == 0xFF && (data[p + 1] & 0xFE) == 0xF8;
    }

    private long[][] readFrame() throws InvalidInputException {
        int start = bit / 8;
        bits(15); // sync code and the reserved bit
        bits(1); // blocking strategy: the sample/frame number below is not needed to decode
        int blockCode = (int) bits(4);
        int rateCode = (int) bits(4);
        int assignment = (int) bits(4);
        int sizeCode = (int) bits(3);
        if (bits(1) != 0) {
            throw corrupt(start, "reserved bit set");
        }
        readCodedNumber(start);
        int blockSize = switch (blockCode) {
            case 0 -> throw corrupt(start, "reserved block size");
            case 1 -> 192;
            case 2, 3, 4, 5 -> 576 << (blockCode - 2);
            case 6 -> (int) bits(8) + 1;
            case 7 -> (int) bits(16) + 1;
            default -> 256 << (blockCode - 8);
        };
        int rate = switch (rateCode) {
            case 0 -> sampleRate;
            case 1 -> 88200;
            case 2 -> 176400;
            case 3 -> 192000;
            case 4 -> 8000;
            case 5 -> 16000;
            case 6 -> 22050;
            case 7 -> 24000;
            case 8 -> 32000;
            case 9 -> 44100;
            case 10 -> 48000;
            case 11 -> 96000;
            case 12 -> (int) bits(8) * 1000;
            case 13 -> (int) bits(16);
            case 14 -> (int) bits(16) * 10;
            default -> throw corrupt(start, "invalid sample rate code");
        };
        int bps = switch (sizeCode) {
            case 0 -> bitsPerSample;
            case 1 -> 8;
            case 2 -> 12;
            case 4 -> 16;
            case 5 -> 20;
            case 6 -> 24;
            case 7 -> 32;
            default -> throw corrupt(start, "reserved sample size");
        };
        int headerEnd = bit / 8;
        int crc8 = (int) bits(8);
        if (crc8 != Crc.crc8(data, start, headerEnd)) {
            throw corrupt(start, "header CRC mismatch");
        }
        if (rate != sampleRate || bps != bitsPerSample) {
            throw corrupt(
                    start,
                    "frame of " + rate + " Hz / " + bps + " bits in a stream of " + sampleRate + " Hz / "
                            + bitsPerSample + " bits");
        }
        int frameChannels = assignment < 8 ? assignment + 1 : 2;
        if (assignment > 10) {
            throw corrupt(start, "reserved channel assignment " + assignment);
        }
        if (frameChannels != channels) {
            throw corrupt(start, frameChannels + " channels in a stream of " + channels);
        }
        long[][] out = new long[frameChannels][];
        for (int c = 0; c < frameChannels; c++) {
            boolean side = (assignment == 8 && c == 1) || (assignment == 9 && c == 0) || (assignment == 10 && c == 1);
            out[c] = readSubframe(start, blockSize, bps + (side ? 1 : 0));
        }
        bit = (bit + 7) & ~7;
        int frameEnd = bit / 8;
        int crc16 = (int) bits(16);
        if (crc16 != Crc.crc16(data, start, frameEnd)) {
            throw corrupt(start, "frame CRC mismatch");
        }
        decorrelate(assignment, out);
        return out;
    }

    private void readCodedNumber(int start) throws InvalidInputException {
        int first = (int) bits(8);
        int extra = first < 0x80
                ? 0
                : first < 0xC0
                        ? -1
                        : first < 0xE0
                                ? 1
                                : first < 0xF0
                                        ? 2
                                        : first < 0xF8
                                                ? 3
                                                : first < 0xFC ? 4 : first < 0xFE ? 5 : first == 0xFE ? 6 : -1;
        if (extra < 0) {
            throw corrupt(start, "invalid coded frame number");
        }
        for (int i = 0; i < extra; i++) {
            if ((bits(8) & 0xC0) != 0x80) {
                throw corrupt(start, "invalid coded frame number");
            }
        }
    }

    private static void decorrelate(int assignment, long[][] ch) {
        long[] a = ch[0];
        long[] b = ch.length > 1 ? ch[1] : null;
        switch (assignment) {
            case 8 -> {
                for (int i = 0; i < a.length; i++) {
                    b[i] = a[i] - b[i];
                }
            }
            case 9 -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                }
            }
            case 10 -> {
                for (int i = 0; i < a.length; i++) {
                    long mid = (a[i] << 1) | (b[i] & 1);
                    long side = b[i];
                    a[i] = (mid + side) >> 1;
                    b[i] = (mid - side) >> 1;
                }
            }
            default -> {
                // independent channels
            }
        }
    }

    private long[] readSubframe(int start, int blockSize, int bps) throws InvalidInputException {
        if (bits(1) != 0) {
            throw corrupt(start, "subframe padding bit set");
        }
        int type = (int) bits(6);
        int wasted = 0;
        if (bits(1) == 1) {
            wasted = unary() + 1;
            if (wasted >= bps) {
                throw corrupt(start, wasted + " wasted bits of " + bps);
            }
            bps -= wasted;
        }
        long[] s = new long[blockSize];
        if (type == 0) {
            Arrays.fill(s, signed(bps));
        } else if (type == 1) {
            for (int i = 0; i < blockSize; i++) {
                s[i] = signed(bps);
            }
        } else if (type >= 8 && type <= 12) {
            int order = type - 8;
            warmUp(start, s, order, bps);
            residual(start, s, order);
            fixedPrediction(s, order);
        } else if (type >= 32) {
            int order = type - 31;
            warmUp(start, s, order, bps);
            int precision = (int) bits(4) + 1;
            if (precision == 16) {
                throw corrupt(start, "invalid LPC coefficient precision");
            }
            int shift = (int) signed(5);
            if (shift < 0) {
                throw corrupt(start, "negative LPC shift");
            }
            long[] coefficients = new long[order];
            for (int j = 0; j < order; j++) {
                coefficients[j] = signed(precision);
            }
            residual(start, s, order);
            for (int i = order; i < blockSize; i++) {
                long sum = 0;
                for (int j = 0; j < order; j++) {
                    sum += coefficients[j] * s[i - 1 - j];
                }
                s[i] += sum >> shift;
            }
        } else {
            throw corrupt(start, "reserved subframe type " + type);
        }
        if (wasted > 0) {
            for (int i = 0; i < blockSize; i++) {
                s[i] <<= wasted;
            }
        }
        return s;
    }

    private void warmUp(int start, long[] s, int order, int bps) throws InvalidInputException {
        if (order > s.length) {
            throw corrupt(start, "predictor order " + order + " above block size " + s.length);
        }
        for (int i = 0; i < order; i++) {
            s[i] = signed(bps);
        }
    }

    private static void fixedPrediction(long[] s, int order) {
        for (int i = order; i < s.length; i++) {
            s[i] += switch (order) {
                case 0 -> 0;
                case 1 -> s[i - 1];
                case 2 -> 2 * s[i - 1] - s[i - 2];
                case 3 -> 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3];
                default -> 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4];
            };
        }
    }

    /** Reads the residual into {@code s[order..]} (prediction is added by the caller). */
    private void residual(int start, long[] s, int order) throws InvalidInputException {
        int method = (int) bits(2);
        if (method > 1) {
            throw corrupt(start, "reserved residual coding method");
        }
        int paramBits = method == 0 ? 4 : 5;
        int escape = method == 0 ? 15 : 31;
        int partitionOrder = (int) bits(4);
        int partitions = 1 << partitionOrder;
        int perPartition = s.length >> partitionOrder;
        if ((perPartition << partitionOrder) != s.length || perPartition < order) {
            throw corrupt(start, "residual partition order " + partitionOrder + " does not fit block size " + s.length);
        }
        int i = order;
        for (int p = 0; p < partitions; p++) {
            int count = p == 0 ? perPartition - order : perPartition;
            int k = (int) bits(paramBits);
            if (k == escape) {
                int raw = (int) bits(5);
                for (int j = 0; j < count; j++) {
                    s[i++] = raw == 0 ? 0 : signed(raw);
                }
            } else {
                for (int j = 0; j < count; j++) {
                    long u = ((long) unary() << k) | (k == 0 ? 0 : bits(k));
                    s[i++] = (u >>> 1) ^ -(u & 1);
                }
            }
        }
    }

    private InvalidInputException corrupt(int frameStart, String what) {
        return new InvalidInputException("corrupt FLAC frame at byte " + frameStart + ": " + what);
    }

    /** The next {@code n} (0..64) bits, most significant first. */
    private long bits(int n) {
        long v = 0;
        while (n > 0) {
            int inByte = 8 - (bit & 7);
            int take = Math.min(inByte, n);
            int b = data[bit >>> 3] & 0xFF;
            v = (v << take) | ((b >>> (inByte - take)) & ((1 << take) - 1));
            bit += take;
            n -= take;
        }
        return v;
    }

    private long signed(int n) {
        long v = bits(n);
        return n == 0 ? 0 : (v << (64 - n)) >> (64 - n);
    }

    /** Zeros before the next one bit. */
    private int unary() {
        int zeros = 0;
        while ((bit & 7) != 0) {
            if (bits(1) == 1) {
                return zeros;
            }
            zeros++;
        }
        while (data[bit >>> 3] == 0) {
            zeros += 8;
            bit += 8;
        }
        int b = data[bit >>> 3] & 0xFF;
        int lead = Integer.numberOfLeadingZeros(b) - 24;
        bit += lead + 1;
        return zeros + lead;
    }

    /** FLAC's CRCs: CRC-8 (poly 0x07) over frame headers, CRC-16 (poly 0x8005) over frames, MSB first, init 0. */
    static final class Crc {
        private static final int[] CRC8 = new int[256];
        private static final int[] CRC16 = new int[256];

        static {
            for (int i = 0; i < 256; i++) {
                int c8 = i;
                int c16 = i << 8;
                for (int k = 0; k < 8; k++) {
                    c8 = (c8 & 0x80) != 0 ? ((c8 << 1) ^ 0x07) & 0xFF : (c8 << 1) & 0xFF;
                    c16 = (c16 & 0x8000) != 0 ? ((c16 << 1) ^ 0x8005) & 0xFFFF : (c16 << 1) & 0xFFFF;
                }
                CRC8[i] = c8;
                CRC16[i] = c16;
            }
        }

        private Crc() {}

        static int crc8(byte[] d, int from, int to) {
            int c = 0;
            for (int i = from; i < to; i++) {
                c = CRC8[(c ^ d[i]) & 0xFF];
            }
            return c;
        }

        static int crc16(byte[] d, int from, int to) {
            int c = 0;
            for (int i = from; i < to; i++) {
                c = ((c << 8) ^ CRC16[((c >>> 8) ^ d[i]) & 0xFF]) & 0xFFFF;
            }
            return c;
        }
    }
}

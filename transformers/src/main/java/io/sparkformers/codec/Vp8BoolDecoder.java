package io.sparkformers.codec;

/** RFC 6386's boolean entropy decoder over {@code data[from, to)} (libwebp's bit_reader). */
final class Vp8BoolDecoder {
    private final byte[] d;
    private final int end;
    private int pos;
    private int value;
    private int range = 255;
    private int bitCount;

    Vp8BoolDecoder(byte[] d, int from, int to) {
        this.d = d;
        this.end = Math.min(to, d.length);
        this.pos = from;
        value = (next() << 8) | next();
    }

    private int next() {
        return pos < end ? d[pos++] & 0xFF : 0;
    }

    int bit(int prob) {
        int split = 1 + (((range - 1) * prob) >> 8);
        int bigSplit = split << 8;
        int r;
        if (value >= bigSplit) {
            r = 1;
            range -= split;
            value -= bigSplit;
        } else {
            r = 0;
            range = split;
        }
        while (range < 128) {
            value <<= 1;
            range <<= 1;
            if (++bitCount == 8) {
                bitCount = 0;
                value |= next();
            }
        }
        return r;
    }

    int literal(int n) {
        int v = 0;
        while (n-- > 0) {
            v = (v << 1) | bit(128);
        }
        return v;
    }

    int signed(int n) {
        int v = literal(n);
        return bit(128) == 1 ? -v : v;
    }
}

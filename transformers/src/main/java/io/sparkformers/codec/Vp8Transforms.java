package io.sparkformers.codec;

/** libwebp's integer inverse transforms (dsp/dec.c): the Walsh-Hadamard of the luma DCs and the 4x4 inverse DCT. */
final class Vp8Transforms {
    private final int[] scratch = new int[16];

    /** libwebp's inverse Walsh-Hadamard transform: the DC of each of the 16 luma blocks. */
    void wht(int[] in, int[] out) {
        int[] tmp = scratch;
        for (int i = 0; i < 4; i++) {
            int a0 = in[i] + in[12 + i];
            int a1 = in[4 + i] + in[8 + i];
            int a2 = in[4 + i] - in[8 + i];
            int a3 = in[i] - in[12 + i];
            tmp[i] = a0 + a1;
            tmp[8 + i] = a0 - a1;
            tmp[4 + i] = a3 + a2;
            tmp[12 + i] = a3 - a2;
        }
        for (int i = 0; i < 4; i++) {
            int dc = tmp[i * 4] + 3;
            int a0 = dc + tmp[3 + i * 4];
            int a1 = tmp[1 + i * 4] + tmp[2 + i * 4];
            int a2 = tmp[1 + i * 4] - tmp[2 + i * 4];
            int a3 = dc - tmp[3 + i * 4];
            out[(i * 4) * 16] = (a0 + a1) >> 3;
            out[(i * 4 + 1) * 16] = (a3 + a2) >> 3;
            out[(i * 4 + 2) * 16] = (a0 - a1) >> 3;
            out[(i * 4 + 3) * 16] = (a3 - a2) >> 3;
        }
    }

    private static int mul1(int a) {
        return ((a * 20091) >> 16) + a;
    }

    private static int mul2(int a) {
        return (a * 35468) >> 16;
    }

    /** libwebp's TransformOne: adds the inverse DCT of {@code in[off..off+16)} to the 4x4 block at {@code dst}. */
    void idctAdd(int[] in, int off, byte[] plane, int dst, int stride) {
        int[] tmp = scratch;
        for (int i = 0; i < 4; i++) {
            int a = in[off + i] + in[off + 8 + i];
            int b = in[off + i] - in[off + 8 + i];
            int c = mul2(in[off + 4 + i]) - mul1(in[off + 12 + i]);
            int d = mul1(in[off + 4 + i]) + mul2(in[off + 12 + i]);
            tmp[i * 4] = a + d;
            tmp[i * 4 + 1] = b + c;
            tmp[i * 4 + 2] = b - c;
            tmp[i * 4 + 3] = a - d;
        }
        for (int i = 0; i < 4; i++) {
            int dc = tmp[i] + 4;
            int a = dc + tmp[8 + i];
            int b = dc - tmp[8 + i];
            int c = mul2(tmp[4 + i]) - mul1(tmp[12 + i]);
            int d = mul1(tmp[4 + i]) + mul2(tmp[12 + i]);
            int row = dst + i * stride;
            plane[row] = clip8((plane[row] & 0xFF) + ((a + d) >> 3));
            plane[row + 1] = clip8((plane[row + 1] & 0xFF) + ((b + c) >> 3));
            plane[row + 2] = clip8((plane[row + 2] & 0xFF) + ((b - c) >> 3));
            plane[row + 3] = clip8((plane[row + 3] & 0xFF) + ((a - d) >> 3));
        }
    }

    static byte clip8(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}

package io.sparkformers.codec;

import static io.sparkformers.codec.Vp8Intra.B_DC;
import static io.sparkformers.codec.Vp8Intra.B_HD;
import static io.sparkformers.codec.Vp8Intra.B_HE;
import static io.sparkformers.codec.Vp8Intra.B_HU;
import static io.sparkformers.codec.Vp8Intra.B_LD;
import static io.sparkformers.codec.Vp8Intra.B_PRED;
import static io.sparkformers.codec.Vp8Intra.B_RD;
import static io.sparkformers.codec.Vp8Intra.B_TM;
import static io.sparkformers.codec.Vp8Intra.B_VE;
import static io.sparkformers.codec.Vp8Intra.B_VL;
import static io.sparkformers.codec.Vp8Intra.B_VR;
import static io.sparkformers.codec.Vp8Intra.DC_PRED;
import static io.sparkformers.codec.Vp8Intra.H_PRED;
import static io.sparkformers.codec.Vp8Intra.TM_PRED;
import static io.sparkformers.codec.Vp8Intra.V_PRED;

import io.sparkformers.runtime.InvalidInputException;
import java.util.Arrays;

/**
 * A VP8 key-frame decoder (lossy WebP, RFC 6386) that produces what libwebp — and so Pillow — produces: the same
 * Y/U/V planes (prediction from unfiltered neighbours, libwebp's integer transforms, normal and simple loop filters)
 * and libwebp's "fancy" chroma upsampling with its fixed-point BT.601 conversion. Alpha is not decoded: Pillow's
 * {@code convert("RGB")} drops it. Split along libwebp's own boundaries: this class reads the frame header, the
 * partitions and the macroblocks (modes, tokens) and reconstructs them; {@link Vp8BoolDecoder} reads the bits,
 * {@link Vp8Intra} predicts, {@link Vp8Transforms} inverts the transforms, {@link Vp8LoopFilter} filters and
 * {@link Vp8Upsampler} converts to RGB.
 */
final class Vp8Decoder {
    /** RFC 6386's bmode_tree: leaves are -mode, inner nodes index the next pair; probabilities at i >> 1. */
    private static final int[] BMODE_TREE = {
        -B_DC, 2, -B_TM, 4, -B_VE, 6, 8, 12, -B_HE, 10, -B_RD, -B_VR, -B_LD, 14, -B_VL, 16, -B_HD, -B_HU
    };

    private static final int[] ZIGZAG = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};
    private static final int[] BANDS = {0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0};
    private static final int[][] CAT3456 = {
        {173, 148, 140},
        {176, 155, 140, 135},
        {180, 157, 141, 134, 130},
        {254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129}
    };

    private final byte[] data;
    /** Where the VP8 chunk ends in {@code data}: the last token partition runs to here. */
    private final int end;

    private final int width;
    private final int height;
    private final int mbw;
    private final int mbh;
    private final int[][][][] coef;
    private final Vp8Frame frame;
    private final byte[] yPlane;
    private final byte[] uPlane;
    private final byte[] vPlane;
    private final int yStride;
    private final int uvStride;
    private final Vp8Intra intra = new Vp8Intra();
    private final Vp8Transforms transforms = new Vp8Transforms();

    // header state
    private boolean useSegment;
    private boolean updateMap;
    private boolean absoluteDelta;
    private final int[] segQuant = new int[4];
    private final int[] segFilter = new int[4];
    private final int[] segProbs = {255, 255, 255};
    private boolean simpleFilter;
    private int filterLevel;
    private int sharpness;
    private boolean useLfDelta;
    private final int[] refLfDelta = new int[4];
    private final int[] modeLfDelta = new int[4];
    private final int[][] dq = new int[4][6]; // y1dc, y1ac, y2dc, y2ac, uvdc, uvac

    // Scratch for one macroblock or 4x4 block at a time: a decoder decodes one image on one thread.
    private final int[] dcCoeffs = new int[16];
    private final int[] subModes = new int[16];
    private final int[] mbTop = new int[21]; // [0] = corner, [1..16] = above, [17..20] = above-right
    private final int[] mbLeft = new int[16];
    private final int[] blockTop = new int[9]; // [0] = corner, [1..8] = above and above-right
    private final int[] blockLeft = new int[4];
    private boolean useSkipProba;
    private int skipProba;

    private Vp8Decoder(byte[] data, int end, int width, int height) {
        this.data = data;
        this.end = end;
        this.width = width;
        this.height = height;
        this.mbw = (width + 15) >> 4;
        this.mbh = (height + 15) >> 4;
        this.coef = Vp8Tables.defaultCoefProbs();
        this.frame = Vp8Frame.of(width, height);
        this.yStride = frame.yStride();
        this.uvStride = frame.uvStride();
        this.yPlane = frame.y();
        this.uPlane = frame.u();
        this.vPlane = frame.v();
    }

    /** Decodes the VP8 chunk of a WebP file to RGB, or returns null when the file has no lossy (VP8) image. */
    static RgbImage decodeWebP(byte[] file, long maxPixels) throws InvalidInputException {
        int chunk = findVp8Chunk(file);
        if (chunk < 0) {
            return null;
        }
        int size = le32(file, chunk + 4);
        int start = chunk + 8;
        if (size < 10 || start + size > file.length) {
            throw new InvalidInputException(
                    "truncated WebP: VP8 chunk of " + size + " bytes in a file of " + file.length);
        }
        int tag = (file[start] & 0xFF) | ((file[start + 1] & 0xFF) << 8) | ((file[start + 2] & 0xFF) << 16);
        if ((tag & 1) != 0) {
            throw new InvalidInputException("corrupt WebP: the VP8 frame is not a key frame");
        }
        if ((file[start + 3] & 0xFF) != 0x9d || (file[start + 4] & 0xFF) != 0x01 || (file[start + 5] & 0xFF) != 0x2a) {
            throw new InvalidInputException("corrupt WebP: bad VP8 start code");
        }
        int w = ((file[start + 6] & 0xFF) | ((file[start + 7] & 0xFF) << 8)) & 0x3FFF;
        int h = ((file[start + 8] & 0xFF) | ((file[start + 9] & 0xFF) << 8)) & 0x3FFF;
        if (w == 0 || h == 0) {
            throw new InvalidInputException("image has 0 pixels (" + w + "x" + h + ")");
        }
        if ((long) w * h > maxPixels) {
            throw new InvalidInputException("image of " + w + "x" + h + " = " + ((long) w * h)
                    + " pixels exceeds maxPixels=" + maxPixels + " (possible decompression bomb)");
        }
        int firstPartition = tag >>> 5;
        Vp8Decoder d = new Vp8Decoder(file, start + size, w, h);
        try {
            d.decodeFrame(start + 10, firstPartition);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new InvalidInputException("corrupt WebP: VP8 data ends early", e);
        }
        return new Vp8Upsampler(d.frame).toRgb();
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16) | ((b[p + 3] & 0xFF) << 24);
    }

    private static int findVp8Chunk(byte[] f) {
        if (f.length < 20
                || f[0] != 'R'
                || f[1] != 'I'
                || f[2] != 'F'
                || f[3] != 'F'
                || f[8] != 'W'
                || f[9] != 'E'
                || f[10] != 'B'
                || f[11] != 'P') {
            return -1;
        }
        int p = 12;
        while (p + 8 <= f.length) {
            int size = le32(f, p + 4);
            if (f[p] == 'V' && f[p + 1] == 'P' && f[p + 2] == '8' && f[p + 3] == ' ') {
                return p;
            }
            boolean lossless = f[p] == 'V' && f[p + 1] == 'P' && f[p + 2] == '8' && f[p + 3] == 'L';
            boolean animation = f[p] == 'A' && f[p + 1] == 'N' && f[p + 2] == 'M' && f[p + 3] == 'F';
            if (lossless || animation || size < 0) {
                // Lossless and animated files are left to the ImageIO reader.
                return -1;
            }
            p += 8 + size + (size & 1);
        }
        return -1;
    }

    private void decodeFrame(int headerEnd, int firstPartition) throws InvalidInputException {
        if (headerEnd + firstPartition > end) {
            throw new InvalidInputException(
                    "corrupt WebP: first VP8 partition of " + firstPartition + " bytes overruns");
        }
        Vp8BoolDecoder br = new Vp8BoolDecoder(data, headerEnd, headerEnd + firstPartition);
        br.bit(128); // colour space
        br.bit(128); // clamping type
        useSegment = br.bit(128) == 1;
        if (useSegment) {
            updateMap = br.bit(128) == 1;
            if (br.bit(128) == 1) {
                absoluteDelta = br.bit(128) == 1;
                for (int s = 0; s < 4; s++) {
                    segQuant[s] = br.bit(128) == 1 ? br.signed(7) : 0;
                }
                for (int s = 0; s < 4; s++) {
                    segFilter[s] = br.bit(128) == 1 ? br.signed(6) : 0;
                }
            }
            if (updateMap) {
                for (int s = 0; s < 3; s++) {
                    segProbs[s] = br.bit(128) == 1 ? br.literal(8) : 255;
                }
            }
        }
        simpleFilter = br.bit(128) == 1;
        filterLevel = br.literal(6);
        sharpness = br.literal(3);
        useLfDelta = br.bit(128) == 1;
        if (useLfDelta && br.bit(128) == 1) {
            for (int i = 0; i < 4; i++) {
                if (br.bit(128) == 1) {
                    refLfDelta[i] = br.signed(6);
                }
            }
            for (int i = 0; i < 4; i++) {
                if (br.bit(128) == 1) {
                    modeLfDelta[i] = br.signed(6);
                }
            }
        }
        int partitions = 1 << br.literal(2);
        Vp8BoolDecoder[] tokens = partitions(headerEnd + firstPartition, partitions);
        parseQuant(br);
        br.bit(128); // refresh entropy probabilities: irrelevant for a single frame
        for (int t = 0; t < 4; t++) {
            for (int b = 0; b < 8; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 11; p++) {
                        if (br.bit(Vp8Tables.COEF_UPDATE[t][b][c][p]) == 1) {
                            coef[t][b][c][p] = br.literal(8);
                        }
                    }
                }
            }
        }
        useSkipProba = br.bit(128) == 1;
        if (useSkipProba) {
            skipProba = br.literal(8);
        }
        decodeMacroblocks(br, tokens);
        new Vp8LoopFilter(
                        frame,
                        simpleFilter,
                        filterLevel,
                        sharpness,
                        useSegment,
                        absoluteDelta,
                        segFilter,
                        useLfDelta,
                        refLfDelta,
                        modeLfDelta)
                .apply(mbSegment, mbInner, mbIs4x4);
    }

    private Vp8BoolDecoder[] partitions(int start, int count) throws InvalidInputException {
        int sizes = start;
        int p = start + 3 * (count - 1);
        if (p > end) {
            throw new InvalidInputException("corrupt WebP: VP8 partition table overruns");
        }
        Vp8BoolDecoder[] out = new Vp8BoolDecoder[count];
        for (int i = 0; i < count; i++) {
            int size = i < count - 1
                    ? (data[sizes + 3 * i] & 0xFF)
                            | ((data[sizes + 3 * i + 1] & 0xFF) << 8)
                            | ((data[sizes + 3 * i + 2] & 0xFF) << 16)
                    : end - p;
            out[i] = new Vp8BoolDecoder(data, p, p + size);
            p += size;
        }
        return out;
    }

    private void parseQuant(Vp8BoolDecoder br) {
        int base = br.literal(7);
        int y1dc = br.bit(128) == 1 ? br.signed(4) : 0;
        int y2dc = br.bit(128) == 1 ? br.signed(4) : 0;
        int y2ac = br.bit(128) == 1 ? br.signed(4) : 0;
        int uvdc = br.bit(128) == 1 ? br.signed(4) : 0;
        int uvac = br.bit(128) == 1 ? br.signed(4) : 0;
        for (int s = 0; s < 4; s++) {
            int q = useSegment ? segQuant[s] + (absoluteDelta ? 0 : base) : base;
            int[] m = dq[s];
            m[0] = Vp8Tables.DC_Q[clip(q + y1dc, 127)];
            m[1] = Vp8Tables.AC_Q[clip(q, 127)];
            m[2] = Vp8Tables.DC_Q[clip(q + y2dc, 127)] * 2;
            m[3] = Math.max(8, (Vp8Tables.AC_Q[clip(q + y2ac, 127)] * 101581) >> 16);
            m[4] = Vp8Tables.DC_Q[clip(q + uvdc, 117)];
            m[5] = Vp8Tables.AC_Q[clip(q + uvac, 127)];
        }
    }

    private static int clip(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    // Per macroblock, kept for the loop filter.
    private int[] mbSegment;
    private boolean[] mbInner;
    private boolean[] mbIs4x4;

    private void decodeMacroblocks(Vp8BoolDecoder br, Vp8BoolDecoder[] tokens) {
        mbSegment = new int[mbw * mbh];
        mbInner = new boolean[mbw * mbh];
        mbIs4x4 = new boolean[mbw * mbh];
        int[] topModes = new int[mbw * 4];
        int[] topNz = new int[mbw * 4 + mbw * 2 * 2];
        int[] topNzDc = new int[mbw];
        int[] coeffs = new int[25 * 16];
        for (int my = 0; my < mbh; my++) {
            int[] leftModes = new int[4];
            int[] leftNz = new int[4 + 2 + 2];
            int[] leftNzDc = new int[1];
            Vp8BoolDecoder tb = tokens[my & (tokens.length - 1)];
            for (int mx = 0; mx < mbw; mx++) {
                int idx = my * mbw + mx;
                int segment =
                        updateMap ? (br.bit(segProbs[0]) == 0 ? br.bit(segProbs[1]) : 2 + br.bit(segProbs[2])) : 0;
                boolean skip = useSkipProba && br.bit(skipProba) == 1;
                boolean is4x4 = br.bit(145) == 0;
                int ymode;
                if (!is4x4) {
                    ymode = br.bit(156) == 1
                            ? (br.bit(128) == 1 ? TM_PRED : H_PRED)
                            : (br.bit(163) == 1 ? V_PRED : DC_PRED);
                    int sub = switch (ymode) {
                        case V_PRED -> B_VE;
                        case H_PRED -> B_HE;
                        case TM_PRED -> B_TM;
                        default -> B_DC;
                    };
                    Arrays.fill(topModes, mx * 4, mx * 4 + 4, sub);
                    Arrays.fill(leftModes, sub);
                } else {
                    ymode = B_PRED;
                    for (int y = 0; y < 4; y++) {
                        int left = leftModes[y];
                        for (int x = 0; x < 4; x++) {
                            int[] prob = Vp8Tables.BMODE_PROB[topModes[mx * 4 + x]][left];
                            int i = 0;
                            do {
                                i = BMODE_TREE[i + br.bit(prob[i >> 1])];
                            } while (i > 0);
                            int mode = -i;
                            subModes[y * 4 + x] = mode;
                            topModes[mx * 4 + x] = mode;
                            left = mode;
                        }
                        leftModes[y] = left;
                    }
                }
                int uvmode =
                        br.bit(142) == 0 ? DC_PRED : br.bit(114) == 0 ? V_PRED : br.bit(183) == 1 ? TM_PRED : H_PRED;

                Arrays.fill(coeffs, 0);
                boolean nonZero = false;
                if (!skip) {
                    nonZero = residuals(tb, coeffs, segment, is4x4, mx, topNz, leftNz, topNzDc, leftNzDc);
                } else {
                    Arrays.fill(leftNz, 0);
                    for (int i = 0; i < 4; i++) {
                        topNz[mx * 4 + i] = 0;
                    }
                    for (int i = 0; i < 4; i++) {
                        topNz[mbw * 4 + mx * 4 + i] = 0;
                    }
                    if (!is4x4) {
                        leftNzDc[0] = 0;
                        topNzDc[mx] = 0;
                    }
                }
                mbSegment[idx] = segment;
                mbIs4x4[idx] = is4x4;
                mbInner[idx] = is4x4 || nonZero;
                reconstruct(mx, my, ymode, uvmode, coeffs);
            }
        }
    }

    /** Reads the macroblock's coefficients (dequantized, natural order); true when any is non-zero. */
    private boolean residuals(
            Vp8BoolDecoder tb,
            int[] c,
            int segment,
            boolean is4x4,
            int mx,
            int[] topNz,
            int[] leftNz,
            int[] topNzDc,
            int[] leftNzDc) {
        int[] q = dq[segment];
        boolean nonZero = false;
        int first;
        int yType;
        if (!is4x4) {
            int[] dc = dcCoeffs;
            Arrays.fill(dc, 0);
            int ctx = topNzDc[mx] + leftNzDc[0];
            int nz = coefficients(tb, 1, ctx, q[2], q[3], 0, dc, 0);
            topNzDc[mx] = leftNzDc[0] = nz > 0 ? 1 : 0;
            if (nz > 0) {
                transforms.wht(dc, c);
            }
            first = 1;
            yType = 0;
        } else {
            first = 0;
            yType = 3;
        }
        for (int y = 0; y < 4; y++) {
            int l = leftNz[y];
            for (int x = 0; x < 4; x++) {
                int ctx = l + topNz[mx * 4 + x];
                int off = (y * 4 + x) * 16;
                int nz = coefficients(tb, yType, ctx, q[0], q[1], first, c, off);
                l = nz > first ? 1 : 0;
                topNz[mx * 4 + x] = l;
                // libwebp's rule for "this block has something to add" (it decides the inner loop filtering).
                nonZero |= nz > 1 || c[off] != 0;
            }
            leftNz[y] = l;
        }
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 2; y++) {
                int l = leftNz[4 + ch * 2 + y];
                for (int x = 0; x < 2; x++) {
                    int t = mbw * 4 + mx * 4 + ch * 2 + x;
                    int ctx = l + topNz[t];
                    int off = (16 + ch * 4 + y * 2 + x) * 16;
                    int nz = coefficients(tb, 2, ctx, q[4], q[5], 0, c, off);
                    l = nz > 0 ? 1 : 0;
                    topNz[t] = l;
                    nonZero |= nz > 1 || c[off] != 0;
                }
                leftNz[4 + ch * 2 + y] = l;
            }
        }
        return nonZero;
    }

    /** libwebp's GetCoeffs: returns the index after the last non-zero coefficient (or {@code n} when none). */
    private int coefficients(Vp8BoolDecoder br, int type, int ctx, int dcq, int acq, int n, int[] out, int off) {
        int[] p = coef[type][BANDS[n]][ctx];
        for (; n < 16; ++n) {
            if (br.bit(p[0]) == 0) {
                return n;
            }
            while (br.bit(p[1]) == 0) {
                p = coef[type][BANDS[++n]][0];
                if (n == 16) {
                    return 16;
                }
            }
            int v;
            int[][] next = coef[type][BANDS[n + 1]];
            if (br.bit(p[2]) == 0) {
                v = 1;
                p = next[1];
            } else {
                v = largeValue(br, p);
                p = next[2];
            }
            int s = br.bit(128) == 1 ? -v : v;
            out[off + ZIGZAG[n]] = s * (n > 0 ? acq : dcq);
        }
        return 16;
    }

    private static int largeValue(Vp8BoolDecoder br, int[] p) {
        int v;
        if (br.bit(p[3]) == 0) {
            v = br.bit(p[4]) == 0 ? 2 : 3 + br.bit(p[5]);
        } else if (br.bit(p[6]) == 0) {
            if (br.bit(p[7]) == 0) {
                v = 5 + br.bit(159);
            } else {
                v = 7 + 2 * br.bit(165);
                v += br.bit(145);
            }
        } else {
            int bit1 = br.bit(p[8]);
            int bit0 = br.bit(p[9 + bit1]);
            int cat = 2 * bit1 + bit0;
            v = 0;
            for (int prob : CAT3456[cat]) {
                v += v + br.bit(prob);
            }
            v += 3 + (8 << cat);
        }
        return v;
    }

    private void reconstruct(int mx, int my, int ymode, int uvmode, int[] c) {
        // Luma edges as libwebp sets them: 127 above the first row (top-right too), 129 left of the first column,
        // and the corner 129 on the left column below the first row.
        int x0 = mx * 16;
        int y0 = my * 16;
        int[] top = mbTop;
        int[] left = mbLeft;
        edges(yPlane, yStride, x0, y0, 16, mx, my, top, left, true);
        if (ymode != B_PRED) {
            Vp8Intra.predict16(yPlane, yStride, x0, y0, 16, ymode, top, left, mx, my);
            for (int b = 0; b < 16; b++) {
                transforms.idctAdd(c, b * 16, yPlane, (y0 + (b >> 2) * 4) * yStride + x0 + (b & 3) * 4, yStride);
            }
        } else {
            for (int sy = 0; sy < 4; sy++) {
                for (int sx = 0; sx < 4; sx++) {
                    int[] t = blockTop;
                    int[] l = blockLeft;
                    int bx = x0 + sx * 4;
                    int by = y0 + sy * 4;
                    for (int i = 0; i < 8; i++) {
                        if (sy == 0) {
                            t[1 + i] = top[1 + sx * 4 + i];
                        } else if (i < 4 || sx < 3) {
                            t[1 + i] = yPlane[(by - 1) * yStride + bx + i] & 0xFF;
                        } else {
                            t[1 + i] = top[17 + (i - 4)];
                        }
                    }
                    t[0] = sy == 0
                            ? top[sx * 4]
                            : sx == 0 ? left[sy * 4 - 1] : yPlane[(by - 1) * yStride + bx - 1] & 0xFF;
                    for (int i = 0; i < 4; i++) {
                        l[i] = sx == 0 ? left[sy * 4 + i] : yPlane[(by + i) * yStride + bx - 1] & 0xFF;
                    }
                    intra.predict4(yPlane, by * yStride + bx, yStride, subModes[sy * 4 + sx], t, l);
                    transforms.idctAdd(c, (sy * 4 + sx) * 16, yPlane, by * yStride + bx, yStride);
                }
            }
        }
        for (int ch = 0; ch < 2; ch++) {
            byte[] plane = ch == 0 ? uPlane : vPlane;
            // The luma edges are done with: their arrays hold the chroma ones now.
            edges(plane, uvStride, mx * 8, my * 8, 8, mx, my, mbTop, mbLeft, false);
            Vp8Intra.predict16(plane, uvStride, mx * 8, my * 8, 8, uvmode, mbTop, mbLeft, mx, my);
            for (int b = 0; b < 4; b++) {
                transforms.idctAdd(
                        c,
                        (16 + ch * 4 + b) * 16,
                        plane,
                        (my * 8 + (b >> 1) * 4) * uvStride + mx * 8 + (b & 1) * 4,
                        uvStride);
            }
        }
    }

    private void edges(
            byte[] plane, int stride, int x0, int y0, int n, int mx, int my, int[] top, int[] left, boolean topRight) {
        if (my == 0) {
            Arrays.fill(top, 127);
        } else {
            for (int i = 0; i < n; i++) {
                top[1 + i] = plane[(y0 - 1) * stride + x0 + i] & 0xFF;
            }
            top[0] = mx == 0 ? 129 : plane[(y0 - 1) * stride + x0 - 1] & 0xFF;
            if (topRight) {
                for (int i = 0; i < 4; i++) {
                    top[1 + n + i] = mx == mbw - 1 ? top[n] : plane[(y0 - 1) * stride + x0 + n + i] & 0xFF;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            left[i] = mx == 0 ? 129 : plane[(y0 + i) * stride + x0 - 1] & 0xFF;
        }
    }
}

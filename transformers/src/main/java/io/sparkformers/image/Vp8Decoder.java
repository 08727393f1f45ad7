package io.sparkformers.image;

import io.sparkformers.runtime.InvalidInputException;

/**
 * A VP8 key-frame decoder (lossy WebP, RFC 6386) that produces what libwebp — and so Pillow — produces: the same
 * Y/U/V planes (prediction from unfiltered neighbours, libwebp's integer transforms, normal and simple loop filters)
 * and libwebp's "fancy" chroma upsampling with its fixed-point BT.601 conversion. Alpha is not decoded: Pillow's
 * {@code convert("RGB")} drops it.
 */
final class Vp8Decoder {
  // Mode numbers as RFC 6386 orders them (the order of its probability tables).
  private static final int DC_PRED = 0;
  private static final int V_PRED = 1;
  private static final int H_PRED = 2;
  private static final int TM_PRED = 3;
  private static final int B_PRED = 4;
  private static final int B_DC = 0;
  private static final int B_TM = 1;
  private static final int B_VE = 2;
  private static final int B_HE = 3;
  private static final int B_LD = 4;
  private static final int B_RD = 5;
  private static final int B_VR = 6;
  private static final int B_VL = 7;
  private static final int B_HD = 8;
  private static final int B_HU = 9;
  /** RFC 6386's bmode_tree: leaves are -mode, inner nodes index the next pair; probabilities at i >> 1. */
  private static final int[] BMODE_TREE = {
      -B_DC, 2, -B_TM, 4, -B_VE, 6, 8, 12, -B_HE, 10, -B_RD, -B_VR, -B_LD, 14, -B_VL, 16, -B_HD, -B_HU};
  private static final int[] ZIGZAG = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};
  private static final int[] BANDS = {0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0};
  private static final int[][] CAT3456 = {
      {173, 148, 140}, {176, 155, 140, 135}, {180, 157, 141, 134, 130},
      {254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129}};

  private final byte[] data;
  /** Where the VP8 chunk ends in {@code data}: the last token partition runs to here. */
  private final int end;
  private final int width;
  private final int height;
  private final int mbw;
  private final int mbh;
  private final int[][][][] coef;
  private final byte[] yPlane;
  private final byte[] uPlane;
  private final byte[] vPlane;
  private final int yStride;
  private final int uvStride;

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
  private final int[] transformTmp = new int[16];
  private final int[] pred = new int[16];
  private final int[] values = new int[10];
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
    this.yStride = mbw * 16;
    this.uvStride = mbw * 8;
    this.yPlane = new byte[yStride * mbh * 16];
    this.uPlane = new byte[uvStride * mbh * 8];
    this.vPlane = new byte[uvStride * mbh * 8];
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
      throw new InvalidInputException("truncated WebP: VP8 chunk of " + size + " bytes in a file of " + file.length);
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
      throw new InvalidInputException("image of " + w + "x" + h + " = " + ((long) w * h) + " pixels exceeds maxPixels="
          + maxPixels + " (possible decompression bomb)");
    }
    int firstPartition = tag >>> 5;
    Vp8Decoder d = new Vp8Decoder(file, start + size, w, h);
    try {
      d.decodeFrame(start + 10, firstPartition);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new InvalidInputException("corrupt WebP: VP8 data ends early", e);
    }
    return d.toRgb();
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16) | ((b[p + 3] & 0xFF) << 24);
  }

  private static int findVp8Chunk(byte[] f) {
    if (f.length < 20 || f[0] != 'R' || f[1] != 'I' || f[2] != 'F' || f[3] != 'F' || f[8] != 'W' || f[9] != 'E'
        || f[10] != 'B' || f[11] != 'P') {
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

  /** RFC 6386's boolean entropy decoder over {@code data[from, to)}. */
  private static final class Bool {
    private final byte[] d;
    private final int end;
    private int pos;
    private int value;
    private int range = 255;
    private int bitCount;

    Bool(byte[] d, int from, int to) {
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

  private void decodeFrame(int headerEnd, int firstPartition) throws InvalidInputException {
    if (headerEnd + firstPartition > end) {
      throw new InvalidInputException("corrupt WebP: first VP8 partition of " + firstPartition + " bytes overruns");
    }
    Bool br = new Bool(data, headerEnd, headerEnd + firstPartition);
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
    Bool[] tokens = partitions(headerEnd + firstPartition, partitions);
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
    loopFilter();
  }

  private Bool[] partitions(int start, int count) throws InvalidInputException {
    int sizes = start;
    int p = start + 3 * (count - 1);
    if (p > end) {
      throw new InvalidInputException("corrupt WebP: VP8 partition table overruns");
    }
    Bool[] out = new Bool[count];
    for (int i = 0; i < count; i++) {
      int size = i < count - 1
          ? (data[sizes + 3 * i] & 0xFF) | ((data[sizes + 3 * i + 1] & 0xFF) << 8) | ((data[sizes + 3 * i + 2] & 0xFF) << 16)
          : end - p;
      out[i] = new Bool(data, p, p + size);
      p += size;
    }
    return out;
  }

  private void parseQuant(Bool br) {
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

  private void decodeMacroblocks(Bool br, Bool[] tokens) {
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
      Bool tb = tokens[my & (tokens.length - 1)];
      for (int mx = 0; mx < mbw; mx++) {
        int idx = my * mbw + mx;
        int segment = updateMap ? (br.bit(segProbs[0]) == 0 ? br.bit(segProbs[1]) : 2 + br.bit(segProbs[2])) : 0;
        boolean skip = useSkipProba && br.bit(skipProba) == 1;
        boolean is4x4 = br.bit(145) == 0;
        int ymode;
        if (!is4x4) {
          ymode = br.bit(156) == 1 ? (br.bit(128) == 1 ? TM_PRED : H_PRED) : (br.bit(163) == 1 ? V_PRED : DC_PRED);
          int sub = switch (ymode) {
            case V_PRED -> B_VE;
            case H_PRED -> B_HE;
            case TM_PRED -> B_TM;
            default -> B_DC;
          };
          java.util.Arrays.fill(topModes, mx * 4, mx * 4 + 4, sub);
          java.util.Arrays.fill(leftModes, sub);
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
        int uvmode = br.bit(142) == 0 ? DC_PRED : br.bit(114) == 0 ? V_PRED : br.bit(183) == 1 ? TM_PRED : H_PRED;

        java.util.Arrays.fill(coeffs, 0);
        boolean nonZero = false;
        if (!skip) {
          nonZero = residuals(tb, coeffs, segment, is4x4, mx, topNz, leftNz, topNzDc, leftNzDc);
        } else {
          java.util.Arrays.fill(leftNz, 0);
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
  private boolean residuals(Bool tb, int[] c, int segment, boolean is4x4, int mx, int[] topNz, int[] leftNz,
      int[] topNzDc, int[] leftNzDc) {
    int[] q = dq[segment];
    boolean nonZero = false;
    int first;
    int yType;
    if (!is4x4) {
      int[] dc = dcCoeffs;
      java.util.Arrays.fill(dc, 0);
      int ctx = topNzDc[mx] + leftNzDc[0];
      int nz = coefficients(tb, 1, ctx, q[2], q[3], 0, dc, 0);
      topNzDc[mx] = leftNzDc[0] = nz > 0 ? 1 : 0;
      if (nz > 0) {
        wht(dc, c);
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
  private int coefficients(Bool br, int type, int ctx, int dcq, int acq, int n, int[] out, int off) {
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

  private static int largeValue(Bool br, int[] p) {
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

  /** libwebp's inverse Walsh-Hadamard transform: the DC of each of the 16 luma blocks. */
  private void wht(int[] in, int[] out) {
    int[] tmp = transformTmp;
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
  private void idctAdd(int[] in, int off, byte[] plane, int dst, int stride) {
    int[] tmp = transformTmp;
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

  private static byte clip8(int v) {
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
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
      predict16(yPlane, yStride, x0, y0, 16, ymode, top, left, mx, my);
      for (int b = 0; b < 16; b++) {
        idctAdd(c, b * 16, yPlane, (y0 + (b >> 2) * 4) * yStride + x0 + (b & 3) * 4, yStride);
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
          t[0] = sy == 0 ? top[sx * 4] : sx == 0 ? left[sy * 4 - 1] : yPlane[(by - 1) * yStride + bx - 1] & 0xFF;
          for (int i = 0; i < 4; i++) {
            l[i] = sx == 0 ? left[sy * 4 + i] : yPlane[(by + i) * yStride + bx - 1] & 0xFF;
          }
          predict4(yPlane, by * yStride + bx, yStride, subModes[sy * 4 + sx], t, l);
          idctAdd(c, (sy * 4 + sx) * 16, yPlane, by * yStride + bx, yStride);
        }
      }
    }
    for (int ch = 0; ch < 2; ch++) {
      byte[] plane = ch == 0 ? uPlane : vPlane;
      // The luma edges are done with: their arrays hold the chroma ones now.
      edges(plane, uvStride, mx * 8, my * 8, 8, mx, my, mbTop, mbLeft, false);
      predict16(plane, uvStride, mx * 8, my * 8, 8, uvmode, mbTop, mbLeft, mx, my);
      for (int b = 0; b < 4; b++) {
        idctAdd(c, (16 + ch * 4 + b) * 16, plane, (my * 8 + (b >> 1) * 4) * uvStride + mx * 8 + (b & 1) * 4, uvStride);
      }
    }
  }

  private void edges(byte[] plane, int stride, int x0, int y0, int n, int mx, int my, int[] top, int[] left,
      boolean topRight) {
    if (my == 0) {
      java.util.Arrays.fill(top, 127);
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

  /** 16x16 luma or 8x8 chroma prediction (DC with libwebp's variants at the frame's edges). */
  private static void predict16(byte[] plane, int stride, int x0, int y0, int n, int mode, int[] top, int[] left,
      int mx, int my) {
    int shift = n == 16 ? 4 : 3;
    for (int y = 0; y < n; y++) {
      int row = (y0 + y) * stride + x0;
      for (int x = 0; x < n; x++) {
        int v;
        switch (mode) {
          case V_PRED -> v = top[1 + x];
          case H_PRED -> v = left[y];
          case TM_PRED -> v = clipInt(top[1 + x] + left[y] - top[0]);
          default -> v = -1;
        }
        if (v >= 0) {
          plane[row + x] = (byte) v;
        }
      }
    }
    if (mode == DC_PRED) {
      int dc;
      if (mx > 0 && my > 0) {
        int s = 0;
        for (int i = 0; i < n; i++) {
          s += top[1 + i] + left[i];
        }
        dc = (s + n) >> (shift + 1);
      } else if (my > 0) {
        int s = 0;
        for (int i = 0; i < n; i++) {
          s += top[1 + i];
        }
        dc = (s + (n >> 1)) >> shift;
      } else if (mx > 0) {
        int s = 0;
        for (int i = 0; i < n; i++) {
          s += left[i];
        }
        dc = (s + (n >> 1)) >> shift;
      } else {
        dc = 128;
      }
      for (int y = 0; y < n; y++) {
        java.util.Arrays.fill(plane, (y0 + y) * stride + x0, (y0 + y) * stride + x0 + n, (byte) dc);
      }
    }
  }

  private static int clipInt(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static int avg3(int a, int b, int c) {
    return (a + 2 * b + c + 2) >> 2;
  }

  private static int avg2(int a, int b) {
    return (a + b + 1) >> 1;
  }

  /**
   * Where each value of a directional 4x4 mode goes (RFC 6386 §12.3): per mode, per value in the order
   * {@link #predict4} computes them, the (x, y) pairs of the pixels that take it.
   */
  private static final int[][][] PIXELS = new int[10][][];

  static {
    PIXELS[B_LD] = pixels(new int[][] {{0, 0}, {1, 0, 0, 1}, {2, 0, 1, 1, 0, 2}, {3, 0, 2, 1, 1, 2, 0, 3},
        {3, 1, 2, 2, 1, 3}, {3, 2, 2, 3}, {3, 3}});
    PIXELS[B_RD] = pixels(new int[][] {{0, 3}, {1, 3, 0, 2}, {2, 3, 1, 2, 0, 1}, {3, 3, 2, 2, 1, 1, 0, 0},
        {3, 2, 2, 1, 1, 0}, {3, 1, 2, 0}, {3, 0}});
    PIXELS[B_VR] = pixels(new int[][] {{0, 0, 1, 2}, {1, 0, 2, 2}, {2, 0, 3, 2}, {3, 0}, {0, 3}, {0, 2}, {0, 1, 1, 3},
        {1, 1, 2, 3}, {2, 1, 3, 3}, {3, 1}});
    PIXELS[B_VL] = pixels(new int[][] {{0, 0}, {1, 0, 0, 2}, {2, 0, 1, 2}, {3, 0, 2, 2}, {0, 1}, {1, 1, 0, 3},
        {2, 1, 1, 3}, {3, 1, 2, 3}, {3, 2}, {3, 3}});
    PIXELS[B_HD] = pixels(new int[][] {{0, 0, 2, 1}, {0, 1, 2, 2}, {0, 2, 2, 3}, {0, 3}, {3, 0}, {2, 0}, {1, 0, 3, 1},
        {1, 1, 3, 2}, {1, 2, 3, 3}, {1, 3}});
    PIXELS[B_HU] = pixels(new int[][] {{0, 0}, {2, 0, 0, 1}, {2, 1, 0, 2}, {1, 0}, {3, 0, 1, 1}, {3, 1, 1, 2},
        {3, 2, 2, 2, 0, 3, 1, 3, 2, 3, 3, 3}});
  }

  private static int[][] pixels(int[][] xy) {
    int[][] out = new int[xy.length][];
    for (int v = 0; v < xy.length; v++) {
      out[v] = new int[xy[v].length / 2];
      for (int n = 0; n < out[v].length; n++) {
        out[v][n] = xy[v][2 * n + 1] * 4 + xy[v][2 * n];
      }
    }
    return out;
  }

  /** The ten 4x4 modes; {@code t[0]} is the corner, {@code t[1..8]} above and above-right, {@code l} the left. */
  private void predict4(byte[] plane, int dst, int stride, int mode, int[] t, int[] l) {
    int[] p = pred;
    int[] v = values;
    int x = t[0];
    int a = t[1];
    int b = t[2];
    int c = t[3];
    int d = t[4];
    int e = t[5];
    int f = t[6];
    int g = t[7];
    int h = t[8];
    int i = l[0];
    int j = l[1];
    int k = l[2];
    int ll = l[3];
    switch (mode) {
      case B_DC -> java.util.Arrays.fill(p, (a + b + c + d + i + j + k + ll + 4) >> 3);
      case B_TM -> {
        for (int yy = 0; yy < 4; yy++) {
          for (int xx = 0; xx < 4; xx++) {
            p[yy * 4 + xx] = clipInt(t[1 + xx] + l[yy] - x);
          }
        }
      }
      case B_VE -> {
        v[0] = avg3(x, a, b);
        v[1] = avg3(a, b, c);
        v[2] = avg3(b, c, d);
        v[3] = avg3(c, d, e);
        for (int n = 0; n < 16; n++) {
          p[n] = v[n & 3];
        }
      }
      case B_HE -> {
        v[0] = avg3(x, i, j);
        v[1] = avg3(i, j, k);
        v[2] = avg3(j, k, ll);
        v[3] = avg3(k, ll, ll);
        for (int n = 0; n < 16; n++) {
          p[n] = v[n >> 2];
        }
      }
      case B_LD -> {
        v[0] = avg3(a, b, c);
        v[1] = avg3(b, c, d);
        v[2] = avg3(c, d, e);
        v[3] = avg3(d, e, f);
        v[4] = avg3(e, f, g);
        v[5] = avg3(f, g, h);
        v[6] = avg3(g, h, h);
      }
      case B_RD -> {
        v[0] = avg3(j, k, ll);
        v[1] = avg3(i, j, k);
        v[2] = avg3(x, i, j);
        v[3] = avg3(a, x, i);
        v[4] = avg3(b, a, x);
        v[5] = avg3(c, b, a);
        v[6] = avg3(d, c, b);
      }
      case B_VR -> {
        v[0] = avg2(x, a);
        v[1] = avg2(a, b);
        v[2] = avg2(b, c);
        v[3] = avg2(c, d);
        v[4] = avg3(k, j, i);
        v[5] = avg3(j, i, x);
        v[6] = avg3(i, x, a);
        v[7] = avg3(x, a, b);
        v[8] = avg3(a, b, c);
        v[9] = avg3(b, c, d);
      }
      case B_VL -> {
        v[0] = avg2(a, b);
        v[1] = avg2(b, c);
        v[2] = avg2(c, d);
        v[3] = avg2(d, e);
        v[4] = avg3(a, b, c);
        v[5] = avg3(b, c, d);
        v[6] = avg3(c, d, e);
        v[7] = avg3(d, e, f);
        v[8] = avg3(e, f, g);
        v[9] = avg3(f, g, h);
      }
      case B_HD -> {
        v[0] = avg2(i, x);
        v[1] = avg2(j, i);
        v[2] = avg2(k, j);
        v[3] = avg2(ll, k);
        v[4] = avg3(a, b, c);
        v[5] = avg3(x, a, b);
        v[6] = avg3(i, x, a);
        v[7] = avg3(j, i, x);
        v[8] = avg3(k, j, i);
        v[9] = avg3(ll, k, j);
      }
      default -> { // B_HU
        v[0] = avg2(i, j);
        v[1] = avg2(j, k);
        v[2] = avg2(k, ll);
        v[3] = avg3(i, j, k);
        v[4] = avg3(j, k, ll);
        v[5] = avg3(k, ll, ll);
        v[6] = ll;
      }
    }
    int[][] pixels = PIXELS[mode];
    if (pixels != null) {
      for (int n = 0; n < pixels.length; n++) {
        for (int q : pixels[n]) {
          p[q] = v[n];
        }
      }
    }
    for (int yy = 0; yy < 4; yy++) {
      for (int xx = 0; xx < 4; xx++) {
        plane[dst + yy * stride + xx] = (byte) p[yy * 4 + xx];
      }
    }
  }

  // ---- loop filter (libwebp's dsp/dec.c), over the whole frame in macroblock order ----

  private void loopFilter() {
    if (filterLevel == 0) {
      return;
    }
    for (int my = 0; my < mbh; my++) {
      for (int mx = 0; mx < mbw; mx++) {
        int idx = my * mbw + mx;
        int segment = mbSegment[idx];
        int level = useSegment ? segFilter[segment] + (absoluteDelta ? 0 : filterLevel) : filterLevel;
        if (useLfDelta) {
          level += refLfDelta[0];
          if (mbIs4x4[idx]) {
            level += modeLfDelta[0];
          }
        }
        level = level < 0 ? 0 : Math.min(level, 63);
        if (level == 0) {
          continue;
        }
        int ilevel = level;
        if (sharpness > 0) {
          ilevel >>= sharpness > 4 ? 2 : 1;
          if (ilevel > 9 - sharpness) {
            ilevel = 9 - sharpness;
          }
        }
        if (ilevel < 1) {
          ilevel = 1;
        }
        int limit = 2 * level + ilevel;
        int hev = level >= 40 ? 2 : level >= 15 ? 1 : 0;
        boolean inner = mbInner[idx];
        int y = my * 16 * yStride + mx * 16;
        int u = my * 8 * uvStride + mx * 8;
        // libwebp's order: the left edge, the inner vertical edges, the top edge, the inner horizontal edges.
        if (mx > 0) {
          filterEdges(y, u, false, false, limit, ilevel, hev);
        }
        if (inner) {
          filterEdges(y, u, false, true, limit, ilevel, hev);
        }
        if (my > 0) {
          filterEdges(y, u, true, false, limit, ilevel, hev);
        }
        if (inner) {
          filterEdges(y, u, true, true, limit, ilevel, hev);
        }
      }
    }
  }

  /**
   * The macroblock's left ({@code horizontal} false) or top edge, or its three inner edges of that direction, in
   * luma and (for the normal filter) chroma; macroblock edges filter with {@code limit + 4}.
   */
  private void filterEdges(int y, int u, boolean horizontal, boolean inner, int limit, int ilevel, int hev) {
    int ys = horizontal ? yStride : 1;
    int yAlong = horizontal ? 1 : yStride;
    int us = horizontal ? uvStride : 1;
    int uAlong = horizontal ? 1 : uvStride;
    int thresh = inner ? limit : limit + 4;
    for (int k = inner ? 1 : 0; k < (inner ? 4 : 1); k++) {
      if (simpleFilter) {
        simple(yPlane, y + 4 * k * ys, ys, yAlong, thresh);
      } else {
        loop(yPlane, y + 4 * k * ys, ys, yAlong, 16, thresh, ilevel, hev, !inner);
      }
    }
    if (!simpleFilter) {
      int at = inner ? u + 4 * us : u;
      loop(uPlane, at, us, uAlong, 8, thresh, ilevel, hev, !inner);
      loop(vPlane, at, us, uAlong, 8, thresh, ilevel, hev, !inner);
    }
  }

  private static int px(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int sclip1(int v) {
    return v < -128 ? -128 : Math.min(v, 127);
  }

  private static int sclip2(int v) {
    return v < -16 ? -16 : Math.min(v, 15);
  }

  /** The simple filter across the edge at {@code p} (pixels step {@code hstride} apart) for 16 positions. */
  private static void simple(byte[] b, int p, int hstride, int vstride, int thresh) {
    int thresh2 = 2 * thresh + 1;
    for (int i = 0; i < 16; i++, p += vstride) {
      if (needsFilter(b, p, hstride, thresh2)) {
        filter2(b, p, hstride);
      }
    }
  }

  private static boolean needsFilter(byte[] b, int p, int s, int t) {
    int p1 = px(b, p - 2 * s);
    int p0 = px(b, p - s);
    int q0 = px(b, p);
    int q1 = px(b, p + s);
    return 4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) <= t;
  }

  private static boolean needsFilter2(byte[] b, int p, int s, int t, int it) {
    int p3 = px(b, p - 4 * s);
    int p2 = px(b, p - 3 * s);
    int p1 = px(b, p - 2 * s);
    int p0 = px(b, p - s);
    int q0 = px(b, p);
    int q1 = px(b, p + s);
    int q2 = px(b, p + 2 * s);
    int q3 = px(b, p + 3 * s);
    if (4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) > t) {
      return false;
    }
    return Math.abs(p3 - p2) <= it && Math.abs(p2 - p1) <= it && Math.abs(p1 - p0) <= it
        && Math.abs(q3 - q2) <= it && Math.abs(q2 - q1) <= it && Math.abs(q1 - q0) <= it;
  }

  private static boolean hev(byte[] b, int p, int s, int thresh) {
    return Math.abs(px(b, p - 2 * s) - px(b, p - s)) > thresh || Math.abs(px(b, p + s) - px(b, p)) > thresh;
  }

  private static void filter2(byte[] b, int p, int s) {
    int p1 = px(b, p - 2 * s);
    int p0 = px(b, p - s);
    int q0 = px(b, p);
    int q1 = px(b, p + s);
    int a = 3 * (q0 - p0) + sclip1(p1 - q1);
    int a1 = sclip2((a + 4) >> 3);
    int a2 = sclip2((a + 3) >> 3);
    b[p - s] = clip8(p0 + a2);
    b[p] = clip8(q0 - a1);
  }

  private static void filter4(byte[] b, int p, int s) {
    int p1 = px(b, p - 2 * s);
    int p0 = px(b, p - s);
    int q0 = px(b, p);
    int q1 = px(b, p + s);
    int a = 3 * (q0 - p0);
    int a1 = sclip2((a + 4) >> 3);
    int a2 = sclip2((a + 3) >> 3);
    int a3 = (a1 + 1) >> 1;
    b[p - 2 * s] = clip8(p1 + a3);
    b[p - s] = clip8(p0 + a2);
    b[p] = clip8(q0 - a1);
    b[p + s] = clip8(q1 - a3);
  }

  private static void filter6(byte[] b, int p, int s) {
    int p2 = px(b, p - 3 * s);
    int p1 = px(b, p - 2 * s);
    int p0 = px(b, p - s);
    int q0 = px(b, p);
    int q1 = px(b, p + s);
    int q2 = px(b, p + 2 * s);
    int a = sclip1(3 * (q0 - p0) + sclip1(p1 - q1));
    int a1 = (27 * a + 63) >> 7;
    int a2 = (18 * a + 63) >> 7;
    int a3 = (9 * a + 63) >> 7;
    b[p - 3 * s] = clip8(p2 + a3);
    b[p - 2 * s] = clip8(p1 + a2);
    b[p - s] = clip8(p0 + a1);
    b[p] = clip8(q0 - a1);
    b[p + s] = clip8(q1 - a2);
    b[p + 2 * s] = clip8(q2 - a3);
  }

  /** The normal filter across {@code size} positions: 6-tap on macroblock edges, 4-tap inside, 2-tap on high variance. */
  private static void loop(byte[] b, int p, int hstride, int vstride, int size, int thresh, int ithresh, int hevT,
      boolean macroblockEdge) {
    int thresh2 = 2 * thresh + 1;
    for (int n = 0; n < size; n++, p += vstride) {
      if (needsFilter2(b, p, hstride, thresh2, ithresh)) {
        if (hev(b, p, hstride, hevT)) {
          filter2(b, p, hstride);
        } else if (macroblockEdge) {
          filter6(b, p, hstride);
        } else {
          filter4(b, p, hstride);
        }
      }
    }
  }

  // ---- output: libwebp's fancy upsampling and YUV -> RGB ----

  private RgbImage toRgb() {
    byte[] out = new byte[width * height * 3];
    upsample(0, -1, 0, 0, out);
    int y = 1;
    for (; y + 1 < height; y += 2) {
      upsample(y, y + 1, (y - 1) >> 1, (y + 1) >> 1, out);
    }
    if ((height & 1) == 0) {
      int last = (height - 1) >> 1;
      upsample(height - 1, -1, last, last, out);
    }
    return new RgbImage(width, height, out);
  }

  /** libwebp's UpsampleRgbLinePair: rows {@code top} and {@code bottom} (-1: none) between two chroma rows. */
  private void upsample(int topRow, int bottomRow, int topUv, int curUv, byte[] out) {
    int tu = topUv * uvStride;
    int cu = curUv * uvStride;
    int tlU = px(uPlane, tu);
    int tlV = px(vPlane, tu);
    int lU = px(uPlane, cu);
    int lV = px(vPlane, cu);
    pixel(topRow, 0, (3 * tlU + lU + 2) >> 2, (3 * tlV + lV + 2) >> 2, out);
    if (bottomRow >= 0) {
      pixel(bottomRow, 0, (3 * lU + tlU + 2) >> 2, (3 * lV + tlV + 2) >> 2, out);
    }
    int lastPair = (width - 1) >> 1;
    for (int x = 1; x <= lastPair; x++) {
      int tU = px(uPlane, tu + x);
      int tV = px(vPlane, tu + x);
      int cU = px(uPlane, cu + x);
      int cV = px(vPlane, cu + x);
      int avgU = tlU + tU + lU + cU + 8;
      int avgV = tlV + tV + lV + cV + 8;
      int d12U = (avgU + 2 * (tU + lU)) >> 3;
      int d12V = (avgV + 2 * (tV + lV)) >> 3;
      int d03U = (avgU + 2 * (tlU + cU)) >> 3;
      int d03V = (avgV + 2 * (tlV + cV)) >> 3;
      pixel(topRow, 2 * x - 1, (d12U + tlU) >> 1, (d12V + tlV) >> 1, out);
      pixel(topRow, 2 * x, (d03U + tU) >> 1, (d03V + tV) >> 1, out);
      if (bottomRow >= 0) {
        pixel(bottomRow, 2 * x - 1, (d03U + lU) >> 1, (d03V + lV) >> 1, out);
        pixel(bottomRow, 2 * x, (d12U + cU) >> 1, (d12V + cV) >> 1, out);
      }
      tlU = tU;
      tlV = tV;
      lU = cU;
      lV = cV;
    }
    if ((width & 1) == 0) {
      pixel(topRow, width - 1, (3 * tlU + lU + 2) >> 2, (3 * tlV + lV + 2) >> 2, out);
      if (bottomRow >= 0) {
        pixel(bottomRow, width - 1, (3 * lU + tlU + 2) >> 2, (3 * lV + tlV + 2) >> 2, out);
      }
    }
  }

  private void pixel(int row, int x, int u, int v, byte[] out) {
    int y = px(yPlane, row * yStride + x);
    int o = (row * width + x) * 3;
    int yy = (y * 19077) >> 8;
    out[o] = (byte) clipYuv(yy + ((v * 26149) >> 8) - 14234);
    out[o + 1] = (byte) clipYuv(yy - ((u * 6419) >> 8) - ((v * 13320) >> 8) + 8708);
    out[o + 2] = (byte) clipYuv(yy + ((u * 33050) >> 8) - 17685);
  }

  private static int clipYuv(int v) {
    return (v & ~((256 << 6) - 1)) == 0 ? v >> 6 : v < 0 ? 0 : 255;
  }
}

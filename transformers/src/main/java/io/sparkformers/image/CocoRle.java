package io.sparkformers.image;

import java.util.ArrayList;
import java.util.List;

/**
 * COCO run-length encoding of binary masks, as pycocotools writes it: runs over the pixels in column-major order
 * (down each column, then the next column), starting with a run of zeros, compressed into pycocotools' ASCII
 * string ({@code rleToString}). {@code {"size": [h, w], "counts": "..."}} decodes with
 * {@code pycocotools.mask.decode}.
 */
public final class CocoRle {
  private CocoRle() {}

  /** Runs of the pixels where {@code ids == id}, column-major. */
  public static long[] runs(short[] ids, int height, int width, int id) {
    long[] runs = new long[16];
    int count = 0;
    boolean current = false;
    long n = 0;
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        boolean v = ids[y * width + x] == id;
        if (v != current) {
          if (count == runs.length) {
            runs = java.util.Arrays.copyOf(runs, count * 2);
          }
          runs[count++] = n;
          n = 0;
          current = v;
        }
        n++;
      }
    }
    runs = java.util.Arrays.copyOf(runs, count + 1);
    runs[count] = n;
    return runs;
  }

  /** Runs of a boolean mask (row-major) in column-major order. */
  public static long[] runs(boolean[] mask, int height, int width) {
    short[] ids = new short[mask.length];
    for (int i = 0; i < mask.length; i++) {
      ids[i] = (short) (mask[i] ? 1 : 0);
    }
    return runs(ids, height, width, 1);
  }

  /** pycocotools' {@code rleToString}: 5-bit groups, delta-coded from the run two back, offset by 48. */
  public static String compress(long[] counts) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      long x = counts[i];
      if (i > 2) {
        x -= counts[i - 2];
      }
      boolean more = true;
      while (more) {
        long c = x & 0x1f;
        x >>= 5;
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= 0x20;
        }
        s.append((char) (c + 48));
      }
    }
    return s.toString();
  }

  /** pycocotools' {@code rleFrString}. */
  public static long[] decompress(String s) {
    List<Long> counts = new ArrayList<>();
    int p = 0;
    while (p < s.length()) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        long c = s.charAt(p) - 48;
        x |= (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        p++;
        k++;
        if (!more && (c & 0x10) != 0) {
          x |= -1L << (5 * k);
        }
      }
      if (counts.size() > 2) {
        x += counts.get(counts.size() - 2);
      }
      counts.add(x);
    }
    long[] out = new long[counts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts.get(i);
    }
    return out;
  }

  /** The row-major mask that {@code counts} encode. */
  public static boolean[] decode(long[] counts, int height, int width) {
    boolean[] mask = new boolean[height * width];
    long pos = 0;
    boolean v = false;
    for (long run : counts) {
      for (long k = 0; k < run; k++, pos++) {
        int x = (int) (pos / height);
        int y = (int) (pos % height);
        mask[y * width + x] = v;
      }
      v = !v;
    }
    return mask;
  }
}

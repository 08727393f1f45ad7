package io.sparkformers.head;

import java.util.ArrayList;
import java.util.Arrays;
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
                        runs = Arrays.copyOf(runs, count * 2);
                    }
                    runs[count++] = n;
                    n = 0;
                    current = v;
                }
                n++;
            }
        }
        runs = Arrays.copyOf(runs, count + 1);
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

    /** Areas and compressed RLE of every id of a map, from one column-major pass. */
    public static final class MapEncoding {
        private final int minId;
        private final long[] area;
        private final long[][] runs;
        private final int[] count;

        MapEncoding(int minId, long[] area, long[][] runs, int[] count) {
            this.minId = minId;
            this.area = area;
            this.runs = runs;
            this.count = count;
        }

        public long area(int id) {
            int k = id - minId;
            return k < 0 || k >= area.length ? 0 : area[k];
        }

        /** The compressed counts of the pixels equal to {@code id}. */
        public String counts(int id) {
            int k = id - minId;
            return compress(Arrays.copyOf(runs[k], count[k]));
        }
    }

    /**
     * Every id's runs at once: walking the map column by column, a change from id a to id b at position p closes a
     * run of a's ones and of b's zeros.
     */
    public static MapEncoding encodeMap(SegmentationMap map) {
        short[] ids = map.ids();
        int h = map.height();
        int w = map.width();
        int min = Short.MAX_VALUE;
        int max = Short.MIN_VALUE;
        for (short v : ids) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int n = max - min + 1;
        long[] area = new long[n];
        long[] last = new long[n];
        long[][] runs = new long[n][];
        int[] count = new int[n];
        int prev = Integer.MIN_VALUE;
        long pos = 0;
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++, pos++) {
                int k = ids[y * w + x] - min;
                area[k]++;
                if (k != prev) {
                    if (prev != Integer.MIN_VALUE) {
                        append(runs, count, prev, pos - last[prev]); // end of prev's ones
                        last[prev] = pos;
                    }
                    append(runs, count, k, pos - last[k]); // end of k's zeros
                    last[k] = pos;
                    prev = k;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            if (area[k] > 0) {
                append(runs, count, k, pos - last[k]);
            }
        }
        return new MapEncoding(min, area, runs, count);
    }

    private static void append(long[][] runs, int[] count, int k, long v) {
        if (runs[k] == null) {
            runs[k] = new long[8];
        } else if (count[k] == runs[k].length) {
            runs[k] = Arrays.copyOf(runs[k], count[k] * 2);
        }
        runs[k][count[k]++] = v;
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

package io.sparkformers.head;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A per-pixel id map, row-major, 16-bit: class ids for semantic segmentation, segment ids for instance and
 * panoptic (−1 = no segment). Stored in a DataFrame as {@code struct<height:int, width:int, data:binary>} with
 * int16 little-endian values: 2 bytes a pixel, so a map is bounded by {@code 2 × maxPixels} bytes.
 */
public record SegmentationMap(int height, int width, short[] ids) {
    public SegmentationMap {
        if ((long) height * width != ids.length) {
            throw new IllegalArgumentException("map of " + ids.length + " ids is not " + height + "x" + width);
        }
    }

    public static SegmentationMap filled(int height, int width, int value) {
        short[] ids = new short[height * width];
        Arrays.fill(ids, (short) value);
        return new SegmentationMap(height, width, ids);
    }

    public int get(int x, int y) {
        return ids[y * width + x];
    }

    public byte[] littleEndianBytes() {
        ByteBuffer b = ByteBuffer.allocate(ids.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(ids);
        return b.array();
    }

    public static SegmentationMap fromLittleEndian(int height, int width, byte[] data) {
        short[] ids = new short[height * width];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(ids);
        return new SegmentationMap(height, width, ids);
    }

    /** Pixels holding {@code id}. */
    public long area(int id) {
        long n = 0;
        for (short v : ids) {
            n += v == id ? 1 : 0;
        }
        return n;
    }
}

package io.sparkformers.head;

import io.sparkformers.codec.RgbImage;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG pictures of segmentations: a map as gray levels, one segment as a mask, or all segments over the photo. */
public final class SegmentationImages {
    private SegmentationImages() {}

    /** 8-bit gray PNG of {@code id + offset} clipped to 0..255 (offset 1 shows −1 = "none" as 0, like the fixtures). */
    public static byte[] mapPng(SegmentationMap map, int offset) {
        BufferedImage img = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[map.width()];
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                row[x] = Math.max(0, Math.min(255, map.ids()[y * map.width() + x] + offset));
            }
            img.getRaster().setPixels(0, y, map.width(), 1, row);
        }
        return png(img);
    }

    /** Black and white PNG of one segment's COCO RLE mask. */
    public static byte[] maskPng(Segment segment) {
        boolean[] m = CocoRle.decode(CocoRle.decompress(segment.counts()), segment.height(), segment.width());
        BufferedImage img = new BufferedImage(segment.width(), segment.height(), BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[segment.width()];
        for (int y = 0; y < segment.height(); y++) {
            for (int x = 0; x < segment.width(); x++) {
                row[x] = m[y * segment.width() + x] ? 255 : 0;
            }
            img.getRaster().setPixels(0, y, segment.width(), 1, row);
        }
        return png(img);
    }

    /** A distinct, stable colour for an id (golden-angle hues). */
    public static int colour(int id) {
        float hue = (id * 0.618034f) % 1f;
        return Color.HSBtoRGB(hue < 0 ? hue + 1 : hue, 0.75f, 0.95f) & 0xFFFFFF;
    }

    /**
     * The photo with every segmented pixel blended with its id's colour ({@code alpha} of the colour) and segment
     * borders drawn solid; ids below {@code firstId} (background, "none") stay as they are.
     */
    public static byte[] overlayPng(RgbImage photo, SegmentationMap map, int firstId, double alpha) {
        if (photo.width() != map.width() || photo.height() != map.height()) {
            throw new IllegalArgumentException("photo " + photo.width() + "x" + photo.height() + " and map "
                    + map.width() + "x" + map.height() + " differ in size");
        }
        int w = map.width();
        int h = map.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int id = map.get(x, y);
                int r = photo.get(x, y, 0);
                int g = photo.get(x, y, 1);
                int b = photo.get(x, y, 2);
                if (id >= firstId) {
                    int c = colour(id);
                    boolean border = (x > 0 && map.get(x - 1, y) != id)
                            || (y > 0 && map.get(x, y - 1) != id)
                            || (x < w - 1 && map.get(x + 1, y) != id)
                            || (y < h - 1 && map.get(x, y + 1) != id);
                    double a = border ? 1.0 : alpha;
                    r = (int) Math.round(r * (1 - a) + ((c >> 16) & 0xFF) * a);
                    g = (int) Math.round(g * (1 - a) + ((c >> 8) & 0xFF) * a);
                    b = (int) Math.round(b * (1 - a) + (c & 0xFF) * a);
                }
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return png(img);
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

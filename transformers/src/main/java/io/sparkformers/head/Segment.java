package io.sparkformers.head;

/**
 * One segment of a segmentation: its id in the map, class, score (null for semantic segmentation), area in
 * pixels and COCO RLE mask ({@code size = [height, width]}, compressed {@code counts}).
 */
public record Segment(
        int id,
        int labelId,
        String label,
        Double score,
        long area,
        int height,
        int width,
        String counts,
        boolean fused) {}

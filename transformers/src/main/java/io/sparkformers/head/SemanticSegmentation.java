package io.sparkformers.head;

import io.sparkformers.preprocess.TorchResize;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' {@code post_process_semantic_segmentation} for per-pixel classifiers (BEiT, Data2Vec-Vision,
 * SegFormer, ...): class logits upsampled bilinearly (align_corners=False) to the original image size, argmax
 * over classes (first maximum wins). Computed pixel by pixel, so memory is the output map alone.
 */
public final class SemanticSegmentation {
    private SemanticSegmentation() {}

    /** {@code logits}: [classes, h, w] row-major from {@code offset}; the map is targetH × targetW. */
    public static SegmentationMap argmaxResized(
            float[] logits, int offset, int classes, int h, int w, int targetH, int targetW) {
        TorchResize.Bilinear up = new TorchResize.Bilinear(logits, offset, classes, h, w, targetH, targetW);
        short[] ids = new short[targetH * targetW];
        for (int y = 0; y < targetH; y++) {
            for (int x = 0; x < targetW; x++) {
                int best = 0;
                float bestScore = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    float v = up.get(c, y, x);
                    if (v > bestScore) {
                        bestScore = v;
                        best = c;
                    }
                }
                ids[y * targetW + x] = (short) best;
            }
        }
        return new SegmentationMap(targetH, targetW, ids);
    }

    /** One segment per class present in a semantic map; ids are class ids. */
    public static List<Segment> segments(SegmentationMap map, String[] labels) {
        CocoRle.MapEncoding enc = CocoRle.encodeMap(map);
        List<Segment> out = new ArrayList<>();
        for (int c = 0; c < labels.length; c++) {
            if (enc.area(c) > 0) {
                out.add(new Segment(
                        c, c, labels[c], null, enc.area(c), map.height(), map.width(), enc.counts(c), false));
            }
        }
        return out;
    }
}

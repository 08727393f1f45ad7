package io.sparkformers.image;

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
  public static SegmentationMap argmaxResized(float[] logits, int offset, int classes, int h, int w, int targetH,
      int targetW) {
    TorchResize.Axis ys = TorchResize.bilinear(h, targetH);
    TorchResize.Axis xs = TorchResize.bilinear(w, targetW);
    short[] ids = new short[targetH * targetW];
    int plane = h * w;
    for (int y = 0; y < targetH; y++) {
      for (int x = 0; x < targetW; x++) {
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          float v = TorchResize.sample(logits, offset + c * plane, w, ys, xs, y, x);
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
    long[] area = new long[labels.length];
    for (short v : map.ids()) {
      if (v >= 0 && v < area.length) {
        area[v]++;
      }
    }
    List<Segment> out = new ArrayList<>();
    for (int c = 0; c < labels.length; c++) {
      if (area[c] > 0) {
        String rle = CocoRle.compress(CocoRle.runs(map.ids(), map.height(), map.width(), c));
        out.add(new Segment(c, c, labels[c], null, area[c], map.height(), map.width(), rle, false));
      }
    }
    return out;
  }
}

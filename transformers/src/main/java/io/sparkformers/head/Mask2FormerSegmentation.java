package io.sparkformers.head;

import io.sparkformers.preprocess.TorchResize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * transformers' (4.37) Mask2Former / MaskFormer post-processors for one image, from {@code class_queries_logits}
 * [queries, classes + 1] and {@code masks_queries_logits} [queries, mh, mw]. Like transformers, every subtask
 * first upsamples the mask logits to 384×384, whatever the input size. Maps are computed pixel by pixel at the
 * target size; beyond the output map, memory is the queries' 384×384 planes.
 */
public final class Mask2FormerSegmentation {
    /** transformers hard-codes this intermediate size in all three post-processors. */
    public static final int INTERMEDIATE = 384;

    private final float[] classLogits;
    private final int queries;
    private final int classes;
    private final float[] maskLogits;
    private final int mh;
    private final int mw;
    private final float[][] planes384;
    private final String[] labels;

    /**
     * @param classLogits [queries, classes + 1] (the last class is "no object")
     * @param maskLogits [queries, mh, mw]
     * @param labels names of the {@code classes} real classes
     */
    public Mask2FormerSegmentation(
            float[] classLogits, float[] maskLogits, int queries, int mh, int mw, String[] labels) {
        this.classLogits = classLogits;
        this.queries = queries;
        this.classes = classLogits.length / queries - 1;
        this.maskLogits = maskLogits;
        this.mh = mh;
        this.mw = mw;
        this.planes384 = new float[queries][];
        this.labels = labels;
    }

    /** Query q's mask logits at 384×384, upsampled on first use (panoptic and instance need only some queries). */
    private float[] plane(int q) {
        if (planes384[q] == null) {
            TorchResize.Bilinear up =
                    new TorchResize.Bilinear(maskLogits, q * mh * mw, 1, mh, mw, INTERMEDIATE, INTERMEDIATE);
            float[] out = new float[INTERMEDIATE * INTERMEDIATE];
            for (int y = 0; y < INTERMEDIATE; y++) {
                for (int x = 0; x < INTERMEDIATE; x++) {
                    out[y * INTERMEDIATE + x] = up.get(0, y, x);
                }
            }
            planes384[q] = out;
        }
        return planes384[q];
    }

    private float[] softmax(int q) {
        int n = classes + 1;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, classLogits[q * n + c]);
        }
        float[] p = new float[n];
        float sum = 0;
        for (int c = 0; c < n; c++) {
            p[c] = (float) Math.exp(classLogits[q * n + c] - max);
            sum += p[c];
        }
        for (int c = 0; c < n; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    private String label(int c) {
        return c < labels.length ? labels[c] : "LABEL_" + c;
    }

    /** {@code post_process_semantic_segmentation}: Σ_q p(class | q) · sigmoid(mask_q), bilinear to target, argmax. */
    public SegmentationResult semantic(int targetH, int targetW) {
        int plane = INTERMEDIATE * INTERMEDIATE;
        float[] seg = new float[classes * plane];
        for (int q = 0; q < queries; q++) {
            float[] p = softmax(q);
            float[] m = plane(q);
            for (int i = 0; i < plane; i++) {
                float prob = sigmoid(m[i]);
                for (int c = 0; c < classes; c++) {
                    seg[c * plane + i] += p[c] * prob;
                }
            }
        }
        SegmentationMap map =
                SemanticSegmentation.argmaxResized(seg, 0, classes, INTERMEDIATE, INTERMEDIATE, targetH, targetW);
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = label(c);
        }
        return new SegmentationResult(map, SemanticSegmentation.segments(map, names));
    }

    /**
     * {@code post_process_instance_segmentation}: the best {@code queries} (query, class) pairs, each scored by its
     * class probability × the mean sigmoid inside its mask (logit > 0); masks resized with nearest; kept when not
     * empty and scored ≥ threshold; ids from 0 in score order, later segments drawn over earlier ones; −1 = none.
     * Segment masks are the whole predicted masks (they may overlap); areas count those masks.
     */
    public SegmentationResult instance(int targetH, int targetW, double threshold) {
        int plane = INTERMEDIATE * INTERMEDIATE;
        float[] scores = new float[queries * classes];
        for (int q = 0; q < queries; q++) {
            float[] p = softmax(q);
            System.arraycopy(p, 0, scores, q * classes, classes);
        }
        double[] wide = new double[scores.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = scores[i];
        }
        int[] order = Classification.topK(wide, queries);
        int[] ny = TorchResize.nearest(INTERMEDIATE, targetH);
        int[] nx = TorchResize.nearest(INTERMEDIATE, targetW);
        short[] ids = new short[targetH * targetW];
        Arrays.fill(ids, (short) -1);
        List<Segment> segments = new ArrayList<>();
        for (int j = 0; j < order.length; j++) {
            int q = order[j] / classes;
            int c = order[j] % classes;
            float[] m = plane(q);
            // Summed in double: 147,456 float additions drift by ~5e-4 where torch's pairwise float sum does not.
            double inside = 0;
            float count = 0;
            for (int i = 0; i < plane; i++) {
                if (m[i] > 0) {
                    inside += sigmoid(m[i]);
                    count += 1;
                }
            }
            float score = scores[order[j]] * ((float) inside / (count + 1e-6f));
            if (score < threshold) {
                continue;
            }
            // The nearest-resized mask, read column by column: its COCO runs and area come out directly.
            long[] runs = new long[16];
            int nRuns = 0;
            boolean state = false;
            long run = 0;
            long area = 0;
            for (int x = 0; x < targetW; x++) {
                int col = nx[x];
                for (int y = 0; y < targetH; y++) {
                    boolean on = m[col + ny[y] * INTERMEDIATE] > 0;
                    if (on != state) {
                        if (nRuns == runs.length) {
                            runs = Arrays.copyOf(runs, nRuns * 2);
                        }
                        runs[nRuns++] = run;
                        run = 0;
                        state = on;
                    }
                    run++;
                    area += on ? 1 : 0;
                }
            }
            if (area == 0) {
                continue;
            }
            runs = Arrays.copyOf(runs, nRuns + 1);
            runs[nRuns] = run;
            int id = segments.size();
            for (int y = 0; y < targetH; y++) {
                int row = ny[y] * INTERMEDIATE;
                for (int x = 0; x < targetW; x++) {
                    if (m[row + nx[x]] > 0) {
                        ids[y * targetW + x] = (short) id;
                    }
                }
            }
            segments.add(new Segment(
                    id, c, label(c), (double) score, area, targetH, targetW, CocoRle.compress(runs), false));
        }
        return new SegmentationResult(new SegmentationMap(targetH, targetW, ids), segments);
    }

    /**
     * {@code post_process_panoptic_segmentation}: queries whose best class is real and scores above
     * {@code threshold}; their mask probabilities bilinear to target and weighted by the query score; each pixel goes
     * to its best query; a query becomes a segment if it wins pixels, has pixels ≥ {@code maskThreshold}, and
     * wins more than {@code overlapMaskAreaThreshold} of those; classes in {@code labelIdsToFuse} share one segment.
     * Ids from 1, 0 = no segment; the whole map is −1 when no query is kept.
     */
    public SegmentationResult panoptic(
            int targetH,
            int targetW,
            double threshold,
            double maskThreshold,
            double overlapMaskAreaThreshold,
            Set<Integer> labelIdsToFuse) {
        int plane = INTERMEDIATE * INTERMEDIATE;
        List<Integer> kept = new ArrayList<>();
        List<Float> keptScores = new ArrayList<>();
        List<Integer> keptLabels = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            float[] p = softmax(q);
            int best = 0;
            for (int c = 1; c <= classes; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            if (best != classes && p[best] > threshold) {
                kept.add(q);
                keptScores.add(p[best]);
                keptLabels.add(best);
            }
        }
        if (kept.isEmpty()) {
            return new SegmentationResult(SegmentationMap.filled(targetH, targetW, -1), List.of());
        }
        int k = kept.size();
        float[] probs = new float[k * plane];
        float[] score = new float[k];
        for (int i = 0; i < k; i++) {
            float[] m = plane(kept.get(i));
            for (int p = 0; p < plane; p++) {
                probs[i * plane + p] = sigmoid(m[p]);
            }
            score[i] = keptScores.get(i);
        }
        TorchResize.Bilinear up = new TorchResize.Bilinear(probs, 0, k, INTERMEDIATE, INTERMEDIATE, targetH, targetW);
        short[] winner = new short[targetH * targetW];
        long[] wonArea = new long[k];
        long[] ownArea = new long[k];
        for (int y = 0; y < targetH; y++) {
            for (int x = 0; x < targetW; x++) {
                int best = 0;
                float bestP = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < k; i++) {
                    float v = up.get(i, y, x) * score[i];
                    if (v > bestP) {
                        bestP = v;
                        best = i;
                    }
                    if (v >= maskThreshold) {
                        ownArea[i]++;
                    }
                }
                winner[y * targetW + x] = (short) best;
                wonArea[best]++;
            }
        }
        int[] segmentOf = new int[k];
        Map<Integer, Integer> fusedIds = new HashMap<>();
        Map<Integer, Segment> segments = new LinkedHashMap<>();
        int current = 0;
        for (int i = 0; i < k; i++) {
            int cls = keptLabels.get(i);
            boolean fuse = labelIdsToFuse.contains(cls);
            boolean exists = wonArea[i] > 0
                    && ownArea[i] > 0
                    && (float) wonArea[i] / (float) ownArea[i] > overlapMaskAreaThreshold;
            if (!exists) {
                continue;
            }
            int id = fusedIds.containsKey(cls) ? fusedIds.get(cls) : ++current;
            segmentOf[i] = id;
            // transformers lists a fused class once per query; one segment per id is kept here, with the first score.
            segments.putIfAbsent(
                    id, new Segment(id, cls, label(cls), (double) score[i], 0, targetH, targetW, null, fuse));
            if (fuse) {
                fusedIds.put(cls, id);
            }
        }
        short[] ids = new short[targetH * targetW];
        for (int p = 0; p < ids.length; p++) {
            ids[p] = (short) segmentOf[winner[p]];
        }
        SegmentationMap map = new SegmentationMap(targetH, targetW, ids);
        CocoRle.MapEncoding enc = CocoRle.encodeMap(map);
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments.values()) {
            out.add(new Segment(
                    s.id(),
                    s.labelId(),
                    s.label(),
                    s.score(),
                    enc.area(s.id()),
                    targetH,
                    targetW,
                    enc.counts(s.id()),
                    s.fused()));
        }
        return new SegmentationResult(map, out);
    }
}

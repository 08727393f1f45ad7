package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The segmentation post-processors on the reference model outputs, against transformers' maps and segments:
 * pixel-exact up to the boundary tie flips the fixtures README describes (counted and bounded).
 */
public class SegmentationParityTest {
    /**
     * Boundary pixels where two upsampled scores tie within float rounding may flip (none do on set A); more than
     * 0.1% means a real bug.
     */
    static final double MAX_FLIPPED_FRACTION = 0.001;

    public static int[] png(Path p) throws Exception {
        BufferedImage bi = ImageIO.read(p.toFile());
        int[] out = new int[bi.getWidth() * bi.getHeight()];
        bi.getRaster().getPixels(0, 0, bi.getWidth(), bi.getHeight(), out);
        return out;
    }

    /**
     * Pixels where {@code got + offset} differs from the PNG values; each must be a boundary pixel (the expected
     * value is one of its 8 neighbours in {@code got}), as a tie between two upsampled scores can only flip those.
     */
    static int differing(SegmentationMap got, int[] want, int offset, String where) {
        assertEquals(want.length, got.ids().length, "map size");
        int n = 0;
        int w = got.width();
        for (int i = 0; i < want.length; i++) {
            if (got.ids()[i] + offset != want[i]) {
                n++;
                int x = i % w;
                int y = i / w;
                boolean boundary = false;
                for (int dy = -1; dy <= 1 && !boundary; dy++) {
                    for (int dx = -1; dx <= 1 && !boundary; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        boundary = xx >= 0
                                && yy >= 0
                                && xx < w
                                && yy < got.height()
                                && got.ids()[yy * w + xx] + offset == want[i];
                    }
                }
                assertTrue(
                        boundary,
                        where + ": pixel (" + x + ", " + y + ") is " + (got.ids()[i] + offset) + ", expected " + want[i]
                                + ", and is not on a boundary");
            }
        }
        return n;
    }

    /**
     * A semantic map from per-class logits {@code [classes, h, w]} (at {@code base} in {@code logits}), upsampled as
     * transformers does ({@code interpolate(..., mode="bilinear", align_corners=False)}, then argmax): a pixel may differ
     * from the reference only where the two classes' upsampled scores — recomputed here from the reference logits —
     * are within {@code tolerance} of each other, i.e. a real tie.
     */
    public static void assertSemanticMapMatches(
            SegmentationMap got,
            int[] want,
            float[] logits,
            int base,
            int classes,
            int h,
            int w,
            double tolerance,
            String where) {
        assertEquals(want.length, got.ids().length, where + ": map size");
        int outW = got.width();
        int outH = got.height();
        for (int i = 0; i < want.length; i++) {
            int mine = got.ids()[i];
            if (mine == want[i]) {
                continue;
            }
            int x = i % outW;
            int y = i / outW;
            double margin = Math.abs(bilinear(logits, base + mine * h * w, h, w, outH, outW, x, y)
                    - bilinear(logits, base + want[i] * h * w, h, w, outH, outW, x, y));
            assertTrue(
                    margin <= tolerance,
                    where + ": pixel (" + x + ", " + y + ") is class " + mine + ", expected " + want[i]
                            + ", whose upsampled scores differ by " + margin + " (more than a tie: " + tolerance + ")");
        }
    }

    /** torch's bilinear interpolation with align_corners=False at output pixel (x, y) of one [h, w] plane. */
    static double bilinear(float[] plane, int base, int h, int w, int outH, int outW, int x, int y) {
        double sy = Math.max(0, (y + 0.5) * h / outH - 0.5);
        double sx = Math.max(0, (x + 0.5) * w / outW - 0.5);
        int y0 = Math.min((int) sy, h - 1);
        int x0 = Math.min((int) sx, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        double ly = sy - y0;
        double lx = sx - x0;
        return (1 - ly) * ((1 - lx) * plane[base + y0 * w + x0] + lx * plane[base + y0 * w + x1])
                + ly * ((1 - lx) * plane[base + y1 * w + x0] + lx * plane[base + y1 * w + x1]);
    }

    public static void assertMapMatches(SegmentationMap got, int[] want, int offset, String where) {
        int n = differing(got, want, offset, where);
        assertTrue(
                n <= Math.max(1, MAX_FLIPPED_FRACTION * want.length),
                where + ": " + n + " of " + want.length + " pixels differ (tie flips allowed: "
                        + (int) (MAX_FLIPPED_FRACTION * want.length) + ")");
    }

    static String[] labels(Path model, int n) {
        JsonNode id2label = Fixtures.json(model.resolve("config.json")).path("id2label");
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = id2label.path(Integer.toString(i)).asText("LABEL_" + i);
        }
        return out;
    }

    /** One segment per class the (checked) map shows, in class order, with its label, pixel count and exact mask. */
    static void assertSegmentsOf(SegmentationMap map, List<Segment> segments, String[] labels, String where) {
        int at = 0;
        for (int c = 0; c < labels.length; c++) {
            boolean[] mask = new boolean[map.ids().length];
            long area = 0;
            for (int p = 0; p < mask.length; p++) {
                mask[p] = map.ids()[p] == c;
                area += mask[p] ? 1 : 0;
            }
            if (area == 0) {
                continue;
            }
            assertTrue(at < segments.size(), where + ": no segment for class " + c);
            Segment s = segments.get(at++);
            assertEquals(c, s.id(), where + " segment id");
            assertEquals(c, s.labelId(), where + " label id");
            assertEquals(labels[c], s.label(), where + " label");
            assertEquals(area, s.area(), where + " area of class " + c);
            assertArrayEquals(
                    mask,
                    CocoRle.decode(CocoRle.decompress(s.counts()), map.height(), map.width()),
                    where + " mask of " + c);
        }
        assertEquals(at, segments.size(), where + ": segments of classes the map does not show");
    }

    @TestFactory
    List<DynamicTest> semanticSegmentationGraphs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : Fixtures.models("semantic-segmentation")) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> {
                    JsonNode expected = Fixtures.json(c.resolve("expected.json"));
                    Npy logits = Npy.read(c.resolve("logits.npy"));
                    int classes = (int) logits.shape()[1];
                    for (int i = 0; i < logits.shape()[0]; i++) {
                        JsonNode hw = expected.path("original_sizes_hw").get(i);
                        SegmentationMap map = SemanticSegmentation.argmaxResized(
                                logits.floats(),
                                i * logits.rowSize(),
                                classes,
                                (int) logits.shape()[2],
                                (int) logits.shape()[3],
                                hw.get(0).asInt(),
                                hw.get(1).asInt());
                        assertSemanticMapMatches(
                                map,
                                png(c.resolve("semantic_map_" + i + ".png")),
                                logits.floats(),
                                i * logits.rowSize(),
                                classes,
                                (int) logits.shape()[2],
                                (int) logits.shape()[3],
                                1e-5,
                                c.getFileName() + "[" + i + "]");
                        String[] labels = labels(model, classes);
                        assertSegmentsOf(
                                map,
                                SemanticSegmentation.segments(map, labels),
                                labels,
                                c.getFileName() + "[" + i + "]");
                    }
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> mask2former() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : Fixtures.models("mask2former")) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> check(model, c)));
            }
        }
        return tests;
    }

    private static void check(Path model, Path c) throws Exception {
        JsonNode expected = Fixtures.json(c.resolve("expected.json"));
        Npy cls = Npy.read(c.resolve("class_queries_logits.npy"));
        Npy masks = Npy.read(c.resolve("masks_queries_logits.npy"));
        int queries = (int) cls.shape()[1];
        String[] labels = labels(model, (int) cls.shape()[2] - 1);
        for (int i = 0; i < cls.shape()[0]; i++) {
            String where = c.getFileName() + "[" + i + "]";
            JsonNode hw = expected.path("postprocess").path("target_sizes_hw").get(i);
            int h = hw.get(0).asInt();
            int w = hw.get(1).asInt();
            Mask2FormerSegmentation post = new Mask2FormerSegmentation(
                    cls.row(i), masks.row(i), queries, (int) masks.shape()[2], (int) masks.shape()[3], labels);
            JsonNode per = expected.path("postprocess").path("per_image").get(i);

            SegmentationResult semantic = post.semantic(h, w);
            assertSegmentsOf(semantic.map(), semantic.segments(), labels, where + " semantic");
            assertMapMatches(
                    semantic.map(),
                    png(c.resolve(per.path("semantic").path("semantic_map_png").asText())),
                    0,
                    where + " semantic");

            for (String run : List.of("instance_default", "instance_threshold_0.3")) {
                JsonNode r = per.path(run);
                double threshold =
                        Double.parseDouble(r.path("call").asText().replaceAll(".*threshold=([0-9.]+).*", "$1"));
                SegmentationResult got = post.instance(h, w, threshold);
                assertInstanceMatches(
                        got,
                        r.path("segments_info"),
                        png(c.resolve(r.path("segmentation_png").asText())),
                        1,
                        where + " " + run);
            }

            for (String run : List.of("panoptic_default", "panoptic_fused")) {
                JsonNode r = per.path(run);
                String call = r.path("call").asText();
                double threshold = Double.parseDouble(call.replaceAll(".*[ (]threshold=([0-9.]+).*", "$1"));
                double maskThreshold = Double.parseDouble(call.replaceAll(".*mask_threshold=([0-9.]+).*", "$1"));
                double overlap = Double.parseDouble(call.replaceAll(".*overlap_mask_area_threshold=([0-9.]+).*", "$1"));
                Set<Integer> fuse = new HashSet<>();
                if (call.contains("label_ids_to_fuse=[")) {
                    for (String v : call.replaceAll(".*label_ids_to_fuse=\\[([^\\]]*)\\].*", "$1")
                            .split(",")) {
                        fuse.add(Integer.parseInt(v.trim()));
                    }
                }
                SegmentationResult got = post.panoptic(h, w, threshold, maskThreshold, overlap, fuse);
                assertPanopticMatches(
                        got,
                        r.path("segments_info"),
                        png(c.resolve(r.path("segmentation_png").asText())),
                        1,
                        where + " " + run);
            }
        }
    }

    /**
     * Instance segments against transformers' segments_info (matched by label and score: its order is torch's
     * unsorted top-k), then painted in its order onto the map it drew ({@code wantMap}, ids + {@code offset}).
     */
    static void assertInstanceMatches(
            SegmentationResult got, JsonNode segmentsInfo, int[] wantMap, int offset, String where) {
        List<JsonNode> want = new ArrayList<>();
        segmentsInfo.forEach(want::add);
        assertEquals(want.size(), got.segments().size(), where + " segment count");
        // transformers orders segments by torch's unsorted topk: match them by (label, score), then paint in
        // its order.
        List<Segment> inTheirOrder = new ArrayList<>();
        Set<Segment> used = new HashSet<>();
        for (JsonNode s : want) {
            Segment match = got.segments().stream()
                    .filter(g -> !used.contains(g)
                            && g.labelId() == s.path("label_id").asInt()
                            && Math.abs(g.score() - s.path("score").asDouble()) < 1e-4)
                    .min(Comparator.comparingDouble(
                            g -> Math.abs(g.score() - s.path("score").asDouble())))
                    .orElseThrow(() -> new AssertionError(where + ": no segment like " + s));
            used.add(match);
            inTheirOrder.add(match);
        }
        short[] painted = new short[got.map().ids().length];
        Arrays.fill(painted, (short) -1);
        for (int k = 0; k < inTheirOrder.size(); k++) {
            boolean[] m = CocoRle.decode(
                    CocoRle.decompress(inTheirOrder.get(k).counts()),
                    got.map().height(),
                    got.map().width());
            for (int p = 0; p < m.length; p++) {
                if (m[p]) {
                    painted[p] = (short) k;
                }
            }
        }
        assertMapMatches(new SegmentationMap(got.map().height(), got.map().width(), painted), wantMap, offset, where);
        // The map as returned, read as "a segment or none" (its ids follow our order, transformers' its own).
        short[] covered = new short[painted.length];
        int[] wantCovered = new int[painted.length];
        for (int p = 0; p < painted.length; p++) {
            covered[p] = (short) (got.map().ids()[p] < 0 ? -1 : 0);
            wantCovered[p] = wantMap[p] - offset < 0 ? offset - 1 : offset;
        }
        assertMapMatches(
                new SegmentationMap(got.map().height(), got.map().width(), covered),
                wantCovered,
                offset,
                where + " coverage");
    }

    /** A panoptic map and its segments (id, label, fused, score) against transformers'. */
    static void assertPanopticMatches(
            SegmentationResult got, JsonNode segmentsInfo, int[] wantMap, int offset, String where) {
        assertMapMatches(got.map(), wantMap, offset, where);
        Set<String> wantIds = new HashSet<>();
        segmentsInfo.forEach(
                s -> wantIds.add(s.path("id").asInt() + ":" + s.path("label_id").asInt()));
        Set<String> gotIds = new HashSet<>();
        got.segments().forEach(s -> gotIds.add(s.id() + ":" + s.labelId()));
        assertEquals(wantIds, gotIds, where + " segments");
        for (JsonNode s : segmentsInfo) {
            Segment g = got.segments().stream()
                    .filter(x -> x.id() == s.path("id").asInt())
                    .findFirst()
                    .orElseThrow();
            if (!s.path("was_fused").asBoolean()) {
                assertEquals(s.path("score").asDouble(), g.score(), 1e-4, where + " score of " + s);
            }
            assertEquals(s.path("was_fused").asBoolean(), g.fused(), where + " fused " + s);
        }
    }
}

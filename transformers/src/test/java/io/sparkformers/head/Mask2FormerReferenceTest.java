package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Mask2Former's three post-processors against transformers 4.37.2's own on synthetic model outputs
 * ({@code src/test/python/mask2former_references.py}) that reach what a random-weight export does not: masks empty
 * at 384×384, no query kept, a fused class, a query that wins too little of its own mask, tied queries and classes,
 * thresholds above most scores. The semantic map must be equal; instance and panoptic segments as in
 * {@link SegmentationParityTest}.
 */
class Mask2FormerReferenceTest {
    static float[] flat(JsonNode nested) {
        List<Float> out = new ArrayList<>();
        flatten(nested, out);
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    static void flatten(JsonNode n, List<Float> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add(n.floatValue());
        }
    }

    static int[] ints(JsonNode nested) {
        float[] f = flat(nested);
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (int) f[i];
        }
        return out;
    }

    static JsonNode references() throws Exception {
        try (InputStream in =
                Mask2FormerReferenceTest.class.getResourceAsStream("/mask2former-references/references.json")) {
            return Fixtures.JSON.readTree(in);
        }
    }

    @TestFactory
    List<DynamicTest> syntheticOutputsPostProcessAsTransformers() throws Exception {
        JsonNode references = references();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : references.path("cases")) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> check(c)));
        }
        assertFalse(tests.isEmpty(), "no reference cases");
        return tests;
    }

    /** A config naming fewer classes than the head has: the others are LABEL_n, as transformers' default id2label. */
    @Test
    void classesWithoutANameAreLabelN() throws Exception {
        JsonNode c = references().path("cases").get(0);
        JsonNode cls = c.path("class_queries_logits");
        JsonNode masks = c.path("masks_queries_logits");
        Mask2FormerSegmentation post = new Mask2FormerSegmentation(
                flat(cls),
                flat(masks),
                cls.size(),
                masks.get(0).size(),
                masks.get(0).get(0).size(),
                new String[] {"first"});
        SegmentationResult semantic = post.semantic(
                c.path("target_size_hw").get(0).asInt(),
                c.path("target_size_hw").get(1).asInt());
        assertFalse(semantic.segments().isEmpty());
        for (Segment s : semantic.segments()) {
            assertEquals(s.labelId() == 0 ? "first" : "LABEL_" + s.labelId(), s.label());
        }
        SegmentationResult instance = post.instance(
                c.path("target_size_hw").get(0).asInt(),
                c.path("target_size_hw").get(1).asInt(),
                0.0);
        for (Segment s : instance.segments()) {
            assertEquals(s.labelId() == 0 ? "first" : "LABEL_" + s.labelId(), s.label());
        }
    }

    static void check(JsonNode c) {
        JsonNode cls = c.path("class_queries_logits");
        JsonNode masks = c.path("masks_queries_logits");
        int queries = cls.size();
        int classes = cls.get(0).size() - 1;
        String[] labels = new String[classes];
        for (int i = 0; i < classes; i++) {
            labels[i] = "class " + i;
        }
        Mask2FormerSegmentation post = new Mask2FormerSegmentation(
                flat(cls),
                flat(masks),
                queries,
                masks.get(0).size(),
                masks.get(0).get(0).size(),
                labels);
        int h = c.path("target_size_hw").get(0).asInt();
        int w = c.path("target_size_hw").get(1).asInt();
        String where = c.path("name").asText();

        SegmentationResult semantic = post.semantic(h, w);
        int[] semanticWant = ints(c.path("semantic_map"));
        int[] semanticGot = new int[semantic.map().ids().length];
        for (int i = 0; i < semanticGot.length; i++) {
            semanticGot[i] = semantic.map().ids()[i];
        }
        assertArrayEquals(semanticWant, semanticGot, where + " semantic map");
        SegmentationParityTest.assertSegmentsOf(semantic.map(), semantic.segments(), labels, where + " semantic");

        JsonNode instance = c.path("instance");
        // null where tied scores leave torch's top-k order unspecified
        if (!instance.isNull()) {
            SegmentationParityTest.assertInstanceMatches(
                    post.instance(h, w, instance.path("threshold").asDouble()),
                    instance.path("segments_info"),
                    ints(instance.path("map")),
                    0,
                    where + " instance");
        }

        JsonNode want = c.path("panoptic");
        JsonNode args = want.path("arguments");
        Set<Integer> fuse = new HashSet<>();
        args.path("label_ids_to_fuse").forEach(id -> fuse.add(id.asInt()));
        SegmentationResult panoptic = post.panoptic(
                h,
                w,
                args.path("threshold").asDouble(),
                args.path("mask_threshold").asDouble(),
                args.path("overlap_mask_area_threshold").asDouble(),
                fuse);
        SegmentationParityTest.assertPanopticMatches(
                panoptic, want.path("segments_info"), ints(want.path("map")), 0, where + " panoptic");
    }
}

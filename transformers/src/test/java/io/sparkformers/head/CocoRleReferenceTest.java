package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.testing.Fixtures;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * COCO RLE against pycocotools itself ({@code coco-rle/pycocotools.json}, made by
 * {@code src/test/python/coco_rle_references.py} with {@code pycocotools.mask.encode}): each mask encodes to
 * pycocotools' counts string, and pycocotools' string decodes to the mask.
 */
class CocoRleReferenceTest {
    @Test
    void countsStringsAreThoseOfPycocotools() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/coco-rle/pycocotools.json")) {
            ref = Fixtures.JSON.readTree(in);
        }
        assertTrue(ref.path("masks").size() > 10);
        for (JsonNode m : ref.path("masks")) {
            int h = m.path("height").asInt();
            int w = m.path("width").asInt();
            boolean[] mask = new boolean[h * w];
            long area = 0;
            for (int y = 0; y < h; y++) {
                String row = m.path("rows").get(y).asText();
                for (int x = 0; x < w; x++) {
                    mask[y * w + x] = row.charAt(x) == '1';
                    area += mask[y * w + x] ? 1 : 0;
                }
            }
            String name = m.path("name").asText();
            assertEquals(m.path("area").asLong(), area, name);
            assertEquals(m.path("counts").asText(), CocoRle.compress(CocoRle.runs(mask, h, w)), name + ": encode");
            assertArrayEquals(
                    mask, CocoRle.decode(CocoRle.decompress(m.path("counts").asText()), h, w), name + ": decode");
        }
    }

    /** Every id of a label map encoded in one pass, each as pycocotools encodes the mask of that id. */
    @Test
    void everyIdOfAMapEncodesAsPycocotools() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/coco-rle/pycocotools.json")) {
            ref = Fixtures.JSON.readTree(in);
        }
        assertTrue(ref.path("maps").size() >= 3);
        for (JsonNode m : ref.path("maps")) {
            int h = m.path("height").asInt();
            int w = m.path("width").asInt();
            short[] ids = new short[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    ids[y * w + x] = (short) m.path("ids").get(y).get(x).asInt();
                }
            }
            CocoRle.MapEncoding enc = CocoRle.encodeMap(new SegmentationMap(h, w, ids));
            var it = m.path("per_id").fields();
            while (it.hasNext()) {
                var e = it.next();
                int id = Integer.parseInt(e.getKey());
                String where = m.path("name").asText() + " id " + id;
                assertEquals(e.getValue().path("counts").asText(), enc.counts(id), where);
                assertEquals(e.getValue().path("area").asLong(), enc.area(id), where);
            }
            assertEquals(0, enc.area(Short.MAX_VALUE), "an id the map does not have has no area");
        }
    }
}

package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.head.CocoRle;
import io.sparkformers.head.SegmentationImages;
import io.sparkformers.head.SegmentationMap;
import io.sparkformers.head.SegmentationParityTest;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Spark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** ImageEmbedder and ImageSegmenter from image files, against Hugging Face, through the public stages. */
class VisionStagesParityTest {
    static Dataset<Row> paths(Path root, JsonNode inputs) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < inputs.path("images").size(); i++) {
            rows.add(RowFactory.create(
                    i, root.resolve(inputs.path("images").get(i).asText()).toString()));
        }
        return Spark.session()
                .createDataFrame(rows, ImageClassifierParityTest.PATHS)
                .coalesce(1);
    }

    @TestFactory
    List<DynamicTest> embeddings() {
        Path root = Fixtures.root();
        List<Path> models = Fixtures.models("image-features");
        assertFalse(models.isEmpty());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : models) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> {
                    JsonNode expected = Fixtures.json(c.resolve("expected.json"));
                    Npy pooler = Npy.read(c.resolve("pooler_output.npy"));
                    Npy hidden = Npy.read(c.resolve("last_hidden_state.npy"));
                    List<Row> out = new ImageEmbedder()
                            .setModelPath(model.toString())
                            .setInputCol("path")
                            .setHiddenStateCol("hidden")
                            .setErrorCol("error")
                            .setBatchSize(2)
                            .setDevice("cpu")
                            .transform(paths(root, Fixtures.json(c.resolve("inputs.json"))))
                            .orderBy("id")
                            .collectAsList();
                    assertEquals(pooler.shape()[0], out.size(), "one row per input");
                    for (int i = 0; i < out.size(); i++) {
                        assertNull(out.get(i).getAs("error"));
                        assertClose(
                                pooler.row(i),
                                ((Vector) out.get(i).getAs("embedding")).toArray(),
                                Fixtures.outputTolerance(expected, "pooler_output"),
                                1e-4,
                                c.getFileName() + " pooler_output[" + i + "]");
                        List<Float> h = out.get(i).getList(out.get(i).fieldIndex("hidden"));
                        float[] got = new float[h.size()];
                        for (int k = 0; k < got.length; k++) {
                            got[k] = h.get(k);
                        }
                        assertClose(
                                hidden.row(i),
                                got,
                                Fixtures.outputTolerance(expected, "last_hidden_state"),
                                1e-4,
                                c.getFileName() + " last_hidden_state[" + i + "]");
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void tokenPoolingOverDinov2Tokens() {
        Path model = Fixtures.models("image-features").stream()
                .filter(m -> Npy.read(Fixtures.cases(m).get(0).resolve("last_hidden_state.npy"))
                                .shape()
                                .length
                        == 3)
                .findFirst()
                .orElseThrow();
        Path c = Fixtures.cases(model).get(0);
        Npy hidden = Npy.read(c.resolve("last_hidden_state.npy"));
        int tokens = (int) hidden.shape()[1];
        int width = (int) hidden.shape()[2];
        Dataset<Row> df = paths(Fixtures.root(), Fixtures.json(c.resolve("inputs.json")));
        double atol = Fixtures.outputTolerance(Fixtures.json(c.resolve("expected.json")), "last_hidden_state");
        float[] cls = Arrays.copyOf(hidden.row(0), width);
        Row r = new ImageEmbedder()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setPooling("cls")
                .setDevice("cpu")
                .transform(df)
                .first();
        assertClose(cls, ((Vector) r.getAs("embedding")).toArray(), atol, 1e-4, "cls");
        float[] mean = new float[width];
        for (int t = 0; t < tokens; t++) {
            for (int k = 0; k < width; k++) {
                mean[k] += hidden.row(0)[t * width + k] / tokens;
            }
        }
        Row m = new ImageEmbedder()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setPooling("mean")
                .setNormalize(true)
                .setDevice("cpu")
                .transform(df)
                .first();
        double norm = 0;
        for (float v : mean) {
            norm += v * v;
        }
        for (int k = 0; k < width; k++) {
            mean[k] /= (float) Math.sqrt(norm);
        }
        assertClose(mean, ((Vector) m.getAs("embedding")).toArray(), atol, 1e-4, "normalised mean");
    }

    @TestFactory
    List<DynamicTest> segmentation() {
        Path root = Fixtures.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : Fixtures.models("semantic-segmentation")) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> {
                    JsonNode expected = Fixtures.json(c.resolve("expected.json"));
                    List<Row> out = new ImageSegmenter()
                            .setModelPath(model.toString())
                            .setInputCol("path")
                            .setErrorCol("error")
                            .setBatchSize(3)
                            .setDevice("cpu")
                            .transform(paths(root, Fixtures.json(c.resolve("inputs.json"))))
                            .orderBy("id")
                            .collectAsList();
                    assertEquals(
                            expected.path("postprocess").path("per_image").size(), out.size(), "one row per input");
                    for (int i = 0; i < out.size(); i++) {
                        SegmentationMap map = mapOf(out.get(i).getAs("segmentation"));
                        JsonNode hw = expected.path("original_sizes_hw").get(i);
                        assertEquals(hw.get(0).asInt(), map.height());
                        assertEquals(hw.get(1).asInt(), map.width());
                        int[] want = SegmentationParityTest.png(c.resolve("semantic_map_" + i + ".png"));
                        // The stage's logits are ONNX Runtime's: a flip is a tie if the reference scores are within its
                        // tolerance.
                        Npy logits = Npy.read(c.resolve("logits.npy"));
                        SegmentationParityTest.assertSemanticMapMatches(
                                map,
                                want,
                                logits.floats(),
                                i * logits.rowSize(),
                                (int) logits.shape()[1],
                                (int) logits.shape()[2],
                                (int) logits.shape()[3],
                                2 * Fixtures.outputTolerance(expected, "logits"),
                                c.getFileName() + "[" + i + "]");
                        checkSegmentsCoverMap(out.get(i).getList(out.get(i).fieldIndex("segments")), map);
                    }
                }));
            }
        }
        for (Path model : Fixtures.models("mask2former")) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> {
                    JsonNode expected = Fixtures.json(c.resolve("expected.json"));
                    Dataset<Row> df = paths(root, Fixtures.json(c.resolve("inputs.json")));
                    // Every post-processing call the reference recorded, run with that call's own parameters.
                    JsonNode first =
                            expected.path("postprocess").path("per_image").get(0);
                    List<String> runs = new ArrayList<>();
                    first.fieldNames().forEachRemaining(runs::add);
                    assertTrue(runs.size() >= 3, "post-processing calls in " + c);
                    for (String run : runs) {
                        String call = first.path(run).path("call").asText();
                        Matcher fn = Pattern.compile("post_process_(semantic|instance|panoptic)_segmentation\\(")
                                .matcher(call);
                        assertTrue(fn.find(), call);
                        String subtask = fn.group(1);
                        ImageSegmenter stage = new ImageSegmenter()
                                .setModelPath(model.toString())
                                .setInputCol("path")
                                .setSubtask(subtask)
                                .setBatchSize(2)
                                .setDevice("cpu");
                        callArguments(call).forEach((k, v) -> {
                            switch (k) {
                                case "threshold" -> stage.setThreshold(Double.parseDouble(v));
                                case "mask_threshold" -> stage.setMaskThreshold(Double.parseDouble(v));
                                case "overlap_mask_area_threshold" ->
                                    stage.setOverlapMaskAreaThreshold(Double.parseDouble(v));
                                case "label_ids_to_fuse" ->
                                    stage.setLabelIdsToFuse(Arrays.stream(v.replaceAll("[\\[\\] ]", "")
                                                    .split(","))
                                            .filter(x -> !x.isEmpty())
                                            .mapToInt(Integer::parseInt)
                                            .toArray());
                                case "target_sizes" -> {}
                                default -> throw new AssertionError("unknown argument " + k + " in " + call);
                            }
                        });
                        List<Row> out = stage.transform(df).orderBy("id").collectAsList();
                        assertEquals(
                                expected.path("postprocess").path("per_image").size(),
                                out.size(),
                                c + " " + run + " rows");
                        for (int i = 0; i < out.size(); i++) {
                            JsonNode want = expected.path("postprocess")
                                    .path("per_image")
                                    .get(i)
                                    .path(run);
                            String where = c.getFileName() + "[" + i + "] " + run;
                            SegmentationMap map = mapOf(out.get(i).getAs("segmentation"));
                            if (subtask.equals("instance")) {
                                // Instance ids are numbered by score here and in torch's topk order there: compared as
                                // a set.
                                assertSameSegments(
                                        want.path("segments_info"),
                                        out.get(i).getList(out.get(i).fieldIndex("segments")),
                                        where);
                            } else {
                                String png = want.path(
                                                subtask.equals("semantic") ? "semantic_map_png" : "segmentation_png")
                                        .asText();
                                SegmentationParityTest.assertMapMatches(
                                        map,
                                        SegmentationParityTest.png(c.resolve(png)),
                                        subtask.equals("semantic") ? 0 : 1,
                                        where);
                                // Semantic and panoptic segments do not overlap: each mask is exactly its pixels of the
                                // map.
                                checkSegmentsCoverMap(
                                        out.get(i).getList(out.get(i).fieldIndex("segments")), map);
                            }
                        }
                    }
                }));
            }
        }
        return tests;
    }

    static SegmentationMap mapOf(Row struct) {
        return SegmentationMap.fromLittleEndian(struct.getInt(0), struct.getInt(1), (byte[]) struct.get(2));
    }

    /** Every segment's RLE mask is exactly the map's pixels of its id, and its area their count. */
    static void checkSegmentsCoverMap(List<Row> segments, SegmentationMap map) {
        for (Row s : segments) {
            Row mask = s.getAs("mask");
            List<Integer> size = mask.getList(0);
            assertEquals(List.of(map.height(), map.width()), size);
            boolean[] m = CocoRle.decode(CocoRle.decompress(mask.getString(1)), map.height(), map.width());
            int id = s.getAs("id");
            long area = 0;
            for (int p = 0; p < m.length; p++) {
                assertEquals(map.ids()[p] == id, m[p], "segment " + id + " pixel " + p);
                area += m[p] ? 1 : 0;
            }
            assertEquals(area, (long) s.getAs("area"));
        }
    }

    /** {@code name=value} arguments of a recorded Python call, lists kept whole. */
    static Map<String, String> callArguments(String call) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\[[^\\]]*\\]|[^,)]+)").matcher(call);
        while (m.find()) {
            out.put(m.group(1), m.group(2).trim());
        }
        return out;
    }

    /** The same (label, score) pairs, in any order. */
    static void assertSameSegments(JsonNode expected, List<Row> segments, String where) {
        List<double[]> want = new ArrayList<>();
        expected.forEach(seg -> want.add(
                new double[] {seg.path("label_id").asInt(), seg.path("score").asDouble()}));
        List<double[]> got = new ArrayList<>();
        for (Row seg : segments) {
            got.add(new double[] {seg.<Integer>getAs("labelId"), seg.<Double>getAs("score")});
        }
        Comparator<double[]> byLabelScore =
                Comparator.<double[]>comparingDouble(x -> x[0]).thenComparingDouble(x -> x[1]);
        want.sort(byLabelScore);
        got.sort(byLabelScore);
        assertEquals(want.size(), got.size(), where + ": segments");
        for (int k = 0; k < want.size(); k++) {
            assertEquals(want.get(k)[0], got.get(k)[0], where + ": label");
            assertEquals(want.get(k)[1], got.get(k)[1], 1e-4, where + ": score");
        }
    }

    @Test
    void overlayBlendsEachSegmentsColourOverThePhoto() throws Exception {
        Path model = Fixtures.models("mask2former").get(0);
        Fixtures.Input photo = Fixtures.image("JPEG", "RGB");
        Dataset<Row> df = Spark.session()
                .createDataFrame(
                        List.of(RowFactory.create(0, photo.file().toString())), ImageClassifierParityTest.PATHS);
        Row r = new ImageSegmenter()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setSubtask("semantic")
                .transform(df)
                .first();
        SegmentationMap map = mapOf(r.getAs("segmentation"));
        var rgb = ImageDecoder.decode(Files.readAllBytes(photo.file()), ImageDecoder.DEFAULT_MAX_PIXELS);
        byte[] png = SegmentationImages.overlayPng(rgb, map, 0, 0.5);
        Path out = Path.of("target", "overlay.png");
        Files.write(out, png);
        var img = ImageIO.read(out.toFile());
        JsonNode size = photo.meta().path("decoded_size_wh");
        assertEquals(size.get(0).asInt(), img.getWidth());
        assertEquals(size.get(1).asInt(), img.getHeight());
        // Border pixels of a segment are its colour; inside, the colour is blended half and half with the photo.
        Map<Integer, Integer> colour = new HashMap<>();
        int w = map.width();
        int h = map.height();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int id = map.get(x, y);
                boolean border = (x > 0 && map.get(x - 1, y) != id)
                        || (y > 0 && map.get(x, y - 1) != id)
                        || (x < w - 1 && map.get(x + 1, y) != id)
                        || (y < h - 1 && map.get(x, y + 1) != id);
                int o = img.getRGB(x, y) & 0xFFFFFF;
                if (border) {
                    Integer before = colour.putIfAbsent(id, o);
                    assertTrue(before == null || before == o, "segment " + id + " has one border colour");
                }
            }
        }
        assertTrue(colour.size() >= 2, "classes on the photo: " + colour.keySet());
        assertEquals(colour.size(), new HashSet<>(colour.values()).size(), "each class its own colour");
        int checked = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int id = map.get(x, y);
                if (map.get(x - 1, y) == id
                        && map.get(x + 1, y) == id
                        && map.get(x, y - 1) == id
                        && map.get(x, y + 1) == id
                        && colour.containsKey(id)) {
                    int o = img.getRGB(x, y);
                    int c = colour.get(id);
                    for (int ch = 0; ch < 3; ch++) {
                        int shift = 16 - 8 * ch;
                        double blended = rgb.get(x, y, ch) * 0.5 + ((c >> shift) & 0xFF) * 0.5;
                        assertEquals(
                                blended, (o >> shift) & 0xFF, 0.5 + 1e-9, "pixel " + x + "," + y + " channel " + ch);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > w * h / 4, "interior pixels checked: " + checked);
        assertTrue(SegmentationImages.mapPng(map, 0).length > 0);
    }
}

package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.image.CocoRle;
import io.sparkformers.image.ImageDecoder;
import io.sparkformers.image.SegmentationImages;
import io.sparkformers.image.SegmentationMap;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Spark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      rows.add(RowFactory.create(i, root.resolve(inputs.path("images").get(i).asText()).toString()));
    }
    return Spark.session().createDataFrame(rows, ImageClassifierParityTest.PATHS).coalesce(1);
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
          List<Row> out = new ImageEmbedder().setModelPath(model.toString()).setInputCol("path").setHiddenStateCol("hidden")
              .setErrorCol("error").setBatchSize(2).setDevice("cpu")
              .transform(paths(root, Fixtures.json(c.resolve("inputs.json")))).orderBy("id").collectAsList();
          for (int i = 0; i < out.size(); i++) {
            assertNull(out.get(i).getAs("error"));
            assertClose(pooler.row(i), ((Vector) out.get(i).getAs("embedding")).toArray(),
                Fixtures.outputTolerance(expected, "pooler_output"), 1e-4, c.getFileName() + " pooler_output[" + i + "]");
            List<Float> h = out.get(i).getList(out.get(i).fieldIndex("hidden"));
            float[] got = new float[h.size()];
            for (int k = 0; k < got.length; k++) {
              got[k] = h.get(k);
            }
            assertClose(hidden.row(i), got, Fixtures.outputTolerance(expected, "last_hidden_state"), 1e-4,
                c.getFileName() + " last_hidden_state[" + i + "]");
          }
        }));
      }
    }
    return tests;
  }

  @Test
  void tokenPoolingOverDinov2Tokens() {
    Path model = Fixtures.models("image-features").stream().filter(m -> Npy.read(Fixtures.cases(m).get(0)
        .resolve("last_hidden_state.npy")).shape().length == 3).findFirst().orElseThrow();
    Path c = Fixtures.cases(model).get(0);
    Npy hidden = Npy.read(c.resolve("last_hidden_state.npy"));
    int tokens = (int) hidden.shape()[1];
    int width = (int) hidden.shape()[2];
    Dataset<Row> df = paths(Fixtures.root(), Fixtures.json(c.resolve("inputs.json")));
    double atol = Fixtures.outputTolerance(Fixtures.json(c.resolve("expected.json")), "last_hidden_state");
    float[] cls = java.util.Arrays.copyOf(hidden.row(0), width);
    Row r = new ImageEmbedder().setModelPath(model.toString()).setInputCol("path").setPooling("cls").setDevice("cpu")
        .transform(df).first();
    assertClose(cls, ((Vector) r.getAs("embedding")).toArray(), atol, 1e-4, "cls");
    float[] mean = new float[width];
    for (int t = 0; t < tokens; t++) {
      for (int k = 0; k < width; k++) {
        mean[k] += hidden.row(0)[t * width + k] / tokens;
      }
    }
    Row m = new ImageEmbedder().setModelPath(model.toString()).setInputCol("path").setPooling("mean").setNormalize(true)
        .setDevice("cpu").transform(df).first();
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
          List<Row> out = new ImageSegmenter().setModelPath(model.toString()).setInputCol("path").setErrorCol("error")
              .setBatchSize(3).setDevice("cpu").transform(paths(root, Fixtures.json(c.resolve("inputs.json"))))
              .orderBy("id").collectAsList();
          for (int i = 0; i < out.size(); i++) {
            SegmentationMap map = mapOf(out.get(i).getAs("segmentation"));
            JsonNode hw = expected.path("original_sizes_hw").get(i);
            assertEquals(hw.get(0).asInt(), map.height());
            assertEquals(hw.get(1).asInt(), map.width());
            int[] want = io.sparkformers.image.SegmentationParityTest.png(c.resolve("semantic_map_" + i + ".png"));
            io.sparkformers.image.SegmentationParityTest.assertMapMatches(map, want, 0, c.getFileName() + "[" + i + "]");
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
          for (String subtask : List.of("semantic", "panoptic")) {
            List<Row> out = new ImageSegmenter().setModelPath(model.toString()).setInputCol("path").setSubtask(subtask)
                .setBatchSize(2).setDevice("cpu").transform(df).orderBy("id").collectAsList();
            for (int i = 0; i < out.size(); i++) {
              JsonNode per = expected.path("postprocess").path("per_image").get(i);
              String png = subtask.equals("semantic") ? per.path("semantic").path("semantic_map_png").asText()
                  : per.path("panoptic_default").path("segmentation_png").asText();
              SegmentationMap map = mapOf(out.get(i).getAs("segmentation"));
              io.sparkformers.image.SegmentationParityTest.assertMapMatches(map,
                  io.sparkformers.image.SegmentationParityTest.png(c.resolve(png)), subtask.equals("semantic") ? 0 : 1,
                  c.getFileName() + "[" + i + "] " + subtask);
              checkSegmentsCoverMap(out.get(i).getList(out.get(i).fieldIndex("segments")), map);
            }
          }
          List<Row> fused = new ImageSegmenter().setModelPath(model.toString()).setInputCol("path").setSubtask("panoptic")
              .setThreshold(0.3).setMaskThreshold(0.4).setOverlapMaskAreaThreshold(0.5).setLabelIdsToFuse(0, 1, 2)
              .setDevice("cpu").transform(df).orderBy("id").collectAsList();
          List<Row> instances = new ImageSegmenter().setModelPath(model.toString()).setInputCol("path").setSubtask("instance")
              .setThreshold(0.3).setDevice("cpu").transform(df).orderBy("id").collectAsList();
          for (int i = 0; i < fused.size(); i++) {
            JsonNode per = expected.path("postprocess").path("per_image").get(i);
            JsonNode run = per.path("panoptic_fused");
            assertTrue(run.path("call").asText().contains("label_ids_to_fuse=[0, 1, 2]"), run.path("call").asText());
            io.sparkformers.image.SegmentationParityTest.assertMapMatches(mapOf(fused.get(i).getAs("segmentation")),
                io.sparkformers.image.SegmentationParityTest.png(c.resolve(run.path("segmentation_png").asText())), 1,
                c.getFileName() + "[" + i + "] panoptic fused");
            List<double[]> want = new ArrayList<>();
            per.path("instance_threshold_0.3").path("segments_info").forEach(
                seg -> want.add(new double[] {seg.path("label_id").asInt(), seg.path("score").asDouble()}));
            List<double[]> got = new ArrayList<>();
            for (Row seg : instances.get(i).<Row>getList(instances.get(i).fieldIndex("segments"))) {
              got.add(new double[] {seg.<Integer>getAs("labelId"), seg.<Double>getAs("score")});
            }
            java.util.Comparator<double[]> byLabelScore = java.util.Comparator.<double[]>comparingDouble(x -> x[0])
                .thenComparingDouble(x -> x[1]);
            want.sort(byLabelScore);
            got.sort(byLabelScore);
            assertEquals(want.size(), got.size(), c.getFileName() + "[" + i + "] instance segments at threshold 0.3");
            for (int k = 0; k < want.size(); k++) {
              assertEquals(want.get(k)[0], got.get(k)[0], c.getFileName() + "[" + i + "] instance label");
              assertEquals(want.get(k)[1], got.get(k)[1], 1e-4, c.getFileName() + "[" + i + "] instance score");
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

  @Test
  void catOverlayRendersToPng() throws Exception {
    Path root = Fixtures.root();
    Path model = Fixtures.models("mask2former").get(0);
    Path cat = root.resolve("inputs/images/cat.jpg");
    Dataset<Row> df = Spark.session().createDataFrame(List.of(RowFactory.create(0, cat.toString())),
        ImageClassifierParityTest.PATHS);
    Row r = new ImageSegmenter().setModelPath(model.toString()).setInputCol("path").setSubtask("semantic")
        .transform(df).first();
    SegmentationMap map = mapOf(r.getAs("segmentation"));
    byte[] png = SegmentationImages.overlayPng(ImageDecoder.decode(Files.readAllBytes(cat), 1_000_000), map, 0, 0.5);
    Path out = Path.of("target", "cat-overlay.png");
    Files.write(out, png);
    var img = javax.imageio.ImageIO.read(out.toFile());
    assertEquals(451, img.getWidth());
    assertEquals(300, img.getHeight());
    // Two classes on the cat photo: the overlay has both colours.
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (short v : map.ids()) {
      ids.add((int) v);
    }
    assertTrue(ids.size() >= 2, "classes in the cat map: " + ids);
    assertTrue(SegmentationImages.mapPng(map, 0).length > 0);
  }
}

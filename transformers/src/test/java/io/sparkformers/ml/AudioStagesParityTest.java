package io.sparkformers.ml;

import static io.sparkformers.testing.Asserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.audio.CtcDecoder;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every Data2Vec-Audio head from the WAV files through its public stage, against Hugging Face. */
class AudioStagesParityTest {
  static final StructType PATHS = new StructType().add("id", DataTypes.IntegerType).add("path", DataTypes.StringType);

  static Dataset<Row> frame(Path c) {
    JsonNode files = Fixtures.json(c.resolve("inputs.json")).path("audio");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      rows.add(RowFactory.create(i, Fixtures.root().resolve(files.get(i).asText()).toString()));
    }
    // One partition: a case's clips share a batch, padded together as the fixtures' batched reference was.
    return Spark.session().createDataFrame(rows, PATHS).coalesce(1);
  }

  static List<DynamicTest> each(String kind, java.util.function.BiConsumer<Path, Path> check) {
    List<Path> models = Fixtures.models(kind);
    assertFalse(models.isEmpty(), "no " + kind + " model");
    List<DynamicTest> tests = new ArrayList<>();
    for (Path model : models) {
      for (Path c : Fixtures.cases(model)) {
        tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> check.accept(model, c)));
      }
    }
    return tests;
  }

  /** Frames of item i's real samples (attention mask 1). */
  static int realFrames(Path model, Npy mask, int i) {
    int width = (int) mask.shape()[1];
    int n = 0;
    for (int k = 0; k < width; k++) {
      n += mask.longs()[i * width + k] != 0 ? 1 : 0;
    }
    return AudioStage.activations(ModelDirectory.open(model.toString(), new Configuration())).frames(n);
  }

  @TestFactory
  List<DynamicTest> speechRecognition() {
    return each("ctc", (model, c) -> {
      JsonNode post = Fixtures.json(c.resolve("expected.json")).path("postprocess");
      Npy logits = Npy.read(c.resolve("logits.npy"));
      Npy mask = Npy.read(c.resolve("attention_mask.npy"));
      CtcDecoder ctc = new CtcDecoder(ModelDirectory.open(model.toString(), new Configuration()), model);
      for (boolean skip : new boolean[] {false, true}) {
        List<Row> out = new SpeechRecognizer().setModelPath(model.toString()).setInputCol("path").setSkipSpecialTokens(skip)
            .setErrorCol("error").setDevice("cpu").transform(frame(c)).orderBy("id").collectAsList();
        JsonNode want = post.path(skip ? "transcription_skip_special_tokens" : "transcription");
        for (int i = 0; i < out.size(); i++) {
          assertNull(out.get(i).getAs("error"));
          int frames = (int) logits.shape()[1];
          int own = realFrames(model, mask, i);
          String expected;
          if (own == frames) {
            expected = want.get(i).asText(); // transformers' own string
          } else {
            // A padded batch item: transformers decodes its padding frames too; the stage decodes the clip's own.
            int vocab = (int) logits.shape()[2];
            int[] ids = new int[own];
            for (int f = 0; f < own; f++) {
              int best = 0;
              for (int v = 1; v < vocab; v++) {
                best = logits.floats()[(i * frames + f) * vocab + v] > logits.floats()[(i * frames + f) * vocab + best] ? v : best;
              }
              ids[f] = best;
            }
            expected = ctc.decode(ids, skip);
          }
          assertEquals(expected, out.get(i).getAs("transcription"), c.getFileName() + "[" + i + "] skip=" + skip);
        }
      }
    });
  }

  @TestFactory
  List<DynamicTest> audioClassification() {
    return each("audio-classification", (model, c) -> {
      JsonNode expected = Fixtures.json(c.resolve("expected.json"));
      Npy logits = Npy.read(c.resolve("logits.npy"));
      List<Row> out = new AudioClassifier().setModelPath(model.toString()).setInputCol("path").setErrorCol("error")
          .setDevice("cpu").transform(frame(c)).orderBy("id").collectAsList();
      for (int i = 0; i < out.size(); i++) {
        Row r = out.get(i);
        assertNull(r.getAs("error"));
        assertClose(logits.row(i), ((Vector) r.getAs("rawPrediction")).toArray(), Fixtures.outputTolerance(expected, "logits"),
            1e-4, c.getFileName() + " logits");
        JsonNode per = expected.path("postprocess").path("per_input").get(i);
        if (per != null) {
          JsonNode top5 = per.path("top5");
          JsonNode gaps = per.path("gaps");
          List<Row> top = r.getList(r.fieldIndex("topK"));
          for (int k = 0; k < top5.size(); k++) {
            boolean decided = (k == 0 || gaps.get(k - 1).asDouble() > 1e-3) && (k >= gaps.size() || gaps.get(k).asDouble() > 1e-3);
            if (decided) {
              assertEquals(top5.get(k).path("label").asText(), top.get(k).getString(0), c.getFileName() + " rank " + k);
            }
            assertEquals(top5.get(k).path("score").asDouble(),
                ((Vector) r.getAs("probability")).toArray()[top5.get(k).path("index").asInt()], 1e-4);
          }
        }
      }
    });
  }

  @TestFactory
  List<DynamicTest> frameClassification() {
    return each("audio-frame-classification", (model, c) -> {
      JsonNode expected = Fixtures.json(c.resolve("expected.json"));
      Npy mask = Npy.read(c.resolve("attention_mask.npy"));
      List<Row> out = new AudioFrameClassifier().setModelPath(model.toString()).setInputCol("path").setErrorCol("error")
          .setDevice("cpu").transform(frame(c)).orderBy("id").collectAsList();
      for (int i = 0; i < out.size(); i++) {
        assertNull(out.get(i).getAs("error"));
        List<String> got = out.get(i).getList(out.get(i).fieldIndex("frameLabels"));
        JsonNode want = expected.path("postprocess").path("frame_labels").get(i);
        int own = realFrames(model, mask, i);
        assertEquals(own, got.size(), c.getFileName() + " frames");
        for (int f = 0; f < own; f++) {
          assertEquals(want.get(f).asText(), got.get(f), c.getFileName() + "[" + i + "] frame " + f);
        }
        List<Row> segments = out.get(i).getList(out.get(i).fieldIndex("segments"));
        int covered = 0;
        for (Row s : segments) {
          int from = (int) Math.round(s.getDouble(1) * 50);
          int to = (int) Math.round(s.getDouble(2) * 50);
          for (int f = from; f < to; f++) {
            assertEquals(got.get(f), s.getString(0), "segment covers frames of its label");
          }
          covered += to - from;
        }
        assertEquals(own, covered, "segments cover every frame");
      }
    });
  }

  @TestFactory
  List<DynamicTest> speakerEmbeddings() {
    return each("xvector", (model, c) -> {
      JsonNode expected = Fixtures.json(c.resolve("expected.json"));
      Npy emb = Npy.read(c.resolve("embeddings.npy"));
      List<Row> out = new SpeakerEmbedder().setModelPath(model.toString()).setInputCol("path").setErrorCol("error")
          .setDevice("cpu").transform(frame(c)).orderBy("id").collectAsList();
      for (int i = 0; i < out.size(); i++) {
        assertNull(out.get(i).getAs("error"));
        assertClose(emb.row(i), ((Vector) out.get(i).getAs("embedding")).toArray(),
            Fixtures.outputTolerance(expected, "embeddings"), 1e-4, c.getFileName() + " embeddings");
      }
    });
  }
}

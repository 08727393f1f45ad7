package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages save and load alone and inside a Pipeline, and the reloaded pipeline gives the same columns. */
class PersistenceTest {
    @Test
    void pipelineRoundTrip(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.root();
        StructType schema = new StructType().add("path", DataTypes.StringType).add("text", DataTypes.StringType);
        Dataset<Row> df = Spark.session()
                .createDataFrame(
                        List.of(
                                RowFactory.create(
                                        Fixtures.image("JPEG", "RGB").file().toString(), "a cat on a mat"),
                                RowFactory.create(
                                        Fixtures.image("PNG", "RGB").file().toString(), "a cup of coffee")),
                        schema);
        ImageClassifier clf = new ImageClassifier()
                .setModelPath(root.resolve("dinov2-image-classification").toString())
                .setInputCol("path")
                .setTopK(2)
                .setProbabilityCol("")
                .setErrorCol("err")
                .setBatchSize(5);
        TextEmbedder emb = new TextEmbedder()
                .setModelPath(root.resolve("data2vec-text-feature-extraction").toString())
                .setPooling("cls")
                .setNormalize(true)
                .setMaxLength(16);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            clf, emb, new SQLTransformer().setStatement("SELECT path, predictedLabel, topK, embedding FROM __THIS__")
        });
        PipelineModel fitted = pipeline.fit(df);
        String dir = tmp.resolve("pipeline").toString();
        fitted.write().overwrite().save(dir);
        PipelineModel loaded = PipelineModel.load(dir);

        ImageClassifier clf2 = (ImageClassifier) loaded.stages()[0];
        assertEquals(clf.uid(), clf2.uid());
        assertEquals(clf.getModelPath(), clf2.getModelPath());
        assertEquals(2, (int) clf2.getOrDefault(clf2.topK()));
        assertEquals("", clf2.getOrDefault(clf2.probabilityCol()));
        TextEmbedder emb2 = (TextEmbedder) loaded.stages()[1];
        assertEquals("cls", emb2.getOrDefault(emb2.pooling()));
        assertEquals(16, (int) emb2.getOrDefault(emb2.maxLength()));
        assertEquals(
                fitted.transform(df).orderBy("path").collectAsList(),
                loaded.transform(df).orderBy("path").collectAsList());

        ImageSegmenter seg = new ImageSegmenter()
                .setModelPath(root.resolve("mask2former-universal-segmentation").toString())
                .setSubtask("panoptic")
                .setLabelIdsToFuse(0, 2)
                .setThreshold(0.3)
                .setSegmentsCol("");
        seg.write().save(tmp.resolve("seg").toString());
        ImageSegmenter seg2 = ImageSegmenter.load(tmp.resolve("seg").toString());
        assertEquals("panoptic", seg2.getOrDefault(seg2.subtask()));
        assertEquals(
                List.of(0, 2),
                Arrays.stream(seg2.getOrDefault(seg2.labelIdsToFuse())).boxed().toList());
        assertEquals(0.3, (double) seg2.getOrDefault(seg2.threshold()));
        assertEquals("", seg2.getOrDefault(seg2.segmentsCol()));
        ImageEmbedder emb3 =
                new ImageEmbedder().setModelPath("x").setPooling("cls").setHiddenStateCol("h");
        emb3.write().save(tmp.resolve("emb").toString());
        ImageEmbedder emb4 = ImageEmbedder.load(tmp.resolve("emb").toString());
        assertEquals("cls", emb4.getOrDefault(emb4.pooling()));
        assertEquals("h", emb4.getOrDefault(emb4.hiddenStateCol()));

        String single = tmp.resolve("onnx").toString();
        OnnxTransformer generic = new OnnxTransformer()
                .setModelPath(root.resolve("convnext-feature-extraction").toString())
                .setInputCols("pixels")
                .setOutputNames("pooler_output");
        generic.write().save(single);
        OnnxTransformer back = OnnxTransformer.load(single);
        assertEquals(List.of("pooler_output"), List.of(back.getOrDefault(back.outputNames())));
        assertEquals(List.of("pixels"), List.of(back.getOrDefault(back.inputCols())));
    }
}

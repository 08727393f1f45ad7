package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import io.sparkformers.testing.Wav;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maxSeconds} and {@code maxPixels} at their boundary: an input exactly at the limit runs, one past it is refused. */
class StageLimitsTest {
    static Dataset<Row> path(Path p) {
        return Spark.session()
                .createDataFrame(List.of(RowFactory.create(0, p.toString())), ImageClassifierParityTest.PATHS);
    }

    @Test
    void maxSecondsIsInclusive(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.models("audio-classification").get(0);
        Path twoSeconds = Wav.write(tmp.resolve("two.wav"), null, 16000, 2.0);
        for (double limit : new double[] {2.0, 1.99}) {
            Row r = new AudioClassifier()
                    .setModelPath(model.toString())
                    .setInputCol("path")
                    .setMaxSeconds(limit)
                    .setHandleInvalid("keep")
                    .setErrorCol("error")
                    .setDevice("cpu")
                    .transform(path(twoSeconds))
                    .first();
            if (limit >= 2.0) {
                assertNull(r.getAs("error"), "2.0 s at maxSeconds=2.0");
            } else {
                assertTrue(
                        String.valueOf(r.<String>getAs("error")).contains("exceeds maxSeconds=1.99"),
                        String.valueOf(r.<String>getAs("error")));
            }
        }
        // Samples given as an array are held to the same bound.
        List<Float> samples = new ArrayList<>();
        for (int i = 0; i < 16000 * 2; i++) {
            samples.add(0f);
        }
        StructType schema = new StructType()
                .add("samples", DataTypes.createArrayType(DataTypes.FloatType))
                .add("sampleRate", DataTypes.IntegerType);
        Row r = new AudioClassifier()
                .setModelPath(model.toString())
                .setInputCol("samples")
                .setMaxSeconds(1.5)
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(Spark.session().createDataFrame(List.of(RowFactory.create(samples, 16000)), schema))
                .first();
        assertTrue(
                String.valueOf(r.<String>getAs("error")).contains("clip of 2.0 s exceeds maxSeconds=1.5"),
                String.valueOf(r.<String>getAs("error")));
    }

    @Test
    void maxPixelsIsInclusive() {
        Path model = Fixtures.models("image-classification").get(0);
        Fixtures.Input photo = Fixtures.image("JPEG", "RGB");
        long pixels = photo.meta().path("stored_size_wh").get(0).asLong()
                * photo.meta().path("stored_size_wh").get(1).asLong();
        Row at = new ImageClassifier()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setMaxPixels(pixels)
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(path(photo.file()))
                .first();
        assertNull(at.getAs("error"));
        Row over = new ImageClassifier()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setMaxPixels(pixels - 1)
                .setHandleInvalid("keep")
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(path(photo.file()))
                .first();
        String error = over.getAs("error");
        assertTrue(error != null && error.contains(pixels + " pixels exceeds maxPixels=" + (pixels - 1)), error);
        assertNull(over.getAs("predictedLabel"));
    }
}

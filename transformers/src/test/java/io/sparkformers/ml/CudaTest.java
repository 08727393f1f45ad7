package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.Device;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The CUDA path, on a machine with a GPU: {@code mvn -Pgpu verify -Dsparkformers.cuda=true}. CI has no GPU and
 * skips it.
 */
@EnabledIfSystemProperty(named = "sparkformers.cuda", matches = "true")
class CudaTest {
    @Test
    void cudaGivesTheCpuAnswer() {
        assertTrue(Device.cudaProviderAvailable(), "build with -Pgpu: the CUDA provider is missing");
        Device d = Device.resolve("cuda");
        assertTrue(d.cuda(), d.toString());
        String model = Fixtures.root().resolve("convnext-image-classification").toString();
        String cat = Fixtures.image("JPEG", "RGB").file().toString();
        var df = Spark.session().createDataFrame(List.of(RowFactory.create(0, cat)), ImageClassifierParityTest.PATHS);
        Row gpu = new ImageClassifier()
                .setModelPath(model)
                .setInputCol("path")
                .setDevice("cuda")
                .transform(df)
                .first();
        Row cpu = new ImageClassifier()
                .setModelPath(model)
                .setInputCol("path")
                .setDevice("cpu")
                .transform(df)
                .first();
        assertArrayEquals(
                ((Vector) cpu.getAs("rawPrediction")).toArray(), ((Vector) gpu.getAs("rawPrediction")).toArray(), 1e-4);
    }
}

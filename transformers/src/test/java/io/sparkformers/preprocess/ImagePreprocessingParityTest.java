package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Decoding, Pillow-exact resizing and normalisation against the Hugging Face processors' own outputs. */
class ImagePreprocessingParityTest {

    static RgbImage png(Path p) throws Exception {
        BufferedImage bi = ImageIO.read(p.toFile());
        return ImageDecoder.toRgb(bi);
    }

    @TestFactory
    List<DynamicTest> decodedImagesMatchPillow() {
        Path root = Fixtures.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode img :
                Fixtures.json(root.resolve("manifest.json")).path("inputs").path("images")) {
            tests.add(DynamicTest.dynamicTest(img.path("id").asText(), () -> {
                RgbImage got = ImageDecoder.decode(
                        Files.readAllBytes(root.resolve(img.path("file").asText())), ImageDecoder.DEFAULT_MAX_PIXELS);
                RgbImage want = png(root.resolve(img.path("decoded_rgb_png").asText()));
                assertEquals(want.width(), got.width(), "width");
                assertEquals(want.height(), got.height(), "height");
                int differing = 0;
                int maxDiff = 0;
                for (int i = 0; i < want.data().length; i++) {
                    int d = Math.abs((want.data()[i] & 0xFF) - (got.data()[i] & 0xFF));
                    if (d != 0) {
                        differing++;
                        maxDiff = Math.max(maxDiff, d);
                    }
                }
                assertEquals(0, differing, "values differing from Pillow's decode (max diff " + maxDiff + ")");
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> resizedAndNormalisedMatchTransformers() {
        Path root = Fixtures.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : Fixtures.imageModels()) {
            ImageProcessor proc = ImageProcessor.fromConfig(
                    Fixtures.json(model.resolve("preprocessor_config.json")),
                    model.getFileName().toString());
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> {
                    JsonNode inputs = Fixtures.json(c.resolve("inputs.json"));
                    Npy pv = Npy.read(c.resolve("pixel_values.npy"));
                    int n = inputs.path("images").size();
                    assertEquals(n, pv.shape()[0]);
                    for (int i = 0; i < n; i++) {
                        RgbImage decoded = ImageDecoder.decode(
                                Files.readAllBytes(root.resolve(
                                        inputs.path("images").get(i).asText())),
                                ImageDecoder.DEFAULT_MAX_PIXELS);
                        RgbImage resized = proc.resizeAndCrop(decoded);
                        Path ref = c.resolve("resized_rgb_" + i + ".png");
                        if (Files.exists(ref)) {
                            RgbImage want = png(ref);
                            assertEquals(want.width() + "x" + want.height(), resized.width() + "x" + resized.height());
                            int differing = 0;
                            for (int k = 0; k < want.data().length; k++) {
                                differing += want.data()[k] != resized.data()[k] ? 1 : 0;
                            }
                            assertEquals(
                                    0,
                                    differing,
                                    "uint8 values differing from the processor's resize/crop, image " + i);
                        }
                        FloatBuffer fb = ByteBuffer.allocateDirect(pv.rowSize() * 4)
                                .order(ByteOrder.nativeOrder())
                                .asFloatBuffer();
                        assertEquals(pv.rowSize(), 3 * resized.width() * resized.height(), "pixel_values size");
                        proc.writeChw(resized, fb, 0);
                        float[] want = pv.row(i);
                        double max = 0;
                        for (int k = 0; k < want.length; k++) {
                            max = Math.max(max, Math.abs(want[k] - fb.get(k)));
                        }
                        assertTrue(max <= 1e-5, "pixel_values max |diff| " + max + " > 1e-5, image " + i);
                    }
                }));
            }
        }
        return tests;
    }
}

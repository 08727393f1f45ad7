package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.Audio;
import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Image processors and audio front ends against transformers 4.37.2 over configurations the fixture exports do not
 * use ({@code src/test/python/processor_references.py}): every size form, crop_pct on both sides of 384, crops larger
 * than the image, no resize / rescale / normalisation, scalar mean and std, every resample filter, LeViT's and
 * Mask2Former's rules; configs as exports write them, resolved as AutoImageProcessor resolves them (the
 * class that runs is checked too): DeiT, MobileNetV1, MobileViT, PoolFormer, SegFormer, EfficientNet, DPT, aliases
 * under either key, a type only config.json's model_type gives; Wav2Vec2 without normalisation, Whisper with other
 * mel counts, hops, FFT sizes and rates.
 * Shapes must be equal, every listed value within 1e-5 (relative above 1), the sum of all within 1e-4 relative.
 */
class ProcessorReferenceTest {
    static JsonNode references() throws Exception {
        try (InputStream in =
                ProcessorReferenceTest.class.getResourceAsStream("/processor-references/references.json")) {
            return Fixtures.JSON.readTree(in);
        }
    }

    /** The fixture file a reference was made from (skipped on another fixture set). */
    static Path input(String file, String sha256) {
        Path p = Fixtures.root().resolve(file);
        Fixtures.madeFrom(p, sha256, "rerun processor_references.py for this set");
        return p;
    }

    static void assertMatches(JsonNode want, long[] shape, float[] got, double tolerance, String where) {
        long[] wantShape = new long[want.path("shape").size()];
        for (int i = 0; i < wantShape.length; i++) {
            wantShape[i] = want.path("shape").get(i).asLong();
        }
        assertEquals(Arrays.toString(wantShape), Arrays.toString(shape), where + " shape");
        FloatBuffer values = ByteBuffer.wrap(
                        Base64.getDecoder().decode(want.path("values_f32").asText()))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        int every = want.path("every").asInt();
        for (int k = 0; values.hasRemaining(); k++) {
            float w = values.get();
            assertEquals(w, got[k * every], tolerance * Math.max(1, Math.abs(w)), where + " value " + k * every);
        }
        double sum = 0;
        for (float v : got) {
            sum += v;
        }
        double wantSum = want.path("sum").asDouble();
        assertEquals(wantSum, sum, 1e-4 * Math.max(1, Math.abs(wantSum)), where + " sum");
    }

    @TestFactory
    List<DynamicTest> imageProcessorsAsTransformers() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : references().path("images")) {
            String where = c.path("config") + " on " + c.path("file").asText() + " " + c.path("crop");
            tests.add(DynamicTest.dynamicTest(where, () -> {
                RgbImage img = ImageDecoder.decode(
                        Files.readAllBytes(
                                input(c.path("file").asText(), c.path("sha256").asText())),
                        ImageDecoder.DEFAULT_MAX_PIXELS);
                if (c.path("crop").isArray()) {
                    JsonNode b = c.path("crop");
                    img = crop(
                            img,
                            b.get(0).asInt(),
                            b.get(1).asInt(),
                            b.get(2).asInt(),
                            b.get(3).asInt());
                }
                ImageProcessor processor =
                        ImageProcessor.fromConfig(c.path("config"), c.path("model_config"), "reference");
                if (c.has("processor")) {
                    assertEquals(c.path("processor").asText(), processor.type(), where + " class");
                }
                RgbImage out = processor.resizeAndCrop(img);
                float[] chw = new float[3 * out.width() * out.height()];
                FloatBuffer fb = ByteBuffer.allocateDirect(chw.length * 4)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                processor.writeChw(out, fb, 0);
                fb.get(0, chw);
                assertMatches(c.path("pixel_values"), new long[] {3, out.height(), out.width()}, chw, 1e-5, where);
            }));
        }
        assertFalse(tests.isEmpty(), "no image references");
        return tests;
    }

    /** Pillow's {@code crop((left, top, right, bottom))} of an image inside its bounds. */
    static RgbImage crop(RgbImage img, int left, int top, int right, int bottom) {
        int w = right - left;
        int h = bottom - top;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(img.data(), ((top + y) * img.width() + left) * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    @TestFactory
    List<DynamicTest> audioFrontEndsAsTransformers() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : references().path("audio")) {
            String where = c.path("config").toString();
            tests.add(DynamicTest.dynamicTest(where, () -> {
                float[] wave = Npy.read(input(
                                c.path("waveform_npy").asText(),
                                c.path("sha256").asText()))
                        .floats();
                int rate = c.path("config").path("sampling_rate").asInt();
                // The waveform as the extractor's own rate: the front end alone, no resampling.
                float[] x = Arrays.copyOf(wave, c.path("samples").asInt());
                AudioFeatures features = AudioFeatures.fromConfig(c.path("config"), "reference");
                float[] got = features.features(new Audio(x, rate));
                JsonNode shape = c.path("features").path("shape");
                long[] gotShape = shape.size() == 1
                        ? new long[] {got.length}
                        : new long[] {
                            shape.get(0).asLong(), got.length / shape.get(0).asLong()
                        };
                assertMatches(c.path("features"), gotShape, got, 1e-4, where);
            }));
        }
        assertFalse(tests.isEmpty(), "no audio references");
        return tests;
    }
}

package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.model.ModelException;
import io.sparkformers.testing.Fixtures;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * What an image processor config may not say, refused with the reason, and the older spellings transformers still
 * reads: {@code feature_extractor_type} for {@code image_processor_type}, sizes as one number.
 */
class ImageProcessorConfigTest {
    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String refused(String config) {
        return assertThrows(ModelException.class, () -> ImageProcessor.fromConfig(json(config), "cfg"))
                .getMessage();
    }

    @Test
    void refusedConfigs() throws Exception {
        assertEquals(
                "cfg is missing or not a JSON object; an image model needs preprocessor_config.json",
                assertThrows(ModelException.class, () -> ImageProcessor.fromConfig(null, "cfg"))
                        .getMessage());
        assertEquals(
                "cfg is missing or not a JSON object; an image model needs preprocessor_config.json",
                refused("[1, 2]"));
        assertEquals(
                "cfg: do_resize is true but size is missing",
                refused("{\"image_processor_type\": \"ViTImageProcessor\", \"size\": null}"));
        assertEquals(
                "cfg: image_mean must be a number or 3 numbers, got [0.5,0.5]",
                refused("{\"image_processor_type\": \"ViTImageProcessor\", \"image_mean\": [0.5, 0.5]}"));
        assertEquals(
                "cfg: image_std must be a number or 3 numbers, got \"wide\"",
                refused("{\"image_processor_type\": \"ViTImageProcessor\", \"image_std\": \"wide\"}"));
        for (String size : new String[] {
            "{\"height\": 0, \"width\": 5}",
            "{\"height\": 5, \"width\": -1}",
            "{\"shortest_edge\": 0}",
            "{\"shortest_edge\": 5, \"longest_edge\": 0}",
            "{\"height\": \"tall\", \"width\": 5}"
        }) {
            assertEquals(
                    "cfg: size has a non-positive or non-integer value: ",
                    refused("{\"image_processor_type\": \"ViTImageProcessor\", \"size\": " + size + "}")
                            .replaceAll("value: .*", "value: "),
                    size);
        }
        assertEquals(
                "cfg: size must be {height, width} or {shortest_edge}, got {\"width\":5}",
                refused("{\"image_processor_type\": \"ViTImageProcessor\", \"size\": {\"width\": 5}}"));
        assertEquals(
                "cfg: image_processor_type 'YolosImageProcessor' is not supported; known: " + ImageProcessor.KNOWN,
                refused("{\"image_processor_type\": \"YolosImageProcessor\"}"));
    }

    @Test
    void aNullMeanOrStdIsTheClassDefault() throws Exception {
        // transformers: image_mean=None in the config falls back to the class's (ViT: 0.5, 0.5, 0.5).
        ImageProcessor p = ImageProcessor.fromConfig(
                json("{\"image_processor_type\": \"ViTImageProcessor\", \"size\": 1,"
                        + " \"image_mean\": null, \"image_std\": null}"),
                "cfg");
        FloatBuffer fb = FloatBuffer.allocate(3);
        p.writeChw(new RgbImage(1, 1, new byte[] {0, (byte) 255, 51}), fb, 0);
        assertEquals(-1f, fb.get(0));
        assertEquals(1f, fb.get(1));
        assertEquals((float) ((float) (51 / 255.0) - 0.5f) / 0.5f, fb.get(2));
    }

    @Test
    void olderSpellings() throws Exception {
        ImageProcessor legacy = ImageProcessor.fromConfig(
                json("{\"feature_extractor_type\": \"ViTFeatureExtractor\", \"size\": 30}"), "cfg");
        assertEquals("ViTImageProcessor", legacy.type());
        assertEquals(30, legacy.fixedOutputSize()[0], "a number is a square for ViT");
        assertEquals(30, legacy.fixedOutputSize()[1]);
        ImageProcessor clip = ImageProcessor.fromConfig(
                json("{\"image_processor_type\": \"CLIPImageProcessor\", \"size\": 30,"
                        + " \"do_center_crop\": false}"),
                "cfg");
        assertEquals(null, clip.fixedOutputSize(), "a number is the shortest edge for CLIP: sizes follow the input");
    }

    @Test
    void typesResolvedAsAutoImageProcessorResolvesThem() throws Exception {
        // A newer release's fast processor runs as its slow class; both keys take the deprecated alias.
        assertEquals(
                "ViTImageProcessor",
                ProcessorTypes.imageProcessor(json("{\"image_processor_type\": \"ViTImageProcessorFast\"}"), null));
        assertEquals(
                "ConvNextImageProcessor",
                ProcessorTypes.imageProcessor(json("{\"image_processor_type\": \"ConvNextFeatureExtractor\"}"), null));
        // The preprocessor config's own type wins over config.json's; config.json's over its model_type.
        assertEquals(
                "DeiTImageProcessor",
                ProcessorTypes.imageProcessor(
                        json("{\"feature_extractor_type\": \"DeiTFeatureExtractor\"}"),
                        json("{\"model_type\": \"vit\"}")));
        assertEquals(
                "BitImageProcessor",
                ProcessorTypes.imageProcessor(
                        json("{}"),
                        json("{\"model_type\": \"vit\", \"image_processor_type\": \"BitImageProcessor\"}")));
        assertEquals("", ProcessorTypes.imageProcessor(json("{}"), json("{\"model_type\": \"not-a-model\"}")));
        assertEquals("", ProcessorTypes.imageProcessor(json("{}"), null), "no type, no config.json");
        assertEquals(
                "WhisperFeatureExtractor",
                ProcessorTypes.featureExtractor(
                        json("{\"feature_extractor_type\": \"WhisperFeatureExtractor\"}"),
                        json("{\"model_type\": \"wavlm\"}")),
                "the extractor's own type wins over its model_type");
        assertEquals(
                "Wav2Vec2FeatureExtractor",
                ProcessorTypes.featureExtractor(
                        json("{\"sampling_rate\": 16000}"), json("{\"model_type\": \"wavlm\"}")));
        assertEquals(
                "cfg: image_processor_type '(none, and config.json's model_type maps to none)' is not supported;"
                        + " known: " + ImageProcessor.KNOWN,
                assertThrows(
                                ModelException.class,
                                () -> ImageProcessor.fromConfig(
                                        json("{\"size\": 30}"), json("{\"model_type\": \"not-a-model\"}"), "cfg"))
                        .getMessage());
    }

    @Test
    void optionsTransformersRefusesAreRefused() throws Exception {
        assertEquals(
                "cfg: DPTImageProcessor with do_pad=true (zero padding after normalisation to a multiple of"
                        + " size_divisor) is not supported; export with do_pad=false",
                refused("{\"image_processor_type\": \"DPTImageProcessor\", \"do_pad\": true, \"size_divisor\": 32}"));
        assertEquals(
                "cfg: PoolFormerImageProcessor needs crop_pct when do_center_crop is true (transformers refuses it"
                        + " too), got null",
                refused("{\"image_processor_type\": \"PoolFormerImageProcessor\", \"crop_pct\": null}"));
    }
}

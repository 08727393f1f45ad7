package io.sparkformers.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Which processor class transformers 4.37 builds for an export, resolved as {@code AutoImageProcessor} /
 * {@code AutoFeatureExtractor} resolve it: the type {@code preprocessor_config.json} names, else the one
 * {@code config.json} names, else the class its {@code model_type} maps to (the tables of
 * {@code transformers.models.auto}, written by {@code src/test/python/auto_processors.py} into
 * {@code auto-processors.json}). A deprecated {@code XFeatureExtractor} alias of an image processor is that processor
 * (a subclass without behaviour of its own), under either key; a newer release's {@code XImageProcessorFast} is read
 * as {@code XImageProcessor} (see {@link ImageProcessor} for where the two differ).
 */
public final class ProcessorTypes {
    private ProcessorTypes() {}

    private static final JsonNode AUTO = load();

    private static JsonNode load() {
        try (InputStream in = ProcessorTypes.class.getResourceAsStream("auto-processors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("auto-processors.json is missing from the library jar", e);
        }
    }

    /**
     * The image processor class for an export: {@code image_processor_type}, else {@code feature_extractor_type} as
     * its image processor, else {@code config.json → image_processor_type}, else by {@code model_type}; "" when none
     * of them says.
     */
    public static String imageProcessor(JsonNode preprocessorConfig, JsonNode modelConfig) {
        String t = text(preprocessorConfig, "image_processor_type");
        if (t.isEmpty()) {
            t = text(preprocessorConfig, "feature_extractor_type");
        }
        if (t.isEmpty()) {
            t = text(modelConfig, "image_processor_type");
        }
        if (t.isEmpty()) {
            t = AUTO.path("image_processor")
                    .path(text(modelConfig, "model_type"))
                    .asText("");
        }
        if (t.endsWith("ImageProcessorFast")) {
            t = t.substring(0, t.length() - "Fast".length());
        }
        return t.endsWith("FeatureExtractor") ? t.replace("FeatureExtractor", "ImageProcessor") : t;
    }

    /**
     * The audio feature extractor class for an export: {@code feature_extractor_type}, else {@code config.json →
     * feature_extractor_type}, else by {@code model_type}; "" when none of them says.
     */
    public static String featureExtractor(JsonNode preprocessorConfig, JsonNode modelConfig) {
        String t = text(preprocessorConfig, "feature_extractor_type");
        if (t.isEmpty()) {
            t = text(modelConfig, "feature_extractor_type");
        }
        if (t.isEmpty()) {
            t = AUTO.path("feature_extractor")
                    .path(text(modelConfig, "model_type"))
                    .asText("");
        }
        return t;
    }

    private static String text(JsonNode n, String key) {
        return n == null ? "" : n.path(key).asText("");
    }
}

package io.sparkformers.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

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
        String t = declared(
                preprocessorConfig,
                List.of("image_processor_type", "feature_extractor_type"),
                modelConfig,
                "image_processor_type",
                "image_processor");
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
        return declared(
                preprocessorConfig,
                List.of("feature_extractor_type"),
                modelConfig,
                "feature_extractor_type",
                "feature_extractor");
    }

    /**
     * The first class named by {@code keys} of the preprocessor config, else by {@code modelKey} of config.json, else
     * transformers' {@code table} entry for config.json's {@code model_type}; "" when none says.
     */
    private static String declared(
            JsonNode preprocessorConfig, List<String> keys, JsonNode modelConfig, String modelKey, String table) {
        for (String key : keys) {
            String t = text(preprocessorConfig, key);
            if (!t.isEmpty()) {
                return t;
            }
        }
        String t = text(modelConfig, modelKey);
        return t.isEmpty()
                ? AUTO.path(table).path(text(modelConfig, "model_type")).asText("")
                : t;
    }

    private static String text(JsonNode n, String key) {
        return n == null ? "" : n.path(key).asText("");
    }
}

package io.sparkformers.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a sentence-transformers folder says about how its model embeds a text, read as sentence-transformers 2.5 reads
 * it: {@code modules.json} lists the modules in order (a {@code Transformer}, a {@code Pooling}, optionally {@code
 * Dense} and {@code Normalize}); the Pooling module's {@code config.json} sets its mode; {@code
 * sentence_bert_config.json} the token limit.
 *
 * @param pooling the Pooling module's mode as the library names it ({@code mean}, {@code cls}, {@code max}, {@code
 *     mean_sqrt_len}, {@code weightedmean}, {@code lasttoken}), or null when the folder has no Pooling module
 * @param normalize whether a {@code Normalize} module follows
 * @param dense the paths of {@code Dense} modules (projections a plain transformers graph does not compute)
 * @param maxSeqLength {@code max_seq_length}; 0 or less when the folder does not set one
 * @param lowerCase {@code do_lower_case}: texts are lower-cased before tokenizing
 */
public record SentenceTransformers(
        String pooling, boolean normalize, List<String> dense, int maxSeqLength, boolean lowerCase) {
    public static final String MODULES = "modules.json";
    public static final String CONFIG = "sentence_bert_config.json";

    private static final String TYPES = "sentence_transformers.models.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Pooling config's flags and the names the library gives their modes, in sentence-transformers' order. */
    private static final Map<String, String> MODES = new java.util.LinkedHashMap<>();

    static {
        MODES.put("pooling_mode_cls_token", "cls");
        MODES.put("pooling_mode_max_tokens", "max");
        MODES.put("pooling_mode_mean_tokens", "mean");
        MODES.put("pooling_mode_mean_sqrt_len_tokens", "mean_sqrt_len");
        MODES.put("pooling_mode_weightedmean_tokens", "weightedmean");
        MODES.put("pooling_mode_lasttoken", "lasttoken");
    }

    public SentenceTransformers {
        dense = List.copyOf(dense);
    }

    /** The folder's reading, or null when the directory is not a sentence-transformers folder (no modules.json). */
    public static SentenceTransformers of(ModelDirectory model) {
        JsonNode modules = model.json(MODULES);
        if (modules.isMissingNode()) {
            return null;
        }
        String pooling = null;
        boolean normalize = false;
        List<String> dense = new ArrayList<>();
        for (JsonNode m : modules) {
            String type = m.path("type").asText();
            String path = m.path("path").asText();
            if (type.equals(TYPES + "Pooling")) {
                pooling = mode(model.json(configOf(path)), model.uri() + "/" + configOf(path));
            } else if (type.equals(TYPES + "Normalize")) {
                normalize = true;
            } else if (type.equals(TYPES + "Dense")) {
                dense.add(path);
            }
        }
        JsonNode config = model.json(CONFIG);
        JsonNode max = config.path("max_seq_length");
        return new SentenceTransformers(
                pooling,
                normalize,
                dense,
                max.asInt(0),
                config.path("do_lower_case").asBoolean(false));
    }

    /**
     * A text as sentence-transformers' Transformer module hands it to the tokenizer: stripped of leading and trailing
     * whitespace as Python's {@code str.strip()} strips it (Unicode spaces, no-break ones included), then lower-cased
     * when the folder says {@code do_lower_case}.
     */
    public String prepare(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && pythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && pythonSpace(text.charAt(end - 1))) {
            end--;
        }
        String stripped = text.substring(start, end);
        return lowerCase ? stripped.toLowerCase(java.util.Locale.ROOT) : stripped;
    }

    /** Python's {@code str.isspace}: category Zs, or bidirectional class WS, B or S. */
    static boolean pythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** The files of {@code modules.json}'s modules that hold settings the library reads: the Pooling module's config. */
    static List<String> moduleConfigs(String modulesJson, String uri) {
        List<String> out = new ArrayList<>();
        try {
            JsonNode modules = JSON.readTree(modulesJson);
            if (!modules.isArray()) {
                throw new ModelException(uri + "/" + MODULES + " is not a list of modules");
            }
            for (JsonNode m : modules) {
                if (m.path("type").asText().equals(TYPES + "Pooling")) {
                    out.add(configOf(m.path("path").asText()));
                }
            }
        } catch (IOException e) {
            throw new ModelException("cannot parse " + uri + "/" + MODULES + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String configOf(String modulePath) {
        return modulePath.isEmpty() ? "config.json" : modulePath + "/config.json";
    }

    /** The one mode a Pooling config turns on; several (concatenated vectors) or none are refused by name. */
    static String mode(JsonNode config, String where) {
        List<String> on = new ArrayList<>();
        MODES.forEach((flag, name) -> {
            if (config.path(flag).asBoolean(false)) {
                on.add(name);
            }
        });
        if (on.size() != 1) {
            throw new ModelException(
                    where + " turns on " + (on.isEmpty() ? "no pooling mode" : "the pooling modes " + on)
                            + "; the library pools with exactly one of " + MODES.values());
        }
        return on.get(0);
    }
}

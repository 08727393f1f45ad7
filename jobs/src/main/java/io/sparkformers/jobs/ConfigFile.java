package io.sparkformers.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A job configuration file: a YAML ({@code .yaml}/{@code .yml}) or JSON object whose keys are the command's long
 * option names without {@code --} ({@code model}, {@code input}, {@code top-k}, ...) plus {@code task}; booleans
 * for flags such as {@code normalize}. {@code ${home}} in a value stands for the installation directory.
 */
final class ConfigFile {
    private ConfigFile() {}

    static Map<String, String> read(String file) {
        Path p = Path.of(file);
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml")
                ? new ObjectMapper(new YAMLFactory())
                : new ObjectMapper();
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(p));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config " + file + " must be a mapping of option names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        String home = Main.home().toAbsolutePath().normalize().toString();
        root.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new IllegalArgumentException(
                        "config " + file + ": option '" + e.getKey() + "' must be a single value");
            }
            out.put(e.getKey(), v.asText().replace("${home}", home));
        });
        return out;
    }
}

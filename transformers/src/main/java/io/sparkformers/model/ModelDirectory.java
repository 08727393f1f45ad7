package io.sparkformers.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * An optimum-style export directory: {@code model.onnx} (+ {@code model.onnx_data}), {@code config.json},
 * {@code preprocessor_config.json} and tokenizer files. Opened on the driver (listing, fingerprint, the small JSON
 * files) and shipped to executors, which {@link #localDir localize} it before loading the graph.
 */
public final class ModelDirectory implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_JSON_BYTES = 64L << 20;

    public static final String CONFIG = "config.json";
    public static final String PREPROCESSOR_CONFIG = "preprocessor_config.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    public static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";

    private final String uri;
    private final String fingerprint;
    private final Map<String, Long> files;
    private final String onnxFile;
    private final String tokenizerFile;
    private final Map<String, String> jsonTexts;
    private final String localPath;
    private final boolean dynamicQuantization;
    private transient Map<String, JsonNode> parsed;

    private ModelDirectory(
            String uri,
            String fingerprint,
            Map<String, Long> files,
            String onnxFile,
            String tokenizerFile,
            Map<String, String> jsonTexts,
            String localPath,
            boolean dynamicQuantization) {
        this.uri = uri;
        this.fingerprint = fingerprint;
        this.files = files;
        this.onnxFile = onnxFile;
        this.tokenizerFile = tokenizerFile;
        this.jsonTexts = jsonTexts;
        this.localPath = localPath;
        this.dynamicQuantization = dynamicQuantization;
    }

    /** Opens and checks the directory: it exists, holds exactly one usable ONNX graph and a readable config.json. */
    public static ModelDirectory open(String uri, Configuration conf) {
        return open(uri, conf, true);
    }

    /**
     * {@code requireConfig} false accepts a directory without {@code config.json} (a graph that did not come from
     * transformers, run by the generic stage).
     */
    public static ModelDirectory open(String uri, Configuration conf, boolean requireConfig) {
        ModelLocation location = ModelLocation.of(uri, conf);
        Map<String, Long> files = Collections.unmodifiableMap(new LinkedHashMap<>(location.files()));
        String onnx = pick(files, "model.onnx", ".onnx", "ONNX graph (model.onnx)", uri, true);
        if (files.get(onnx) == 0L) {
            throw new ModelException("model " + uri + "/" + onnx + " is empty (0 bytes)");
        }
        String tokenizer = pick(files, TOKENIZER, "tokenizer.json", "tokenizer", uri, false);
        if (requireConfig && !files.containsKey(CONFIG)) {
            throw new ModelException("model directory " + uri + " has no " + CONFIG + " (files: " + files.keySet()
                    + "); export it with optimum or save_pretrained() next to the ONNX graph");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String name : List.of(
                CONFIG,
                PREPROCESSOR_CONFIG,
                TOKENIZER_CONFIG,
                SPECIAL_TOKENS_MAP,
                SentenceTransformers.MODULES,
                SentenceTransformers.CONFIG)) {
            if (files.containsKey(name)) {
                texts.put(name, readJson(location, uri, name));
            }
        }
        // A sentence-transformers folder keeps its modules' settings in subdirectories (1_Pooling/config.json).
        if (texts.containsKey(SentenceTransformers.MODULES)) {
            for (String name : SentenceTransformers.moduleConfigs(texts.get(SentenceTransformers.MODULES), uri)) {
                texts.put(name, readJson(location, uri, name));
            }
        }
        String local = null;
        if (location instanceof ModelLocation.HadoopLocation) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
            String scheme = p.toUri().getScheme();
            if (scheme == null || "file".equals(scheme)) {
                local = Path.of(p.toUri().getPath()).toAbsolutePath().toString();
            }
        }
        String fingerprint = location.fingerprint();
        // The scan reads the whole graph: once per content, not on every open (each SQL query opens its models).
        boolean dynamic = DYNAMIC_QUANTIZATION.computeIfAbsent(
                fingerprint, f -> usesDynamicQuantization(location, onnx, files.get(onnx)));
        return new ModelDirectory(uri, fingerprint, files, onnx, tokenizer, texts, local, dynamic);
    }

    /** A JSON file of the directory as text, refused when over {@link #MAX_JSON_BYTES} (reading stops there). */
    private static String readJson(ModelLocation location, String uri, String name) {
        try (InputStream in = location.open(name)) {
            byte[] bytes = in.readNBytes((int) MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new ModelException(
                        uri + "/" + name + " is over " + MAX_JSON_BYTES + " bytes; not a configuration file");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            JSON.readTree(text);
            return text;
        } catch (java.io.FileNotFoundException e) {
            throw new ModelException("model directory " + uri + " has no " + name + " (its modules.json names it)", e);
        } catch (IOException e) {
            throw new ModelException("cannot parse " + uri + "/" + name + ": " + e.getMessage(), e);
        }
    }

    private static final ConcurrentHashMap<String, Boolean> DYNAMIC_QUANTIZATION = new ConcurrentHashMap<>();

    private static final byte[] DYNAMIC_QUANTIZE = "DynamicQuantizeLinear".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether the graph quantizes activations dynamically (optimum's int8 "dynamic" exports): ORT then computes one
     * scale per input tensor, i.e. per batch, so a row's result depends on its batch mates. Operator names are
     * plain strings in the protobuf; graphs over 1 GiB (never such exports) are not scanned.
     */
    private static boolean usesDynamicQuantization(ModelLocation location, String onnx, long size) {
        if (size > (1L << 30)) {
            return false;
        }
        try (InputStream in = location.open(onnx)) {
            byte[] buf = new byte[1 << 16];
            int keep = DYNAMIC_QUANTIZE.length - 1;
            int filled = 0;
            for (int r; (r = in.read(buf, filled, buf.length - filled)) > 0; ) {
                int end = filled + r;
                outer:
                for (int i = 0; i + DYNAMIC_QUANTIZE.length <= end; i++) {
                    for (int k = 0; k < DYNAMIC_QUANTIZE.length; k++) {
                        if (buf[i + k] != DYNAMIC_QUANTIZE[k]) {
                            continue outer;
                        }
                    }
                    return true;
                }
                int tail = Math.min(keep, end);
                System.arraycopy(buf, end - tail, buf, 0, tail);
                filled = tail;
            }
            return false;
        } catch (IOException e) {
            throw new ModelException("cannot read " + location.uri() + "/" + onnx + ": " + e.getMessage(), e);
        }
    }

    /** True when the graph quantizes activations per batch (see {@link #usesDynamicQuantization}). */
    public boolean dynamicQuantization() {
        return dynamicQuantization;
    }

    private static String pick(
            Map<String, Long> files, String preferred, String suffix, String what, String uri, boolean required) {
        if (files.containsKey(preferred)) {
            return preferred;
        }
        List<String> candidates = new ArrayList<>();
        for (String f : files.keySet()) {
            if (f.endsWith(suffix)) {
                candidates.add(f);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            if (required) {
                throw new ModelException(
                        "model directory " + uri + " has no " + what + " (files: " + files.keySet() + ")");
            }
            return null;
        }
        throw new ModelException("model directory " + uri + " has several " + what + " candidates " + candidates
                + " and no " + preferred + "; keep one per directory");
    }

    public String uri() {
        return uri;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public Map<String, Long> files() {
        return files;
    }

    public String onnxFileName() {
        return onnxFile;
    }

    /** The tokenizer file name ({@code tokenizer.json} or a single {@code *tokenizer.json}), or null. */
    public String tokenizerFileName() {
        return tokenizerFile;
    }

    public boolean has(String name) {
        return files.containsKey(name);
    }

    /** The local directory when the model already is on the local file system, else null. */
    Path localPathIfAny() {
        return localPath == null ? null : Path.of(localPath);
    }

    /** A local directory with every file of the export (copied once per host when remote). */
    public Path localDir(Configuration conf) {
        Path dir = LocalModelCache.localize(this, conf);
        if (!Files.isRegularFile(dir.resolve(onnxFile))) {
            throw new ModelException("model " + uri + ": " + dir.resolve(onnxFile) + " is missing from the local copy");
        }
        return dir;
    }

    public JsonNode config() {
        return json(CONFIG);
    }

    /** {@code preprocessor_config.json}, or a missing node. */
    public JsonNode preprocessorConfig() {
        return json(PREPROCESSOR_CONFIG);
    }

    public JsonNode tokenizerConfig() {
        return json(TOKENIZER_CONFIG);
    }

    public synchronized JsonNode json(String name) {
        if (parsed == null) {
            parsed = new LinkedHashMap<>();
        }
        return parsed.computeIfAbsent(name, n -> {
            String text = jsonTexts.get(n);
            if (text == null) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new ModelException("cannot parse " + uri + "/" + n + ": " + e.getMessage(), e);
            }
        });
    }

    /** Class names by index from {@code config.json → id2label}; "LABEL_i" where the export has none. */
    public String[] labels(int numClasses) {
        JsonNode id2label = config().path("id2label");
        String[] out = new String[numClasses];
        for (int i = 0; i < numClasses; i++) {
            JsonNode n = id2label.get(Integer.toString(i));
            out[i] = n != null && n.isTextual() ? n.asText() : "LABEL_" + i;
        }
        return out;
    }

    @Override
    public String toString() {
        return uri;
    }
}

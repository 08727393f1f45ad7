package io.sparkformers.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The Hugging Face reference fixtures: {@code -Dsparkformers.fixtures} (default {@code ../shared/fixtures/hf-tiny}).
 * Missing fixtures skip a test on a user's machine and fail it under {@code CI=true}.
 */
public final class Fixtures {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static Path root() {
        String p = System.getProperty("sparkformers.fixtures");
        Path root = p != null && !p.isBlank() ? Path.of(p) : Path.of("../shared/fixtures/hf-tiny");
        if (!Files.isDirectory(root) && Files.isDirectory(Path.of("../../shared/fixtures/hf-tiny"))) {
            root = Path.of("../../shared/fixtures/hf-tiny");
        }
        root = root.toAbsolutePath().normalize();
        boolean present = Files.isRegularFile(root.resolve("manifest.json"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(
                    "CI=true but the reference fixtures are missing at " + root + " (set -Dsparkformers.fixtures=DIR)");
        }
        assumeTrue(
                present,
                "reference fixtures not found at " + root + "; set -Dsparkformers.fixtures=DIR to run parity tests");
        return root;
    }

    public static JsonNode json(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Model directories of one manifest {@code kind} (image-classification, text-features, ...); never empty — a kind
     * the manifest does not have (renamed, or a typo) fails the test instead of making a test factory yield nothing.
     */
    public static List<Path> models(String kind) {
        Path root = root();
        List<Path> out = new ArrayList<>();
        for (JsonNode m : json(root.resolve("manifest.json")).path("models")) {
            if (kind.equals(m.path("kind").asText())) {
                out.add(root.resolve(m.path("dir").asText()));
            }
        }
        return nonEmpty(out, "no model of kind '" + kind + "' in " + root.resolve("manifest.json"));
    }

    private static <T> List<T> nonEmpty(List<T> list, String why) {
        if (list.isEmpty()) {
            throw new IllegalStateException(why);
        }
        return list;
    }

    /** Every model directory that has a preprocessor with an image processor type. */
    public static List<Path> imageModels() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root())) {
            s.filter(d -> Files.isRegularFile(d.resolve("preprocessor_config.json")))
                    .sorted()
                    .forEach(d -> {
                        JsonNode pc = json(d.resolve("preprocessor_config.json"));
                        if (pc.path("image_processor_type").asText("").endsWith("ImageProcessor")) {
                            out.add(d);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nonEmpty(out, "no model with an image processor in " + root());
    }

    /** The manifest's input media of one kind ({@code images}, {@code audio}): each entry, with its file resolved. */
    public static List<Input> inputs(String kind) {
        Path root = root();
        List<Input> out = new ArrayList<>();
        for (JsonNode m : json(root.resolve("manifest.json")).path("inputs").path(kind)) {
            out.add(new Input(m.path("id").asText(), root.resolve(m.path("file").asText()), m));
        }
        if (out.isEmpty()) {
            missing("no " + kind + " inputs in the manifest");
        }
        return out;
    }

    /** The first input of {@code kind} that {@code test} accepts; skips (fails under CI=true) when there is none. */
    public static Input input(String kind, Predicate<JsonNode> test, String what) {
        for (Input in : inputs(kind)) {
            if (test.test(in.meta())) {
                return in;
            }
        }
        missing("no " + what + " among the fixture's " + kind);
        return null;
    }

    /** The first image input stored as {@code format} (JPEG, PNG) in Pillow mode {@code mode} (RGB, RGBA, L, P). */
    public static Input image(String format, String mode) {
        return input(
                "images",
                m -> m.path("format").asText().equals(format)
                        && m.path("stored_mode").asText().equals(mode),
                mode + " " + format + " image");
    }

    /** Every input image's file. */
    public static List<Path> imageFiles() {
        return inputs("images").stream().map(Input::file).toList();
    }

    /** Every input clip's file. */
    public static List<Path> audioFiles() {
        return inputs("audio").stream().map(Input::file).toList();
    }

    /** A manifest input: its id, its file and its manifest entry (sizes, modes, rates, texts). */
    public record Input(String id, Path file, JsonNode meta) {
        public String fileName() {
            return file.getFileName().toString();
        }
    }

    /**
     * A fixture set that lacks what a test needs: the test is skipped with {@code why}; under CI=true it fails when the
     * set is the default one ({@code shared/fixtures/hf-tiny}), which has everything.
     */
    public static void missing(String why) {
        boolean defaultSet = root().endsWith(Path.of("shared", "fixtures", "hf-tiny"));
        if ("true".equalsIgnoreCase(System.getenv("CI")) && defaultSet) {
            throw new IllegalStateException("CI=true but the fixtures lack it: " + why);
        }
        assumeTrue(false, why);
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A reference checked in with the repository was made from {@code file} with this {@code sha256}: absent, the
     * fixtures are {@link #missing}; present with other content, the set is another one, and the test is skipped —
     * even under CI, since nothing is missing — with how to remake the reference ({@code remake}).
     */
    public static void madeFrom(Path file, String sha256, String remake) {
        if (!Files.isRegularFile(file)) {
            missing("the fixture set has no " + file + ", which a reference was made from");
        }
        assumeTrue(
                sha256(file).equals(sha256),
                file + " differs from the file the reference was made from: another fixture set (" + remake + ")");
    }

    /** The reference cases of a model; never empty. */
    public static List<Path> cases(Path model) {
        try (Stream<Path> s = Files.list(model.resolve("cases"))) {
            return nonEmpty(
                    s.filter(Files::isDirectory).sorted().toList(), "no reference cases in " + model.resolve("cases"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code atol = max(1e-4, 4 × max |ORT − PT|)} for one output, from expected.json. */
    public static double outputTolerance(JsonNode expected, String output) {
        double d = expected.path("onnxruntime_check")
                .path("max_abs_diff")
                .path(output)
                .asDouble(0);
        return Math.max(1e-4, 4 * d);
    }

    /** A private copy, so its fingerprint is new to this JVM whatever ran before. */
    public static Path freshCopy(Path model, Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model-" + System.nanoTime()));
        try (var s = Files.list(model)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }
}

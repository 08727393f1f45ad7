package io.sparkformers.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * The executor-local copy of a model directory, so that ONNX Runtime loads it by path (external weights and models
 * over 2 GB work, nothing is broadcast). One directory per fingerprint; concurrent tasks in one JVM wait for a single
 * copy, and concurrent JVMs on one host race through an atomic rename of a private temporary directory.
 */
public final class LocalModelCache {
    private static final String COMPLETE = ".sparkformers-complete";
    private static final ConcurrentHashMap<String, Path> LOCAL = new ConcurrentHashMap<>();

    private LocalModelCache() {}

    /** {@code sparkformers.cache.dir}, {@code SPARKFORMERS_CACHE_DIR}, else {@code java.io.tmpdir/sparkformers-models}. */
    public static Path root() {
        String dir = System.getProperty("sparkformers.cache.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("SPARKFORMERS_CACHE_DIR");
        }
        if (dir == null || dir.isBlank()) {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "sparkformers-models")
                    .toString();
        }
        return Path.of(dir);
    }

    /** A local directory holding the model's files; copies them at most once per JVM and host. */
    public static Path localize(ModelDirectory model, Configuration conf) {
        Path direct = model.localPathIfAny();
        if (direct != null) {
            return direct;
        }
        Path target = root().resolve(model.fingerprint());
        Path dir = LOCAL.computeIfAbsent(target.toString(), t -> copy(model, conf, target));
        if (!Files.exists(dir.resolve(COMPLETE))) {
            // Someone cleaned the cache directory under a running JVM: copy again.
            LOCAL.remove(target.toString(), dir);
            return LOCAL.computeIfAbsent(target.toString(), t -> copy(model, conf, target));
        }
        return dir;
    }

    private static Path copy(ModelDirectory model, Configuration conf, Path target) {
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            ModelLocation location = ModelLocation.of(model.uri(), conf);
            for (String name : model.files().keySet()) {
                try (InputStream in = location.open(name)) {
                    Files.copy(in, tmp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.createFile(tmp.resolve(COMPLETE));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // Another JVM on this host finished first; its copy has the same content.
                deleteTree(tmp);
            }
            if (!Files.exists(target.resolve(COMPLETE))) {
                throw new IOException("local copy " + target + " is incomplete");
            }
            return target;
        } catch (IOException e) {
            deleteTree(tmp);
            throw new ModelException(
                    "cannot copy model " + model.uri() + " to local cache " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a stale temp directory is harmless
        }
    }
}

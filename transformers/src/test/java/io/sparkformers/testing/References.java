package io.sparkformers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * External references (Pillow's decodes and resizes, the reference FLAC encoder's files) made once per content and
 * kept under {@code target/reference-cache} ({@code -Dsparkformers.referenceCache} moves it): the key is every byte
 * the reference depends on — the script, the arguments, the input files' contents — so a changed input makes a new
 * reference, never a stale one. Mutation testing re-runs these tests for every mutant in fresh JVMs; without the cache
 * each run would start Python and the encoders again.
 */
public final class References {
    private References() {}

    /** Writes a reference into {@code out}, an empty directory. */
    @FunctionalInterface
    public interface Maker {
        void make(Path out) throws Exception;
    }

    /**
     * The directory {@code make} filled for this {@code key} (strings, byte arrays, files — a file counts by its
     * contents), made now if no earlier run did. Concurrent runs may both make it; the first to finish is kept.
     */
    public static Path once(String name, List<?> key, Maker make) throws Exception {
        Path root = Path.of(System.getProperty("sparkformers.referenceCache", "target/reference-cache"))
                .toAbsolutePath();
        Path dir = root.resolve(name + "-" + digest(key));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(root);
        Path partial = Files.createTempDirectory(root, name + "-partial-");
        try {
            make.make(partial);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            // Another JVM made the same reference meanwhile: its copy is as good as ours.
        } finally {
            delete(partial);
        }
        return dir;
    }

    private static String digest(List<?> key) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Object part : key) {
            byte[] bytes = part instanceof Path file
                    ? Files.readAllBytes(file)
                    : part instanceof byte[] b ? b : String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            sha.update(String.valueOf(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 12);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

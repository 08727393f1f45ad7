package io.sparkformers.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelCacheTest {
    @Test
    void remoteModelIsCopiedOnceUnderItsFingerprint(@TempDir Path cache) throws Exception {
        String previous = System.getProperty("sparkformers.cache.dir");
        System.setProperty("sparkformers.cache.dir", cache.toString());
        try {
            ModelDirectory md = ModelDirectory.open("classpath:models/all-MiniLM-L6-v2", new Configuration());
            assertTrue(
                    md.files().keySet().containsAll(List.of("config.json", "all-minilm-l6-v2-q.onnx")),
                    md.files().toString());
            assertEquals("all-minilm-l6-v2-q.onnx", md.onnxFileName());
            assertEquals("all-minilm-l6-v2-q-tokenizer.json", md.tokenizerFileName());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            Set<Path> dirs = new HashSet<>();
            List<Future<Path>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> md.localDir(new Configuration())));
            }
            for (Future<Path> f : futures) {
                dirs.add(f.get());
            }
            pool.shutdown();
            assertEquals(1, dirs.size());
            Path dir = dirs.iterator().next();
            assertEquals(cache.resolve(md.fingerprint()), dir);
            try (Stream<Path> s = Files.list(cache)) {
                assertEquals(1, s.count(), "no leftover temporary copies");
            }
            assertEquals(md.files().get("all-minilm-l6-v2-q.onnx"), Files.size(dir.resolve("all-minilm-l6-v2-q.onnx")));
        } finally {
            if (previous == null) {
                System.clearProperty("sparkformers.cache.dir");
            } else {
                System.setProperty("sparkformers.cache.dir", previous);
            }
        }
    }

    @Test
    void fingerprintFollowsContent(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(dir.resolve("config.json"), "{}");
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        String a = ModelDirectory.open(dir.toString(), new Configuration()).fingerprint();
        assertEquals(a, ModelDirectory.open(dir.toString(), new Configuration()).fingerprint());
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3, 4});
        assertTrue(!a.equals(
                ModelDirectory.open(dir.toString(), new Configuration()).fingerprint()));
    }
}
